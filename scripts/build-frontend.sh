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
# Long lists: GOV.UK's accessible-autocomplete (MIT) with our select.js and
# select.css after it, minified: one script and one stylesheet, loaded only on pages
# with a long list. Without the source-map comments: the maps are not shipped.
{ sed '/^\/\/# sourceMappingURL=/d' node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js; npx terser select.js --compress --mangle; } \
  > "$root/static/select.min.js"
{ sed 's|/\*# sourceMappingURL=[^*]*\*/||' node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.css; npx sass --style=compressed --no-source-map select.css; } \
  > "$root/static/select.min.css"
cp node_modules/accessible-autocomplete/LICENSE.txt "$root/static/accessible-autocomplete-LICENSE.txt"
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
# Easy Read pictures: OpenMoji (CC BY-SA 4.0), by the names in pictures.json.
rm -rf "$root/static/pictures" && mkdir -p "$root/static/pictures"
node -e '
  const fs = require("fs");
  const map = require("./pictures.json");
  for (const [name, code] of Object.entries(map)) {
    if (name.startsWith("_")) continue;
    fs.copyFileSync(`node_modules/openmoji/color/svg/${code}.svg`, `${process.argv[1]}/${name}.svg`);
  }' "$root/static/pictures"
cat > "$root/static/pictures/LICENSE.txt" <<'LICENCE'
Pictures in this folder are from OpenMoji, the open-source emoji and icon
project (https://openmoji.org), licensed under the Creative Commons
Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0). They are
copied unchanged; scripts/frontend/pictures.json maps each name to its
OpenMoji code.
LICENCE
echo "built static/ from govuk-frontend $(node -p 'require("govuk-frontend/package.json").version'), accessible-autocomplete $(node -p 'require("accessible-autocomplete/package.json").version'), htmx $(node -p 'require("htmx.org/package.json").version') and OpenDyslexic $(node -p 'require("@fontsource/opendyslexic/package.json").version')"
