"""Recipients (Nơi nhận): list items without the leading '- ' and the trailing ';' or '.'."""

from __future__ import annotations

import re

from extraction.lines import Line, squash
from extraction.signature import split_signer_text

RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE)


def find_recipients(lines: list[Line]) -> tuple[list[str], int | None]:
    start = next((i for i, ln in enumerate(lines) if RECIPIENTS.match(ln.text)), None)
    if start is None:
        return [], None
    items: list[str] = []
    for line in lines[start + 1 : start + 40]:
        text, _ = split_signer_text(line.text)
        if not text:
            continue
        if not re.match(r"^[-+•·]\s*", text):
            if items:
                break
            continue
        item = re.sub(r"^[-+•·]\s*", "", text).rstrip(" ;,.")
        if item:
            items.append(squash(item))
    return items, lines[start].number
