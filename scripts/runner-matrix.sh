#!/usr/bin/env bash
# CI stage "runner matrix": the per-runner tests of packages/phoenix-mock/docs/test-runners.md (examples/runners/), each checking "rejected without a key,
# accepted after key setup", run in scratch projects that install the packed tarball (npm pack), not the source tree:
# Jest (CommonJS, ESM and TypeScript test files, the last with ts-jest), vitest and node:test, on Node 20, 22, 24, 26 and the lowest version
# `engines` claims: msw 3 and vitest 5 on Node 22+, msw 2 and vitest 4 (3 below Node 20.19) on Node 20.
# Every file runs the MSW route and the real-socket route; one more Jest run, without NODE_OPTIONS=--experimental-vm-modules,
# checks that setupMswServer's error names the flag. One `npm install` per project; each Node version comes from the registry
# (npx -y node@X), as .ci/run does for 22 and 24. Usage: npm run test:runners [-- node versions...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
lowest=$(node -p 'require("./packages/phoenix-mock/package.json").engines.node.replace(/^>=\s*/, "")')
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=("$lowest" 20 22 24 26)

work=$(mktemp -d "${TMPDIR:-/tmp}/runner-matrix.XXXXXX")
trap 'rm -rf "$work"' EXIT
scripts/pack.sh "$work"
tarballs=("$work/phoenix-mock.tgz" "$work/phoenix-otel-auth.tgz")
echo "== runner matrix: phoenix-mock and phoenix-otel-auth tarballs, node ${versions[*]} (lowest in engines: $lowest)"

project() { # name, [--no-msw | --msw3], then npm packages
  local dir="$work/$1" peers=(@opentelemetry/api@~1.9.0 msw@^2.15.0); shift
  if [ "${1:-}" = --no-msw ]; then peers=(@opentelemetry/api@~1.9.0); shift; fi
  if [ "${1:-}" = --msw3 ]; then peers=(@opentelemetry/api@~1.9.0 msw@^3); shift; fi
  mkdir -p "$dir"
  printf '{ "name": "scratch-%s", "private": true, "version": "0.0.0" }\n' "$(basename "$dir")" > "$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --silent "${tarballs[@]}" "${peers[@]}" "$@")
}
# Jest 30 and node:test share one project: with msw 2 on Node 20, with msw 3 (Node >= 22.12) on 22, 24 and 26. vitest 5
# (with msw 3) serves Node 22, 24 and 26; vitest 4 (with msw 2) Node 20.19+; users on an older Node 20 run vitest 3.
project base jest@^30 &
project base3 --msw3 jest@^30 &
project vitest5 --msw3 vitest@^5 &
project ts-jest jest@^30 ts-jest@^29 typescript@~5.9 @types/jest@^30 @types/node@^20 &
project vitest4 vitest@^4 &
# TypeScript, without msw (an optional peer: the declarations must not need it).
project types --no-msw typescript@~5.9 @types/node@^20 &
project vitest3 vitest@^3 &
wait
for dir in base base3; do cp packages/phoenix-mock/examples/runners/jest-cjs.test.cjs packages/phoenix-mock/examples/runners/jest-esm.test.mjs packages/phoenix-mock/examples/runners/jest-own-msw-server.test.mjs packages/phoenix-mock/examples/runners/node-test.test.mjs "$work/$dir/"; done
cp packages/phoenix-mock/examples/runners/ts-jest/rejected-then-accepted.test.ts packages/phoenix-mock/examples/runners/ts-jest/jest.config.cjs packages/phoenix-mock/examples/runners/ts-jest/tsconfig.json "$work/ts-jest/"
cp packages/phoenix-mock/examples/runners/vitest.test.mjs packages/phoenix-mock/examples/mock-vitest-msw.test.ts "$work/vitest5/"
cp packages/phoenix-mock/examples/runners/vitest.test.mjs "$work/vitest4/"
cp packages/phoenix-mock/examples/runners/vitest.test.mjs "$work/vitest3/"
# The global-setup examples: one phoenix-mock per run, in a folder of its own (their configs select their test files).
global=(packages/phoenix-mock/examples/global-setup/jest.config.cjs packages/phoenix-mock/examples/global-setup/jest.global-setup.cjs packages/phoenix-mock/examples/global-setup/jest.global-teardown.cjs
  packages/phoenix-mock/examples/global-setup/global-server.test.cjs packages/phoenix-mock/examples/global-setup/vitest.config.mjs packages/phoenix-mock/examples/global-setup/vitest.global-setup.mjs
  packages/phoenix-mock/examples/global-setup/global-server.test.mjs)
for dir in base base3 vitest5 vitest4 vitest3; do mkdir -p "$work/$dir/global" && cp "${global[@]}" "$work/$dir/global/"; done

for ext in ts cts mts; do cp packages/phoenix-mock/test/types/usage.ts "$work/types/usage.$ext"; done

