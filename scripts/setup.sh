#!/usr/bin/env bash
# Installs what vanban needs on a Debian machine, idempotently:
# Debian packages (only those missing), then a virtual environment in .venv with the project.
# Usage: scripts/setup.sh [run|test]
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

apt_packages=(python3 python3-venv python3-pip tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd
  poppler-utils qpdf fonts-liberation2 fonts-noto-core
  gcc libc6-dev python3-dev)  # setup.py compiles the restorer's hot modules
if [ "$mode" = test ]; then
  apt_packages+=(chromium hunspell-vi postgresql redis-server)  # real servers for the tests
  # other Latin-script OCR models, whose garble the restorer reads too (tests, benchmarks, build)
  apt_packages+=(tesseract-ocr-fra tesseract-ocr-deu tesseract-ocr-por
    tesseract-ocr-spa tesseract-ocr-ita tesseract-ocr-nld tesseract-ocr-pol)
fi

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

extras=""
[ "$mode" = test ] && extras="[test]"
stamp=".venv/.installed${extras:+-test}"
# installed again when the project's requirements or the compiled modules' source change
want="$(cat pyproject.toml setup.py diacritics/*.py | sha256sum | cut -c1-64)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing Python packages into .venv ..." >&2
  .venv/bin/python -m pip install -q --upgrade pip >&2
  .venv/bin/python -m pip install -q -e ".$extras" >&2
  echo "$want" > "$stamp"
fi
