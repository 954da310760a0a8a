#!/usr/bin/env bash
# Vendor Chart.js into the static files (run by `make chartjs`; the result is committed, so a normal install
# never needs it). The desk's charts (summaries/desk/) draw with it. It comes from npm's `chart.js` package
# at a pinned version, checked against a pinned SHA-256 sum of the package; the UMD build, its source map
# and the MIT licence are copied as published. No CDN is ever asked at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.5.1
sum=f540d98468457ac7a0aabb32006dfb066297e096c5ea063a5d80aa973d1c337a
target=summaries/static/summaries/vendor/chartjs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

curl -fsSL -o "$work/chart.js.tgz" "https://registry.npmjs.org/chart.js/-/chart.js-$version.tgz"
echo "$sum  $work/chart.js.tgz" | sha256sum --check --quiet
tar -xzf "$work/chart.js.tgz" -C "$work"
rm -rf "$target"
mkdir -p "$target"
cp "$work/package/dist/chart.umd.min.js" "$work/package/dist/chart.umd.min.js.map" "$target/"
cp "$work/package/LICENSE.md" "$target/LICENSE.md"
echo "$version" > "$target/VERSION"
echo "Chart.js $version in $target:"
ls -1 "$target"
