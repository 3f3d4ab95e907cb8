#!/usr/bin/env bash
# Builds both packages and packs them into DIR (the scratch-project matrices install from these tarballs, as users do
# from the registry): DIR/phoenix-otel-auth.tgz and DIR/phoenix-mock.tgz.   Usage: scripts/pack.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1
npm run build --silent >/dev/null # the tarballs pack dist/: built here, so a stale build is never tested
for pkg in phoenix-otel-auth phoenix-mock; do
  file=$(cd "packages/$pkg" && npm pack --silent --pack-destination "$dir" | tail -1)
  mv "$dir/$file" "$dir/$pkg.tgz"
done
