#!/usr/bin/env bash
# Which OpenTelemetry packages a user can install next to phoenix-otel-auth (README "OpenTelemetry versions"), checked
# from the packed tarball in a scratch app, per Node version (the lowest `engines` version, 20, 22, 24; the node binaries
# come from the npm registry, as in .ci/run). For each version:
#   1. `npm install <tarball>` alone (npm adds the @opentelemetry/api peer) installs cleanly: at most 45 packages and
#      70 MB, no install-scripts warning, none of the mock's packages (gRPC, Arrow, GraphQL, protobufjs, @types/*);
#   2. `npm install <tarball> @opentelemetry/instrumentation-http@<2.x line>` installs cleanly, and an app with
#      HttpInstrumentation sends its HTTP server span to a phoenix-mock (the CLI from the tarball) with auth on;
#   3. `npm install <tarball> @opentelemetry/instrumentation-http@latest` (the OTel JS 3.x line) fails with ERESOLVE,
#      as the README says. If it ever installs, this script fails, so the table gets updated.
# Usage: scripts/otel-install-matrix.sh [node versions...]   (default: the lowest in engines, 20, 22, 24, 26). Builds and packs both packages.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=("$(node -p 'require("./packages/phoenix-otel-auth/package.json").engines.node.replace(/^>=\s*/, "")')" 20 22 24 26)
# The 2.x line of the instrumentations: the release built on the same @opentelemetry/instrumentation as ours.
instr_range="^$(node -p 'require("./packages/phoenix-otel-auth/package.json").dependencies["@opentelemetry/instrumentation"].replace(/^\^/, "")')"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/pack.sh "$work"
tarball="$work/phoenix-otel-auth.tgz" mock_tarball="$work/phoenix-mock.tgz"
npm_cli="$(dirname "$(node -p 'process.execPath')")/../lib/node_modules/npm/bin/npm-cli.js"
[ -f "$npm_cli" ] || npm_cli=$(node -p 'require.resolve("npm/bin/npm-cli.js", { paths: [require("path").dirname(require("child_process").execSync("npm root -g").toString().trim())] })')

cat >"$work/app.cjs" <<'EOF'
// An app with one real instrumentation (CommonJS, where `instrumentations` patches modules without a loader hook):
// its HTTP server and client spans must reach a phoenix-mock started from the tarball, with auth on.
const { spawn } = require("node:child_process");
const { randomBytes } = require("node:crypto");
const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http");
const { register } = require("phoenix-otel-auth");
const { PhoenixAdmin } = require("phoenix-mock");

(async () => {
  const secret = `s3${randomBytes(24).toString("hex")}`;
  const adminSecret = `a4${randomBytes(24).toString("hex")}`;
  const cli = require.resolve("phoenix-mock/package.json").replace(/package\.json$/, "dist/cli.js");
  const mock = spawn(process.execPath, [cli], {
    env: { ...process.env, PHOENIX_PORT: "0", PHOENIX_ENABLE_AUTH: "true", PHOENIX_SECRET: secret, PHOENIX_ADMIN_SECRET: adminSecret },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const url = await new Promise((resolve) => mock.stdout.once("data", (d) => resolve(String(d).trim().split("\n")[0])));
  const admin = new PhoenixAdmin({ baseUrl: url, token: adminSecret });
  const { key } = await admin.createSystemApiKey({ name: "matrix" });
  const provider = register({ url, apiKey: key, projectName: "matrix", instrumentations: [new HttpInstrumentation()] }, {});
  const http = require("node:http");
  const server = http.createServer((_req, res) => res.end("ok")).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  await new Promise((resolve, reject) => http.get(`http://127.0.0.1:${server.address().port}/hello`, (res) => res.resume().on("end", resolve)).on("error", reject));
  server.close();
  await provider.shutdown();
  let names = [];
  for (let i = 0; i < 50 && names.length < 2; i++) {
    names = (await admin.listSpans({ project: "matrix" })).spans.map((s) => s.name);
    if (names.length < 2) await new Promise((r) => setTimeout(r, 100));
  }
  mock.kill("SIGTERM");
  console.log(`   spans in the mock: ${names.join(", ")}; stats ${JSON.stringify(provider.phoenix.stats())}`);
  if (names.filter((n) => /^GET/.test(n)).length < 2) process.exit(1);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
EOF

status=0
for v in "${versions[@]}"; do
  echo "== node ${v}: install phoenix-otel-auth from the tarball"
  for case in alone instrumentation latest; do
    app="$work/node${v}-${case}"
    mkdir -p "$app"
    echo '{ "name": "scratch", "private": true, "type": "module" }' >"$app/package.json"
    cd "$app"
    case $case in
      alone) pkgs=("$tarball") ;;
      instrumentation) pkgs=("$tarball" "$mock_tarball" "@opentelemetry/instrumentation-http@${instr_range}") ;;
      latest) pkgs=("$tarball" "@opentelemetry/instrumentation-http@latest") ;;
    esac
    rc=0
    npx -y "node@${v}" "$npm_cli" install --no-audit --no-fund --loglevel=error "${pkgs[@]}" >"$app/install.log" 2>&1 || rc=$?
    if [ "$case" = latest ]; then
      if [ $rc -ne 0 ] && grep -q ERESOLVE "$app/install.log"; then
        echo "   @opentelemetry/instrumentation-http@latest: ERESOLVE, as documented"
      else
        echo "   @opentelemetry/instrumentation-http@latest: expected ERESOLVE, got rc=$rc (update the README table)"; status=1
      fi
    elif [ $rc -ne 0 ]; then
      echo "   ${pkgs[*]##*/}: install failed (rc=$rc)"; sed -n 1,20p "$app/install.log"; status=1
    else
      api=$(node -p 'require("./node_modules/@opentelemetry/api/package.json").version')
      echo "   ${case}: installed (@opentelemetry/api ${api})"
      if [ "$case" = alone ]; then
        # A production install: lean, no install script, none of the mock's packages.
        size_rc=0
        size=$(node "$root/scripts/install-size.mjs" . --max-packages 45 --max-mb 70) || size_rc=$?
        echo "   production install: $size"
        [ "$size_rc" -eq 0 ] || { echo "   over the bound of 45 packages / 70 MB"; status=1; }
        if grep -q "install-scripts" "$app/install.log"; then echo "   npm printed its install-scripts warning"; status=1; fi
        mock_only=$(npx -y "node@${v}" "$npm_cli" ls --omit=dev --all --parseable 2>/dev/null | grep -E '/node_modules/(@grpc/|apache-arrow$|graphql$|jose$|protobufjs$|@types/)' || true)
        if [ -n "$mock_only" ]; then echo "   the production tree holds mock-only packages: $mock_only"; status=1; fi
      fi
      if [ "$case" = instrumentation ]; then
        http=$(node -p 'require("./node_modules/@opentelemetry/instrumentation-http/package.json").version')
        cp "$work/app.cjs" "$app/app.cjs"
        if npx -y "node@${v}" app.cjs; then echo "   instrumentation-http ${http}: the app's spans reached the mock"; else echo "   instrumentation-http ${http}: app failed"; status=1; fi
      fi
    fi
    cd "$root"
  done
done
exit $status
