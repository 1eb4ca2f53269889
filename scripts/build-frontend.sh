#!/usr/bin/env bash
# Rebuild the committed front-end files in static/ from pinned npm packages.
# Only needed when upgrading GOV.UK Frontend, htmx or the fonts: running the app never needs Node.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$here/frontend"
npm install --no-audit --no-fund --silent
npx sass --load-path=node_modules --style=compressed --no-source-map govuk.scss "$root/static/govuk-frontend.min.css"
cp node_modules/htmx.org/dist/htmx.min.js "$root/static/htmx.min.js"
# OpenDyslexic (SIL Open Font License 1.1), Latin subset, for the display options.
mkdir -p "$root/static/fonts"
for weight in 400 700; do
  cp "node_modules/@fontsource/opendyslexic/files/opendyslexic-latin-$weight-normal.woff2" "$root/static/fonts/"
done
cp node_modules/@fontsource/opendyslexic/LICENSE "$root/static/fonts/OpenDyslexic-LICENSE.txt"
# The sign language interpretation access symbol (Font Awesome Free, CC BY 4.0;
# the attribution stays inside the SVG), inlined so it takes the text colour.
sed 's|^<svg xmlns=|<svg class="survey-bsl-icon" aria-hidden="true" focusable="false" width="40" height="32" xmlns=|' \
  node_modules/@fortawesome/fontawesome-free/svgs/solid/hands-asl-interpreting.svg \
  > "$root/src/survey/web/templates/partials/_bsl_icon.svg"
echo "built static/ from govuk-frontend $(node -p 'require("govuk-frontend/package.json").version'), htmx $(node -p 'require("htmx.org/package.json").version') and OpenDyslexic $(node -p 'require("@fontsource/opendyslexic/package.json").version')"
