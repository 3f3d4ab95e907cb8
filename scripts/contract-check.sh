#!/usr/bin/env bash
# CI stage "phoenix-mock check": the contract suite as users run it, `phoenix-mock check <url>` (the built CLI, as
# installed), against
#   1. two phoenix-mock servers (auth on and off) started with `phoenix-mock start` and ended with `phoenix-mock stop`,
#      with --mock (the documented divergences excused);
#   2. the real Phoenix, when PHOENIX_CONFORMANCE_URL is set: run this under scripts/real-phoenix.sh, which starts a
#      fresh one (auth on and off) and exports the URLs, secrets, gRPC ports and the Python clients' venv.
# Both must pass (exit 0); each run's record goes to .ci-artifacts/check-<target>.json when that folder exists.
#   scripts/contract-check.sh [mock|real|both]      (default both; real needs PHOENIX_CONFORMANCE_URL)
set -euo pipefail
cd "$(dirname "$0")/.."
cli="$PWD/packages/phoenix-mock/dist/cli.js"
[ -f "$cli" ] || { echo "contract-check: $cli is missing: run npm run build first" >&2; exit 2; }
which=${1:-both}
out="$PWD/.ci-artifacts"
[ -d "$out" ] || out=$(mktemp -d)
status=0

if [ "$which" != real ]; then
  work=$(mktemp -d)
  secret="s3$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("hex"))')"
  admin="a3$(node -e 'process.stdout.write(require("crypto").randomBytes(24).toString("hex"))')"
  [ -z "${PHOENIX_TEST_SECRETS_FILE:-}" ] || printf '%s\n%s\n' "$secret" "$admin" >>"$PHOENIX_TEST_SECRETS_FILE"
  common=(PHOENIX_DISABLE_RATE_LIMIT=true "PHOENIX_CSRF_TRUSTED_ORIGINS=,http://localhost,http://127.0.0.1,")
  (cd "$work" && env "${common[@]}" PHOENIX_ENABLE_AUTH=true PHOENIX_SECRET="$secret" PHOENIX_ADMIN_SECRET="$admin" \
    node "$cli" start --port 0 --grpc-port 0 --quiet --state-file auth.json --log-file auth.log >/dev/null)
  (cd "$work" && env "${common[@]}" PHOENIX_ENABLE_AUTH=false node "$cli" start --port 0 --grpc-port 0 --quiet --state-file open.json --log-file open.log >/dev/null)
  url=$(node -p "require('$work/auth.json').url")
  open=$(node -p "require('$work/open.json').url")
  grpc=$(grep -o 'OTLP/gRPC on \S*' "$work/auth.log" | grep -o '[0-9]*$')
  open_grpc=$(grep -o 'OTLP/gRPC on \S*' "$work/open.log" | grep -o '[0-9]*$')
  echo "== phoenix-mock check against phoenix-mock ($url, auth off at $open)"
  PHOENIX_CONFORMANCE_SECRET=$secret PHOENIX_CONFORMANCE_ADMIN_SECRET=$admin \
    node "$cli" check "$url" --mock --no-auth-url "$open" --grpc-port "$grpc" --no-auth-grpc-port "$open_grpc" --json "$out/check-mock.json" || status=1
  (cd "$work" && node "$cli" stop --state-file auth.json && node "$cli" stop --state-file open.json)
  rm -rf "$work"
fi

if [ "$which" != mock ]; then
  if [ -z "${PHOENIX_CONFORMANCE_URL:-}" ]; then
    echo "contract-check: PHOENIX_CONFORMANCE_URL is not set: run it under scripts/real-phoenix.sh for the real Phoenix" >&2
    [ "$which" = real ] && exit 2
  else
    echo "== phoenix-mock check against the real Phoenix (${PHOENIX_CONFORMANCE_URL})"
    node "$cli" check "$PHOENIX_CONFORMANCE_URL" --json "$out/check-real.json" || status=1
  fi
fi
exit $status
