#!/usr/bin/env bash
# Vendor the web fonts into the static files (run by `make fonts`; the result is committed, so a normal
# install never needs it). Fonts come from npm's @fontsource packages at pinned versions, checked against
# pinned SHA-256 sums: Noto Naskh Arabic (Arabic text) and Noto Sans (Latin text), both under the SIL Open
# Font License 1.1, whose text is copied next to them. No CDN is ever asked at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
target=summaries/static/summaries/fonts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # package version sha256 files...
  local package=$1 version=$2 sum=$3
  shift 3
  curl -fsSL -o "$work/$package.tgz" "https://registry.npmjs.org/@fontsource/$package/-/$package-$version.tgz"
  echo "$sum  $work/$package.tgz" | sha256sum --check --quiet
  mkdir -p "$work/$package"
  tar -xzf "$work/$package.tgz" -C "$work/$package"
  for file in "$@"; do
    cp "$work/$package/package/files/$file" "$target/"
  done
  cp "$work/$package/package/LICENSE" "$target/LICENSE-$package.txt"
}

mkdir -p "$target"
fetch noto-naskh-arabic 5.3.0 8e4d87d3ae28020665d61054e4262162797feee84f0f145502d15e769a5bbb73 \
  noto-naskh-arabic-arabic-400-normal.woff2 noto-naskh-arabic-arabic-700-normal.woff2
fetch noto-sans 5.3.0 f62f8ed40e378f15134e32bed2fd5718d81e9ec7a5603d1022d7b385e2297abc \
  noto-sans-latin-400-normal.woff2 noto-sans-latin-600-normal.woff2 noto-sans-latin-700-normal.woff2 \
  noto-sans-latin-ext-400-normal.woff2
echo "fonts in $target:"
ls -1 "$target"
