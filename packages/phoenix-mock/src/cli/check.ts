// `phoenix-mock check <url>`: the contract suite (the cases CI runs against the mock and a real Phoenix) against any
// Phoenix. It says what it will do to that server first, refuses a server that is not local without --allow-remote,
// prints one line per case and a summary, writes a JSON record, and exits 1 when a case fails.
import { writeFileSync } from "node:fs";
import { CASES, PINNED_PHOENIX_VERSION, readExpected, readMockDivergences, runCase, type TargetResults } from "../contract/run.js";
import { urlTarget } from "../contract/target.js";
import { fail, parseFlags } from "./serve.js";

export const CHECK_HELP = `Usage: phoenix-mock check <url> [options]

Runs phoenix-mock's contract cases against the Phoenix at <url> (auth on), one line per case, then a summary.
Answers are compared with those recorded from Phoenix ${PINNED_PHOENIX_VERSION} when the server reports that version.

Secrets (read from the environment; the flags work too, but every user of the machine can read them in ps):
  PHOENIX_CONFORMANCE_SECRET        the server's PHOENIX_SECRET (cases forge tokens with it, as an attacker would)
  PHOENIX_CONFORMANCE_ADMIN_SECRET  the server's PHOENIX_ADMIN_SECRET (cases create users and keys with it)
  PHOENIX_CONFORMANCE_ADMIN_PASSWORD  admin@localhost's current password (default "admin")

Options:
  --secret <s>, --admin-secret <s>  as the variables above
  --no-auth-url <url>       a second Phoenix with auth off, for the auth-off cases (PHOENIX_CONFORMANCE_NOAUTH_URL)
  --grpc-port <n>           the server's OTLP/gRPC port (PHOENIX_CONFORMANCE_GRPC_PORT); gRPC cases need it
  --no-auth-grpc-port <n>   the auth-off server's (PHOENIX_CONFORMANCE_NOAUTH_GRPC_PORT)
  --cases <id,id,...>       run only these cases
  --json <file>             where to write the record of every case (default phoenix-mock-check.json)
  --mock                    the server is phoenix-mock: the differences its docs/divergences.md documents are
                            excused, and the cases only a real Phoenix can answer (its /openapi.json) are skipped
  --allow-remote            run against a host that is not loopback, *.localhost, *.test, *.example or *.invalid
  -h, --help                show this help

Exit codes: 0 when every case that ran passed, 1 when a case failed, 2 for a usage error or a refused target.
`;

export const PLAN = `It will, on that server:
  - create users of every role (random <role><hex>@example.com emails, generated passwords) and delete them afterwards;
  - lock out a few of those users for 5 minutes with wrong passwords (the brute-force cases); no existing account;
  - log in as admin@localhost, change its password and set it back (that clears Phoenix's password-needs-reset flag);
  - create system and user API keys and delete them afterwards;
  - write spans into projects with random names (<case><hex>) and create a few projects; those stay there;
  - send requests with no, wrong, forged and expired credentials (your logs will show 401, 403 and 422 answers).
It changes no setting of the server. Use a staging instance, not production.`;

const RESERVED = /(^|\.)(localhost|test|example|invalid)$/i;

/** Whether `url`'s host is this machine or a reserved test name (RFC 2606, RFC 6761). */
export function isLocalTarget(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return RESERVED.test(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "::1";
}

const port = (flag: string, value: string | undefined) => {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) fail(`${flag} must be a port number, got: ${value}`);
  return Number(value);
};

/** The auth-off server's PHOENIX_MAX_SPANS_QUEUE_SIZE, for the capacity case (unset: that case is skipped). */
const queueSize = (value: string | undefined) => {
  if (value === undefined || value.trim() === "") return undefined;
  if (!/^[1-9]\d*$/.test(value.trim())) fail(`PHOENIX_CONFORMANCE_NOAUTH_MAX_SPANS_QUEUE_SIZE must be the auth-off server's PHOENIX_MAX_SPANS_QUEUE_SIZE (a positive integer), got: ${value}`);
  return Number(value.trim());
};

