#!/usr/bin/env bash
# Debian packages the test suite uses: poppler-utils (PDF → PNG/text) and zbar-tools (barcode
# decoding) for the boleto tests, chromium for the console's end-to-end tests. Installed only when missing.
set -euo pipefail
need=()
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v zbarimg >/dev/null || need+=(zbar-tools)
# Chromium drives the console's end-to-end tests (test/e2e, playwright-core).
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
echo "prerequisites ok"
