"""Render the bundled example scan: examples/ke-hoach-xa-an-binh.pdf from its .txt source.

    .venv/bin/python scripts/make_example.py

Deterministic: the same source and seed give the same pages.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

from PIL import Image

from benchmarks.scans import Profile, parse, render

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "examples" / "ke-hoach-xa-an-binh.txt"
TARGET = SOURCE.with_suffix(".pdf")
# an office scan: slightly skewed, light noise, JPEG-compressed, 300 dpi
FIXED_DATE = time.strptime("2024-09-12", "%Y-%m-%d")
PROFILE = Profile("example", dpi=300, max_angle=0.6, noise=5.0, specks=40, jpeg_quality=70)


def main() -> None:
    rendered = render(parse(SOURCE.read_text(encoding="utf-8")), profile=PROFILE, seed=45)
    pages = []
    for page in rendered.pages:
        buf = io.BytesIO()
        page.convert("L").save(buf, format="JPEG", quality=70)
        pages.append(Image.open(io.BytesIO(buf.getvalue())))
    first, *rest = pages
    first.save(
        TARGET,
        format="PDF",
        save_all=True,
        append_images=rest,
        resolution=300,
        creationDate=FIXED_DATE,  # a fixed date keeps the file byte-for-byte reproducible
        modDate=FIXED_DATE,
    )
    size = TARGET.stat().st_size
    print(f"{TARGET.relative_to(ROOT)}: {len(pages)} pages, {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
