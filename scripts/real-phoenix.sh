#!/usr/bin/env bash
# Run a command against a real, throwaway Arize Phoenix server.
#
#   scripts/real-phoenix.sh [--no-auth-server] -- <command> [args...]
#   e.g. scripts/real-phoenix.sh -- npm run conformance
#
# What it does:
#   1. Creates (or reuses) a Python venv keyed by the Phoenix version, outside the clone:
#      ${XDG_CACHE_HOME:-$HOME/.cache}/phoenix-otel-auth/venv-<version>, and pip installs the pinned
#      arize-phoenix there unless a marker file says a previous install finished.
#   2. Starts `phoenix serve` with auth on, freshly generated PHOENIX_SECRET / PHOENIX_ADMIN_SECRET,
#      a temporary working dir (SQLite database), free ports on 127.0.0.1, the per-IP rate limit off
#      (brute-force lockout stays on) and no telemetry.
#      Unless --no-auth-server is given, a second server with auth off is started next to it
#      (the suite's auth-off cases use it).
#   3. Waits for /healthz, runs the command with these variables exported:
#        PHOENIX_CONFORMANCE_URL, PHOENIX_CONFORMANCE_SECRET, PHOENIX_CONFORMANCE_ADMIN_SECRET,
#        PHOENIX_CONFORMANCE_NOAUTH_URL (auth-off server), PHOENIX_CONFORMANCE_PHOENIX_VERSION,
#        PHOENIX_CONFORMANCE_GRPC_PORT / PHOENIX_CONFORMANCE_NOAUTH_GRPC_PORT (the servers' OTLP/gRPC ports),
#        PHOENIX_CONFORMANCE_NOAUTH_MAX_SPANS_QUEUE_SIZE (the auth-off server runs with this small span queue),
#        PHOENIX_CONFORMANCE_PYTHON (the venv's python, with phoenix.otel and phoenix.client, for the Python-driven cases)
#   4. Stops the servers and removes the working dirs on exit, also on failure or Ctrl-C.
#
# Environment knobs: PHOENIX_VERSION (default below), PYTHON (default python3),
# PHOENIX_STARTUP_TIMEOUT seconds (default 180), PHOENIX_KEEP_LOGS=1 (keep the temp dir, print its path),
# REAL_PHOENIX_SERVER_ENV="NAME=value ..." (more settings for both servers, after the ones above: to record answers
# under a non-default setting, e.g. scripts/record-oauth2-server-off.mjs).
set -euo pipefail

PHOENIX_VERSION="${PHOENIX_VERSION:-20.26.1}"
PYTHON="${PYTHON:-python3}"
STARTUP_TIMEOUT="${PHOENIX_STARTUP_TIMEOUT:-180}"
NOAUTH_SERVER=1
NOAUTH_MAX_SPANS_QUEUE_SIZE=200

