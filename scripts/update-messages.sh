#!/usr/bin/env bash
# Extract interface strings into locales/messages.pot and merge them into every catalogue.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
.venv/bin/pybabel extract -F babel.cfg -k _ -k N_ -k gettext -k ngettext:1,2 --no-location --sort-output \
  --project survey --copyright-holder "survey contributors" -o locales/messages.pot .
.venv/bin/pybabel update -i locales/messages.pot -d locales --no-fuzzy-matching --ignore-obsolete
