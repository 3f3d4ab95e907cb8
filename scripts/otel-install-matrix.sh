#!/usr/bin/env bash
# Which OpenTelemetry lines a user can install next to phoenix-otel-auth (packages/phoenix-otel-auth/docs/opentelemetry-versions.md),
# checked from the packed tarballs in scratch apps with plain `npm i` (no flags), each run by that Node's own npm
# (the node binaries come from the npm registry, as in .ci/run). Per Node version:
#   alone   `npm i <phoenix-otel-auth>`: installs with no EBADENGINE, no install-scripts warning, at most 45 packages and
#           70 MB, none of the mock's packages; prints the OpenTelemetry line npm chose (2.x on Node 20, 3.x from 22.15).
#   otel3   (Node >= 22.15) ours + the mock + @opentelemetry/api, instrumentation-http, instrumentation-express and
#           express, all @latest: no ERESOLVE, api 1.10 and sdk-trace 3 in the tree; an express app's HTTP request puts
#           its server, client and express spans into a phoenix-mock (auth on), the same app as an ES module with no
#           tracing code (`node --import phoenix-otel-auth/register`, PHOENIX_INSTRUMENTATIONS) does too, and a Vercel AI SDK-like span makes the
#           one "@arizeai/openinference-vercel is not installed" warning; an OpenAI SDK app with no tracing code
#           (`node --require phoenix-otel-auth/register`, PHOENIX_AUTO_INSTRUMENT=true, openai and
#           @arizeai/openinference-instrumentation-openai installed) puts its LLM span into the mock, printing nothing
#           (its fake OpenAI server is in the app). @opentelemetry/instrumentation is one of the app's own dependencies,
#           as the README advises: openinference-instrumentation-openai needs 0.46, and without it npm hoists that
#           copy and gives every other instrumentation its own, whose ES-module hooks then never meet (the one warning
#           says so); the README's @arizeai/phoenix-otel 3.0 example
#           runs. Then `npm i @opentelemetry/instrumentation-undici@latest`
#           installs, and `npm i -D msw@latest vitest@latest` installs and runs the README's vitest + MSW example.
#   otel2   (Node 20 and 22) the same app with @opentelemetry/api 1.9 and the 2.x line's instrumentations
#           (instrumentation-http 0.2xx, instrumentation-express < 0.72): every span reaches the mock. On Node 22 npm
#           gives us the 3.x line with api 1.10 nested beside the app's 1.9: two API copies, and no span lost.
# Versions run in parallel (they share no state). Usage: scripts/otel-install-matrix.sh [node versions...]
# (default: the lowest in engines, 20, 22.15.0, 22, 24, 26). Builds and packs both packages.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=("$(node -p 'require("./packages/phoenix-otel-auth/package.json").engines.node.replace(/^>=\s*/, "")')" 20 22.15.0 22 24 26)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/pack.sh "$work"
tarball="$work/phoenix-otel-auth.tgz" mock_tarball="$work/phoenix-mock.tgz"
npm_cli="$(dirname "$(node -p 'process.execPath')")/../lib/node_modules/npm/bin/npm-cli.js"
[ -f "$npm_cli" ] || npm_cli=$(node -p 'require.resolve("npm/bin/npm-cli.js", { paths: [require("path").dirname(require("child_process").execSync("npm root -g").toString().trim())] })')
cp packages/phoenix-otel-auth/test/fixtures/install-matrix-app.cjs "$work/app.cjs"
cp packages/phoenix-otel-auth/test/fixtures/install-matrix-esm-app.mjs "$work/esm-app.mjs"
cp packages/phoenix-otel-auth/test/fixtures/openai-app.cjs packages/phoenix-otel-auth/test/fixtures/openai-app.mjs "$work/"
cp packages/phoenix-otel-auth/test/fixtures/install-matrix-esm-otel.mjs "$work/esm-otel.mjs"
cp packages/phoenix-otel-auth/test/fixtures/install-matrix-esm-late-app.mjs "$work/esm-late-app.mjs"
cp packages/phoenix-otel-auth/test/register/fixtures/http-order-app.cjs "$work/http-order-app.cjs"
cp packages/phoenix-mock/examples/mock-vitest-msw.test.ts packages/phoenix-otel-auth/examples/readme/from-phoenix-otel-3.mjs "$work/"

