#!/usr/bin/env bash
# CI stage "package managers": the packed tarballs installed the way users of other package managers install them,
# in scratch projects, and the quickstart run from there:
#   pnpm add <phoenix-otel-auth.tgz> @opentelemetry/api, then pnpm add -D <phoenix-mock.tgz>: each must exit 0 (pnpm
#   refuses packages whose tree runs an install script and fails the install unless they are approved), and the
#   production install must hold none of the mock's packages (grpc, Arrow, GraphQL, protobufjs, @types/*);
#   node quickstart.mjs (packages/phoenix-otel-auth/examples/quickstart.mjs) must pass.
# pnpm comes from the npm registry (npx -y pnpm@latest). Usage: scripts/package-managers.sh [node versions...] (default 20 24)
set -euo pipefail
cd "$(dirname "$0")/.."
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(20 24)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/pack.sh "$work"
status=0
for v in "${versions[@]}"; do
  node_bin=$(npx -y "node@$v" -p process.execPath)
  export PATH="$(dirname "$node_bin"):$PATH"
  app="$work/pnpm-node$v"
  mkdir -p "$app"
  printf '{ "name": "scratch", "private": true, "version": "0.0.0", "type": "module" }\n' >"$app/package.json"
  cp packages/phoenix-otel-auth/examples/quickstart.mjs "$app/"
  echo "== node $("$node_bin" --version): pnpm add (pnpm $(cd "$app" && npx -y pnpm@latest --version))"
  if (cd "$app" && npx -y pnpm@latest add "$work/phoenix-otel-auth.tgz" @opentelemetry/api >"$app/add.log" 2>&1); then
    echo "   pnpm add phoenix-otel-auth @opentelemetry/api: exit 0"
  else
    echo "   pnpm add phoenix-otel-auth @opentelemetry/api: FAILED"; tail -20 "$app/add.log"; status=1; continue
  fi
  mock_only=$(cd "$app" && ls node_modules/.pnpm | grep -E '^(@grpc|apache-arrow|graphql@|protobufjs@|@types\+)' || true)
  if [ -n "$mock_only" ]; then echo "   the production install holds mock-only packages: $mock_only"; status=1; fi
  if (cd "$app" && npx -y pnpm@latest add -D "$work/phoenix-mock.tgz" >"$app/add-dev.log" 2>&1); then
    echo "   pnpm add -D phoenix-mock: exit 0"
  else
    echo "   pnpm add -D phoenix-mock: FAILED"; tail -20 "$app/add-dev.log"; status=1; continue
  fi
  if (cd "$app" && node quickstart.mjs); then echo "   quickstart.mjs: passed"; else echo "   quickstart.mjs: FAILED"; status=1; fi
done
exit $status