export async function check(args: string[]): Promise<void> {
  const { values, positionals: positional } = parseFlags(args, {
    secret: { type: "string" },
    "admin-secret": { type: "string" },
    "no-auth-url": { type: "string" },
    "grpc-port": { type: "string" },
    "no-auth-grpc-port": { type: "string" },
    cases: { type: "string" },
    json: { type: "string" },
    mock: { type: "boolean" },
    "allow-remote": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  }, true);
  if (values.help) return void process.stdout.write(CHECK_HELP);
  const env = process.env;
  const str = (name: string) => values[name] as string | undefined;
  const [raw, ...extra] = positional;
  if (!raw || extra.length > 0) fail(`check takes one URL, got ${positional.length}: phoenix-mock check http://127.0.0.1:6006`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(`check: ${JSON.stringify(raw)} is not a URL; pass the Phoenix base URL, e.g. http://127.0.0.1:6006`);
  }
  if (!isLocalTarget(url) && !values["allow-remote"]) {
    fail(`check: ${url.host} is not this machine or a reserved test domain. The cases create and lock out users and change the admin password there.\n${PLAN}\nPass --allow-remote if that server is yours to test.`);
  }
  if (str("secret") || str("admin-secret")) process.stderr.write("phoenix-mock: note: secrets given as flags are visible to every user of this machine (ps); prefer the variables\n");
  const secret = str("secret") ?? env.PHOENIX_CONFORMANCE_SECRET ?? "";
  const adminSecret = str("admin-secret") ?? env.PHOENIX_CONFORMANCE_ADMIN_SECRET ?? "";
  if (!secret || !adminSecret) fail("check needs the server's secrets: set PHOENIX_CONFORMANCE_SECRET and PHOENIX_CONFORMANCE_ADMIN_SECRET (or --secret and --admin-secret)");
  const wanted = str("cases")?.split(",").map((id) => id.trim()).filter(Boolean);
  const unknown = wanted?.filter((id) => !CASES.some((c) => c.id === id)) ?? [];
  if (unknown.length > 0) fail(`--cases: no case ${unknown.join(", ")}; the cases are listed in the JSON record and CONFORMANCE.md`);
  const cases = wanted ? CASES.filter((c) => wanted.includes(c.id)) : CASES;
  const target = urlTarget({
    name: values.mock ? "mock-server" : "real",
    url: url.href,
    secret,
    adminSecret,
    adminPassword: env.PHOENIX_CONFORMANCE_ADMIN_PASSWORD ?? "admin",
    noAuthUrl: str("no-auth-url") ?? env.PHOENIX_CONFORMANCE_NOAUTH_URL,
    grpcPort: port("--grpc-port", str("grpc-port") ?? env.PHOENIX_CONFORMANCE_GRPC_PORT),
    noAuthGrpcPort: port("--no-auth-grpc-port", str("no-auth-grpc-port") ?? env.PHOENIX_CONFORMANCE_NOAUTH_GRPC_PORT),
    noAuthMaxSpansQueueSize: queueSize(env.PHOENIX_CONFORMANCE_NOAUTH_MAX_SPANS_QUEUE_SIZE),
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`phoenix-mock check ${target.baseUrl}: ${cases.length} contract cases.`);
  out(PLAN);
  const health = await fetch(`${target.baseUrl}/healthz`).catch((error: unknown) => error as Error);
  if (health instanceof Error) fail(`check: no answer from ${target.baseUrl}/healthz (${health.message}); is Phoenix running there?`);
  target.phoenixVersion = health.headers.get("x-phoenix-server-version") ?? undefined;
  const comparable = target.phoenixVersion === PINNED_PHOENIX_VERSION;
  out(
    comparable
      ? `Phoenix ${target.phoenixVersion}: answers are compared with those recorded from ${PINNED_PHOENIX_VERSION}.`
      : `Phoenix ${target.phoenixVersion ?? "(no version header)"}: not ${PINNED_PHOENIX_VERSION}, so only each case's own checks apply.`,
  );
  const options = { expected: readExpected(), divergences: values.mock ? readMockDivergences() : new Map(), comparable, requiresRecording: false };
  const record: TargetResults = { target: target.baseUrl, startedAt: new Date().toISOString(), durationMs: 0, cases: {} };
  const started = performance.now();
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const testCase of cases) {
    const { result } = await runCase(target, testCase, options);
    record.cases[testCase.id] = result;
    counts[result.outcome]++;
    const note = result.comparison === "documented-divergence" ? " (documented divergence)" : result.comparison === "differs" ? `: differs from Phoenix ${PINNED_PHOENIX_VERSION}'s recorded answer` : "";
    if (result.outcome === "passed") out(`ok    ${testCase.id} (${result.durationMs} ms)${note}`);
    else if (result.outcome === "skipped") out(`skip  ${testCase.id}: ${result.reason}`);
    else out(`FAIL  ${testCase.id}${note}${result.reason ? `: ${result.reason.split("\n")[0]}` : ""}`);
  }
  record.durationMs = Math.round(performance.now() - started);
  if (target.phoenixVersion) record.phoenixVersion = target.phoenixVersion;
  const file = str("json") ?? "phoenix-mock-check.json";
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  out(`record: ${file}`);
  out(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  if (counts.failed > 0) process.exitCode = 1;
}
