#!/usr/bin/env bash
# Rebuild the committed front-end files in static/ from pinned npm packages.
# Only needed when upgrading GOV.UK Frontend or htmx: running the app never needs Node.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$here/frontend"
npm install --no-audit --no-fund --silent
npx sass --load-path=node_modules --style=compressed --no-source-map govuk.scss "$root/static/govuk-frontend.min.css"
cp node_modules/htmx.org/dist/htmx.min.js "$root/static/htmx.min.js"
echo "built static/govuk-frontend.min.css (govuk-frontend $(node -p 'require("govuk-frontend/package.json").version')) and static/htmx.min.js (htmx $(node -p 'require("htmx.org/package.json").version'))"