check_version() { # name, version
  local node_bin=$1 v=$2 app status=0
  local npm=("$node_bin" "$npm_cli" install --no-audit --no-fund)
  local major_minor
  major_minor=$("$node_bin" -p 'const [a,b]=process.versions.node.split(".").map(Number); a*100+b')
  echo "== node $("$node_bin" --version) (npm $("$node_bin" "$npm_cli" --version))"
  installed() { (cd "$1" && "$node_bin" "$root/scripts/otel-versions.cjs" "${2:-phoenix-otel-auth}"); }
  fresh() { app="$work/node$v-$1"; mkdir -p "$app"; echo '{ "name": "scratch", "private": true, "version": "0.0.0" }' >"$app/package.json"; }
  clean() { # log: an install that exited 0 without ERESOLVE or EBADENGINE
    if grep -q "EBADENGINE" "$1"; then echo "   EBADENGINE: $(grep -c EBADENGINE "$1") warnings"; sed -n 1,12p "$1"; return 1; fi
    if grep -q "ERESOLVE" "$1"; then echo "   ERESOLVE warning:"; sed -n 1,12p "$1"; return 1; fi
  }

  fresh alone
  if (cd "$app" && "${npm[@]}" "$tarball" >install.log 2>&1) && clean "$app/install.log"; then
    echo "   npm i phoenix-otel-auth: installed ($(installed "$app"))"
    size=$(node "$root/scripts/install-size.mjs" "$app" --max-packages 45 --max-mb 70) || { echo "   over the bound of 45 packages / 70 MB: $size"; status=1; }
    echo "   production install: $size"
    if grep -q "install-scripts" "$app/install.log"; then echo "   npm printed its install-scripts warning"; status=1; fi
    mock_only=$(cd "$app" && "$node_bin" "$npm_cli" ls --omit=dev --all --parseable 2>/dev/null | grep -E '/node_modules/(@grpc/|apache-arrow$|graphql$|jose$|protobufjs$|@types/|ai$|@ai-sdk/)' || true)
    if [ -n "$mock_only" ]; then echo "   the production tree holds packages it should not: $mock_only"; status=1; fi
  else
    echo "   npm i phoenix-otel-auth: FAILED"; sed -n 1,20p "$app/install.log"; status=1
  fi

  if [ "$major_minor" -ge 2215 ]; then
    fresh otel3
    if (cd "$app" && "${npm[@]}" "$tarball" "$mock_tarball" @opentelemetry/api@latest @opentelemetry/instrumentation-http@latest \
      @opentelemetry/instrumentation-express@latest express@latest openai@latest @arizeai/openinference-instrumentation-openai@latest @opentelemetry/instrumentation@latest >install.log 2>&1) && clean "$app/install.log"; then
      local versions_line; versions_line=$(installed "$app")
      echo "   OTel 3 app (api, instrumentation-http, instrumentation-express, express @latest): installed ($versions_line)"
      [[ $versions_line == "api 1.10."*", sdk-trace 3."* ]] || { echo "   expected api 1.10 and sdk-trace 3 for phoenix-otel-auth"; status=1; }
      cp "$work/app.cjs" "$work/esm-app.mjs" "$work/openai-app.cjs" "$work/openai-app.mjs" "$work/esm-otel.mjs" "$work/esm-late-app.mjs" "$work/http-order-app.cjs" "$app/"
      if (cd "$app" && "$node_bin" app.cjs); then :; else echo "   app: FAILED"; status=1; fi
      cp "$work/from-phoenix-otel-3.mjs" "$app/"
      if (cd "$app" && "$node_bin" from-phoenix-otel-3.mjs >v3.log 2>&1); then echo "   README's @arizeai/phoenix-otel 3.0 example (from-phoenix-otel-3.mjs): passed"
      else echo "   README's @arizeai/phoenix-otel 3.0 example: FAILED"; tail -20 "$app/v3.log"; status=1; fi
      if (cd "$app" && "${npm[@]}" @opentelemetry/instrumentation-undici@latest >undici.log 2>&1) && clean "$app/undici.log"; then
        echo "   then npm i @opentelemetry/instrumentation-undici@latest: installed"
      else echo "   then npm i @opentelemetry/instrumentation-undici@latest: FAILED"; sed -n 1,20p "$app/undici.log"; status=1; fi
      if (cd "$app" && "${npm[@]}" -D msw@latest vitest@latest >msw.log 2>&1) && clean "$app/msw.log"; then
        local tools; tools=$(cd "$app" && "$node_bin" -p '["msw","vitest"].map((n)=>n+" "+require(n+"/package.json").version).join(", ")')
        cp "$work/mock-vitest-msw.test.ts" "$app/"
        if (cd "$app" && "$node_bin" node_modules/vitest/vitest.mjs run mock-vitest-msw.test.ts >vitest.log 2>&1) && sed 's/\x1b\[[0-9;]*m//g' "$app/vitest.log" | grep -Eq "Tests +2 passed"; then
          echo "   then npm i -D msw@latest vitest@latest ($tools): installed, the README's vitest + MSW example passed"
        else echo "   the README's vitest + MSW example with $tools: FAILED"; tail -30 "$app/vitest.log"; status=1; fi
      else echo "   then npm i -D msw@latest vitest@latest: FAILED"; sed -n 1,20p "$app/msw.log"; status=1; fi
    else
      echo "   OTel 3 app install: FAILED"; sed -n 1,25p "$app/install.log"; status=1
    fi
  fi

  if [ "$major_minor" -lt 2300 ]; then
    fresh otel2
    if (cd "$app" && "${npm[@]}" "$tarball" "$mock_tarball" "@opentelemetry/api@~1.9.0" "@opentelemetry/instrumentation-http@>=0.200.0 <0.300.0" \
      "@opentelemetry/instrumentation-express@<0.72.0" express@latest "openai@$([ "$major_minor" -ge 2200 ] && echo latest || echo ^6)" \
      @arizeai/openinference-instrumentation-openai@latest "@opentelemetry/instrumentation@>=0.200.0 <0.300.0" >install.log 2>&1) && clean "$app/install.log"; then
      echo "   OTel 2 app (api ~1.9.0, instrumentation-http 0.2xx, instrumentation-express < 0.72): installed (the app: $(installed "$app" .); ours: $(installed "$app"))"
      cp "$work/app.cjs" "$work/esm-app.mjs" "$work/openai-app.cjs" "$work/openai-app.mjs" "$work/esm-otel.mjs" "$work/esm-late-app.mjs" "$work/http-order-app.cjs" "$app/"
      if (cd "$app" && "$node_bin" app.cjs); then :; else echo "   app: FAILED"; status=1; fi
    else
      echo "   OTel 2 app install: FAILED"; sed -n 1,25p "$app/install.log"; status=1
    fi
  fi
  return $status
}

pids=()
for v in "${versions[@]}"; do
  node_bin=$(npx -y "node@${v}" -p process.execPath)
  check_version "$node_bin" "$v" >"$work/out-$v.txt" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!versions[@]}"; do
  wait "${pids[$i]}" || status=1
  cat "$work/out-${versions[$i]}.txt"
done
exit $status
