"""A recorded engine: replays what a real engine answered, for fast tests without it.

A recording is a JSON Lines file, one line per call: a key (the sha256 of the image's
pixels, the areas and the languages) and the words of each area. ``RecordedEngine`` with
``record=`` wraps a real engine and appends what it answers; without it, it replays and
fails loudly (OcrFailed) on a call it has not seen, so a test can never pass on a guess.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from core.engine import Area, EngineWord, OcrEngine
from core.errors import OcrFailed
from core.options import OcrOptions


@dataclass(frozen=True)
class RecordedEngine:
    path: str  # the recording (JSON Lines)
    language: str = "vie"
    record: OcrEngine | None = None  # a real engine to ask and record, or None to replay
    name: str = "recorded"
    _calls: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def slips(self) -> bool:
        return self.record.slips if self.record else "vie" in self.languages()

    def version(self) -> str:
        return self.record.version() if self.record else self._load().get("version", "recorded")

    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.language.split("+") if lang)

    def recognize(
        self, image: Image.Image, areas: Sequence[Area], options: OcrOptions
    ) -> list[tuple[EngineWord, ...]]:
        key = call_key(image, areas, self.language)
        if self.record is not None:
            found = self.record.recognize(image, areas, options)
            self._append(key, [[asdict(w) for w in words] for words in found])
            return found
        answer = self._load().get(key)
        if answer is None:
            raise OcrFailed(f"The recording {self.path} has no answer for this page ({key[:12]}).")
        return [tuple(_word(w) for w in words) for words in answer]

    def orientation(self, image: Image.Image) -> int:
        return self.record.orientation(image) if self.record else 0

    def _load(self) -> dict[str, Any]:
        if not self._calls and Path(self.path).exists():
            with open(self.path, encoding="utf-8") as lines:
                for line in lines:
                    entry = json.loads(line)
                    self._calls[entry["key"]] = entry["areas"]
        return self._calls

    def _append(self, key: str, areas: list[list[dict[str, Any]]]) -> None:
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"key": key, "areas": areas}, ensure_ascii=False) + "\n")


def call_key(image: Image.Image, areas: Sequence[Area], language: str) -> str:
    """What identifies a call: the pixels, the areas and the languages."""
    digest = hashlib.sha256(image.convert("L").tobytes())
    digest.update(repr((image.size, [(a.box, a.mode) for a in areas], language)).encode())
    return digest.hexdigest()


def _word(data: dict[str, Any]) -> EngineWord:
    return EngineWord(
        data["text"],
        tuple(data["box"]),  # type: ignore[arg-type]
        float(data["confidence"]),
        int(data["block"]),
        int(data["paragraph"]),
        int(data["line"]),
    )