failures=0
results=()
run() { # label, node version, dir, the line the runner prints when both routes passed ("": the exit status alone), command...
  local label=$1 version=$2 dir=$3 passed=$4; shift 4
  local start=$SECONDS log="$work/log-${label//[^A-Za-z0-9.]/_}-$version.txt" status=0
  (cd "$dir" && unset NODE_OPTIONS && "$@" >"$log" 2>&1) || status=$?
  # Green means the runner reported both tests (MSW, real socket) passed and exited 0, not that 0 tests ran; a label
  # starting with "fails:" expects the run to fail with that line instead (a usage error that names its fix).
  [[ $label == fails:* ]] && status=$((status == 0))
  if [ "$status" -eq 0 ] && { [ -z "$passed" ] || sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -Eq "$passed"; }; then
    results+=("ok    node $version  $label  ($((SECONDS - start)) s)")
  else
    failures=$((failures + 1))
    results+=("FAIL  node $version  $label  ($((SECONDS - start)) s)")
    echo "---- FAIL: node $version $label"; tail -40 "$log"
  fi
}
jest_passed="^Tests: +2 passed, 2 total"
# Runs a test runner in a global/ folder, then fails if a phoenix-mock of that project is still running.
global_run() { # project dir, command...
  local cli="$1/node_modules/phoenix-mock/dist/cli.js"; shift
  "$@" || return
  if pgrep -f "$cli" >/dev/null; then echo "a phoenix-mock outlived the run: $(pgrep -af "$cli")"; return 1; fi
  echo "no phoenix-mock left running"
}
for version in "${versions[@]}"; do
  node_bin=$(npx -y "node@$version" -p process.execPath)
  actual=$("$node_bin" --version)
  vitest_dir="$work/vitest5" base="$work/base3"
  if "$node_bin" -e 'process.exit(Number(process.versions.node.split(".")[0]) < 22 ? 0 : 1)'; then vitest_dir="$work/vitest4" base="$work/base"; fi
  "$node_bin" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a===20&&b<19?0:1)' && vitest_dir="$work/vitest3"
  msw="msw $(cd "$base" && "$node_bin" -p 'require("msw/package.json").version')"
  vitest="vitest $(cd "$vitest_dir" && "$node_bin" -p 'require("vitest/package.json").version')"
  jest=(env NODE_OPTIONS=--experimental-vm-modules "$node_bin" node_modules/jest/bin/jest.js --ci)
  run "jest cjs ($msw + real socket)" "$actual" "$base" "$jest_passed" "${jest[@]}" jest-cjs.test.cjs
  run "jest esm (msw + real socket)" "$actual" "$base" "$jest_passed" "${jest[@]}" jest-esm.test.mjs
  run "jest esm, your own msw server (phoenixHandlers)" "$actual" "$base" "^Tests: +1 passed, 1 total" "${jest[@]}" jest-own-msw-server.test.mjs
  run "jest ts, ts-jest (msw + real socket)" "$actual" "$work/ts-jest" "$jest_passed" "${jest[@]}"
  run "jest globalSetup/globalTeardown (one server per run, none left)" "$actual" "$base" "^Tests: +1 passed, 1 total" global_run "$base" "${jest[@]}" --config global/jest.config.cjs
  run "fails: jest cjs without the flag (setupMswServer names it)" "$actual" "$base" "MockUsageError: setupMswServer: .* run Jest with NODE_OPTIONS=--experimental-vm-modules" "$node_bin" node_modules/jest/bin/jest.js --ci jest-cjs.test.cjs
  run "node:test (msw + real socket)" "$actual" "$base" "^(# |ℹ )pass 2$" "$node_bin" --test node-test.test.mjs
  run "$vitest (msw + real socket)" "$actual" "$vitest_dir" "Tests +2 passed \\(2\\)" "$node_bin" node_modules/vitest/vitest.mjs run vitest.test.mjs
  if [ "$vitest_dir" = "$work/vitest5" ]; then
    run "$vitest, the README's vitest + MSW example (mock-vitest-msw.test.ts)" "$actual" "$vitest_dir" "Tests +2 passed \\(2\\)" "$node_bin" node_modules/vitest/vitest.mjs run mock-vitest-msw.test.ts
  fi
  run "$vitest vmThreads pool (msw + real socket)" "$actual" "$vitest_dir" "Tests +2 passed \\(2\\)" "$node_bin" node_modules/vitest/vitest.mjs run --pool vmThreads vitest.test.mjs
  run "vitest globalSetup (one server per run, none left)" "$actual" "$vitest_dir/global" "Tests +1 passed \\(1\\)" global_run "$vitest_dir" "$node_bin" ../node_modules/vitest/vitest.mjs run
done
# Every TypeScript resolution mode users have, strict and with skipLibCheck off (test/types/usage.ts): once, on this Node.
tsc_modes=("node10:--module commonjs usage.ts" "node16 cjs:--module node16 usage.cts" "node16 esm:--module node16 usage.mts"
  "nodenext cjs:--module nodenext usage.cts" "nodenext esm:--module nodenext usage.mts" "bundler:--module esnext --moduleResolution bundler usage.ts")
for mode in "${tsc_modes[@]}"; do
  # shellcheck disable=SC2086 # the flags are words
  run "tsc ${mode%%:*}, strict, skipLibCheck off, no msw" "$(node --version)" "$work/types" "" node node_modules/typescript/bin/tsc --noEmit --strict --skipLibCheck false --types node --target es2022 ${mode#*:}
done
printf '%s\n' "${results[@]}"
[ "$failures" -eq 0 ]
