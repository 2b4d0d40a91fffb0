#!/usr/bin/env bash
# Debian packages the test suite uses to check its output with real tools: poppler-utils (PDF →
# PNG/text, page count) and zbar-tools (barcode decoding) for the boleto tests, chromium for the
# console's end-to-end test (playwright-core), psql for restoring a backup with PostgreSQL's own tool,
# faketime to start worker processes on the suite's clock when it is moved years away. Installed only when missing. Without them `npm test`
# skips those checks; CI runs with COBRE_STRICT_TOOLS=1, where a missing tool fails them instead
# (test/support/tools.ts).
set -euo pipefail
declare -A package=([pdftoppm]=poppler-utils [pdftotext]=poppler-utils [pdfinfo]=poppler-utils [zbarimg]=zbar-tools [chromium]=chromium [psql]=postgresql-client [faketime]=faketime)
need=()
for tool in "${!package[@]}"; do
  command -v "$tool" >/dev/null || need+=("${package[$tool]}")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
fi
for tool in "${!package[@]}"; do
  command -v "$tool" >/dev/null || { echo "prerequisites: $tool still missing after installing ${package[$tool]}" >&2; exit 1; }
done
echo "prerequisites ok"
