#!/usr/bin/env bash
# Run a command against a real Phoenix whose password-reset emails go to a test SMTP catcher:
#
#   scripts/real-phoenix-smtp.sh -- <command> [args...]
#
# Picks a free port for the catcher (test/helpers/smtp-catcher.ts, which the command's tests start there), starts the
# server with scripts/real-phoenix.sh --no-auth-server and PHOENIX_SMTP_* aimed at that port (STARTTLS with the
# catcher's throwaway certificate, so PHOENIX_SMTP_VALIDATE_CERTS=false; the catcher takes any login, and the tests
# expect the user "catcher"), and exports PHOENIX_CONFORMANCE_SMTP_PORT for them. The other conformance cases record
# Phoenix without SMTP: run them through scripts/real-phoenix.sh, not this.
set -euo pipefail
[[ "${1:-}" == "--" ]] && shift
[[ $# -gt 0 ]] || { echo "usage: $0 -- <command> [args...]" >&2; exit 2; }
PORT="$(node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export PHOENIX_CONFORMANCE_SMTP_PORT="$PORT"
export REAL_PHOENIX_SERVER_ENV="${REAL_PHOENIX_SERVER_ENV:-} PHOENIX_SMTP_HOSTNAME=127.0.0.1 PHOENIX_SMTP_PORT=$PORT PHOENIX_SMTP_USERNAME=catcher PHOENIX_SMTP_PASSWORD=catcher-pass PHOENIX_SMTP_VALIDATE_CERTS=false"
exec "$(dirname "$0")/real-phoenix.sh" --no-auth-server -- "$@"
