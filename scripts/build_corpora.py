"""Build the data files in corpora/ (see corpora/build.py); rerunnable and deterministic.

.venv/bin/pip install -e ".[corpora]"      # wordfreq, vietnamadminunits, underthesea
apt-get install hunspell-vi tesseract-ocr fonts-liberation2 fonts-dejavu-core fonts-noto-core
.venv/bin/python scripts/build_corpora.py [--shared ../shared] [--workers 2]
    [--only lm,confusions,slips]  # some steps only (slips: the OCR slips of -l vie alone)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpora.build.main import main  # noqa: E402

if __name__ == "__main__":
    main()
