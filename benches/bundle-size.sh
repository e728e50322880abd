#!/usr/bin/env bash
# Prints what browsers download (raw and gzip -9) for the end-user embed and the admin UI.
# Run after `make ui`. Target: the end-user payload (loader + JS glue + wasm) ≤ 80 KB gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/embed/oem-hub-embed_bg.wasm ] || { echo "no dist/embed: run make ui first" >&2; exit 1; }

size() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }
total_raw=0; total_gz=0
printf '%-40s %10s %10s\n' file bytes gzip
for f in dist/embed/oem-hub.js dist/embed/oem-hub-embed.js dist/embed/oem-hub-embed_bg.wasm; do
  r=$(size "$f"); g=$(gz "$f"); total_raw=$((total_raw + r)); total_gz=$((total_gz + g))
  printf '%-40s %10d %10d\n' "$f" "$r" "$g"
done
printf '%-40s %10d %10d  (%.1f KB gzip; target 80 KB)\n' "end-user payload" "$total_raw" "$total_gz" "$(echo "$total_gz/1024" | bc -l)"
admin_raw=0; admin_gz=0
for f in dist/oem-hub-*.js dist/oem-hub-*_bg.wasm; do
  admin_raw=$((admin_raw + $(size "$f"))); admin_gz=$((admin_gz + $(gz "$f")))
done
printf '%-40s %10d %10d  (admin console and hub pages, not loaded by host pages)\n' "hub UI (dist/oem-hub-*)" "$admin_raw" "$admin_gz"
