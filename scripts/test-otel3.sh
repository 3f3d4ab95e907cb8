#!/usr/bin/env bash
# phoenix-otel-auth's test suite on the OpenTelemetry JS 3 line, on Node 24: the repository's tree holds the 2.x line
# (the machines run Node 20), so the 3.x packages our source imports are installed into a cached folder
# (node_modules/.cache/otel3, keyed by the ranges below) and vitest.otel3.config.ts resolves our imports there.
# Usage: scripts/test-otel3.sh [vitest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(@opentelemetry/api@~1.10.0 @opentelemetry/sdk-trace@^3.0.0 @opentelemetry/core@^3.0.0 @opentelemetry/resources@^3.0.0
  @opentelemetry/context-async-hooks@^3.0.0 "@opentelemetry/instrumentation@>=0.300.0 <0.400.0" "@opentelemetry/otlp-exporter-base@>=0.300.0 <0.400.0"
  "@opentelemetry/otlp-transformer@>=0.300.0 <0.400.0" "@opentelemetry/exporter-trace-otlp-proto@>=0.300.0 <0.400.0")
root=$PWD
dir="$root/node_modules/.cache/otel3"
node_bin=$(npx -y node@24 -p process.execPath)
npm_cli="$(dirname "$(node -p 'process.execPath')")/../lib/node_modules/npm/bin/npm-cli.js"
key=$(printf '%s\n' "${packages[@]}" | sha256sum | cut -c1-16)
if [ "$(cat "$dir/.key" 2>/dev/null)" != "$key" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  echo '{ "name": "otel3", "private": true }' >"$dir/package.json"
  (cd "$dir" && "$node_bin" "$npm_cli" install --no-audit --no-fund --loglevel=error "${packages[@]}")
  echo "$key" >"$dir/.key"
fi
echo "== phoenix-otel-auth tests on OpenTelemetry JS 3 ($(cd "$dir" && "$node_bin" "$root/scripts/otel-versions.cjs" .)), node $("$node_bin" --version)"
OTEL3_DIR="$dir" "$node_bin" node_modules/vitest/vitest.mjs run --config vitest.otel3.config.ts "$@"