usage() { echo "usage: $0 [--no-auth-server] -- <command> [args...]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-auth-server) NOAUTH_SERVER=0; shift ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[[ $# -gt 0 ]] || usage

log() { echo "[real-phoenix] $*" >&2; }

# --- 1. venv ---------------------------------------------------------------------------------
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/phoenix-otel-auth"
VENV="$CACHE_DIR/venv-$PHOENIX_VERSION"
# The Python-driven conformance cases use Phoenix's own clients from the same venv (newest otel and client).
PYTHON_CLIENTS=(arize-phoenix-otel arize-phoenix-client grpcio pandas pyarrow)
MARKER="$VENV/.arize-phoenix-$PHOENIX_VERSION-with-clients-installed"
if [[ ! -f "$MARKER" ]]; then
  command -v "$PYTHON" >/dev/null 2>&1 || { log "no $PYTHON on PATH: cannot install arize-phoenix"; exit 3; }
  mkdir -p "$CACHE_DIR"
  [[ -x "$VENV/bin/python" ]] || { log "creating venv $VENV"; "$PYTHON" -m venv "$VENV"; }
  log "installing arize-phoenix==$PHOENIX_VERSION into $VENV (once; cached afterwards)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "arize-phoenix==$PHOENIX_VERSION" "${PYTHON_CLIENTS[@]}"
  touch "$MARKER"
fi
PHOENIX_BIN="$VENV/bin/phoenix"

# --- 2. servers ------------------------------------------------------------------------------
RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/real-phoenix.XXXXXX")"
PIDS=()
cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ "${PHOENIX_KEEP_LOGS:-}" == 1 ]]; then log "logs kept in $RUN_DIR"; else rm -rf "$RUN_DIR"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A secret Phoenix accepts: 64 lowercase hex chars, plus a guaranteed digit and lowercase letter.
gen_secret() { echo "$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')0a"; }
free_port() { "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

SECRET="$(gen_secret)"
ADMIN_SECRET="$(gen_secret)"
[[ "$SECRET" != "$ADMIN_SECRET" ]] || { log "generated secrets collide"; exit 1; }
# The secret scan (scripts/scan-secrets.mjs) looks for every generated secret in the test output: tell it these two.
if [[ -n "${PHOENIX_TEST_SECRETS_FILE:-}" ]]; then printf '%s\n%s\n' "$SECRET" "$ADMIN_SECRET" >>"$PHOENIX_TEST_SECRETS_FILE"; fi

# start_server <name> <enable_auth>: sets STARTED_URL, STARTED_GRPC_PORT and STARTED_LOG
start_server() {
  local name="$1" auth="$2" port grpc_port
  port="$(free_port)"
  grpc_port="$(free_port)"
  while [[ "$grpc_port" == "$port" ]]; do grpc_port="$(free_port)"; done
  mkdir -p "$RUN_DIR/$name"
  STARTED_LOG="$RUN_DIR/$name/server.log"
  STARTED_URL="http://127.0.0.1:$port"
  STARTED_GRPC_PORT="$grpc_port"
  (
    # Nothing from the caller's PHOENIX_* environment may leak into the server (e.g. PHOENIX_API_KEY).
    for v in $(compgen -e | grep '^PHOENIX_' || true); do unset "$v"; done
    export PHOENIX_WORKING_DIR="$RUN_DIR/$name/work"
    export PHOENIX_HOST=127.0.0.1 PHOENIX_PORT="$port" PHOENIX_GRPC_PORT="$grpc_port"
    export PHOENIX_ENABLE_AUTH="$auth"
    if [[ "$auth" == true ]]; then
      export PHOENIX_SECRET="$SECRET" PHOENIX_ADMIN_SECRET="$ADMIN_SECRET"
    else
      # The capacity case fills this server's span queue (NOAUTH_MAX_SPANS_QUEUE_SIZE in src/contract/target.ts).
      export PHOENIX_MAX_SPANS_QUEUE_SIZE="$NOAUTH_MAX_SPANS_QUEUE_SIZE"
    fi
    # The suite logs in many times quickly: per-IP rate limit off; brute-force lockout stays on.
    export PHOENIX_DISABLE_RATE_LIMIT=true
    # Same CSRF setting as Phoenix's own integration tests, so the CSRF checks are active.
    export PHOENIX_CSRF_TRUSTED_ORIGINS=",http://localhost,http://127.0.0.1,"
    # Keep Phoenix's production default for error masking (what users deploy); see packages/phoenix-mock/docs/contract-suite.md, "Running it".
    export PHOENIX_TELEMETRY_ENABLED=false PHOENIX_ALLOW_EXTERNAL_RESOURCES=false
    for setting in ${REAL_PHOENIX_SERVER_ENV:-}; do export "$setting"; done
    mkdir -p "$PHOENIX_WORKING_DIR"
    exec "$PHOENIX_BIN" serve
  ) >"$STARTED_LOG" 2>&1 &
  PIDS+=("$!")
  STARTED_PID="$!"
}

wait_healthy() {
  local name="$1" url="$2" logf="$3" pid="$4" deadline=$((SECONDS + STARTUP_TIMEOUT))
  until curl -fsS -o /dev/null --max-time 2 "$url/healthz" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name server exited before becoming healthy; log tail:"; tail -n 40 "$logf" >&2; exit 1
    fi
    if (( SECONDS >= deadline )); then
      log "$name server not healthy after ${STARTUP_TIMEOUT}s; log tail:"; tail -n 40 "$logf" >&2; exit 1
    fi
    sleep 0.5
  done
  log "$name server ready at $url (arize-phoenix $PHOENIX_VERSION)"
}

start_server auth true
AUTH_URL="$STARTED_URL"; AUTH_GRPC_PORT="$STARTED_GRPC_PORT"; AUTH_LOG="$STARTED_LOG"; AUTH_PID="$STARTED_PID"
if [[ "$NOAUTH_SERVER" == 1 ]]; then
  start_server noauth false
  NOAUTH_URL="$STARTED_URL"; NOAUTH_GRPC_PORT="$STARTED_GRPC_PORT"; NOAUTH_LOG="$STARTED_LOG"; NOAUTH_PID="$STARTED_PID"
fi
wait_healthy auth "$AUTH_URL" "$AUTH_LOG" "$AUTH_PID"
[[ "$NOAUTH_SERVER" == 1 ]] && wait_healthy auth-off "$NOAUTH_URL" "$NOAUTH_LOG" "$NOAUTH_PID"

# --- 3. the command --------------------------------------------------------------------------
export PHOENIX_CONFORMANCE_URL="$AUTH_URL"
export PHOENIX_CONFORMANCE_SECRET="$SECRET"
export PHOENIX_CONFORMANCE_ADMIN_SECRET="$ADMIN_SECRET"
export PHOENIX_CONFORMANCE_PHOENIX_VERSION="$PHOENIX_VERSION"
export PHOENIX_CONFORMANCE_GRPC_PORT="$AUTH_GRPC_PORT"
export PHOENIX_CONFORMANCE_PYTHON="$VENV/bin/python"
if [[ "$NOAUTH_SERVER" == 1 ]]; then
  export PHOENIX_CONFORMANCE_NOAUTH_URL="$NOAUTH_URL" PHOENIX_CONFORMANCE_NOAUTH_GRPC_PORT="$NOAUTH_GRPC_PORT"
  export PHOENIX_CONFORMANCE_NOAUTH_MAX_SPANS_QUEUE_SIZE="$NOAUTH_MAX_SPANS_QUEUE_SIZE"
fi
set +e
"$@"
rc=$?
set -e
exit "$rc"
