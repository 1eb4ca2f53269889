# Shared by scripts/run and scripts/test: find Python 3.11 and make .venv.
# shellcheck shell=bash

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
venv="$root/.venv"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  # One 'apt-get update' per run, then install only what is asked for.
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_pango() {
  # WeasyPrint (letters as tagged PDF) draws text with Debian's Pango.
  if ! compgen -G "/usr/lib/*/libpangoft2-1.0.so.0" >/dev/null && ! compgen -G "/lib/*/libpangoft2-1.0.so.0" >/dev/null; then
    echo "installing Pango for PDF letters"
    apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
  fi
}

find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "Python 3.11 is needed (on Debian: apt-get install python3.11)" >&2
  return 1
}

ensure_venv() {
  local extras="$1"
  local python
  python=$(find_python)
  if [ ! -x "$venv/bin/python" ]; then
    if ! "$python" -m venv "$venv" 2>/dev/null; then
      # Debian splits venv support into its own package.
      rm -rf "$venv"
      apt_install python3-venv
      "$python" -m venv "$venv"
    fi
  fi
  local stamp="$venv/.installed-$extras"
  if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ]; then
    "$venv/bin/python" -m pip install -q --upgrade pip
    "$venv/bin/python" -m pip install -q -e "$root$extras"
    touch "$stamp"
  fi
}
