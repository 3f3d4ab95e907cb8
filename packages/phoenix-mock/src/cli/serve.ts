// `phoenix-mock [serve]`: the mock Phoenix as a local server in the foreground, configured like `phoenix serve`.
import { fstatSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { MOCK_ENV_VARS } from "../core/index.js";
import { CLI_DEFAULT_MAX_SPANS, MAX_SPANS_VARIABLE } from "../spans/index.js";
import { MockConfigError, MockUsageError } from "../errors.js";
import { PHOENIX_VERSION, createMockPhoenix, type MockPhoenix } from "../mock.js";
import { capYoungGeneration, compactWhenIdle } from "../server/heap.js";
import { DETACHED_VARIABLE } from "./detached.js";
import { parseFaultFlag } from "./fault-flag.js";

export const SERVE_HELP = `Usage: phoenix-mock [serve] [options]
       phoenix-mock start [options] [--state-file <file>] [--log-file <file>] [--timeout <ms>]
       phoenix-mock stop [--state-file <file>] [--timeout <ms>]
       phoenix-mock check <url> [options]   (the contract suite against a Phoenix: phoenix-mock check --help)

A local mock of Arize Phoenix ${PHOENIX_VERSION}: auth (PHOENIX_ENABLE_AUTH, PHOENIX_SECRET, API keys, roles),
OTLP/HTTP protobuf ingest on POST /v1/traces, OTLP/gRPC ingest on PHOENIX_GRPC_PORT and span read-back. Reads these environment variables, as
\`phoenix serve\` does (flags beat variables):
  ${MOCK_ENV_VARS.join("\n  ")}
and its own:
  PHOENIX_MOCK_MAX_BODY_BYTES  the largest request body, and inflated OTLP body, it reads (default 33554432,
                               32 MiB); past it the answer is 413 (Phoenix has no limit)

Options:
  --port <n>          PHOENIX_PORT (default 6006; 0 picks a free port)
  --host <host>       PHOENIX_HOST (default 127.0.0.1)
  --grpc-port <n>     PHOENIX_GRPC_PORT: OTLP over gRPC (default 4317, skipped with a warning when that port
                      is taken or @grpc/grpc-js, an optional peer, is not installed; an explicit port must
                      bind; 0 picks a free port)
  --no-grpc           serve HTTP only (Phoenix always serves gRPC; a test that needs only OTLP/HTTP starts faster)
  --enable-auth       PHOENIX_ENABLE_AUTH=true (needs PHOENIX_SECRET)
  --max-spans <n>     ${MAX_SPANS_VARIABLE} (default ${CLI_DEFAULT_MAX_SPANS}; 0 keeps every span): keep at most n
                      spans, evicting the oldest (logged once on stderr). Not a Phoenix variable: Phoenix keeps all.
  --fault <spec>      inject a fault into ingest (POST /v1/traces, gRPC Export); repeatable. <spec> is
                      comma-separated: status=<4xx|5xx> [retry-after=<s>] [message=<text>] [grpc-code=<n>],
                      or delay=<ms>, or stall, or reset, or drop-response; then optionally times=<n>,
                      fraction=<0..1>, transport=http|grpc. E.g. --fault status=503,times=2
  --control           serve the control route /__phoenix_mock/ (faults, the span queue, stats) for tests in
                      other processes; it answers only "authorization: Bearer <PHOENIX_ADMIN_SECRET>", which
                      must be set (also with auth off). Routes: POST /faults (a JSON fault), DELETE /faults,
                      POST /faults/<id>/release, POST /inserts/pause, POST /inserts/resume, GET /stats
  --print             write each stored trace to stderr as an indented tree (name, kind, duration, status,
                      key attributes), half a second after its last span arrived
  --quiet             do not log requests to stderr
  -h, --help          show this help

Secrets (PHOENIX_SECRET, PHOENIX_ADMIN_SECRET) are read from the environment only: command-line flags are
visible to every user of the machine (ps).

Output: the server URL alone on stdout once listening (and this help, when asked); everything else on stderr,
including the line "OTLP/gRPC on http://<host>:<port>".
Lifetime:
  phoenix-mock [serve]  runs in the foreground and stops (exit 0) on SIGINT/SIGTERM, when its parent process
                        exits, and when stdin is a pipe that closes: a server spawned by a test runner (directly
                        or through npx), or put in the background of a script with &, never outlives it.
  phoenix-mock start    starts the same server as a background service that outlives the command (for the
                        next steps of a CI job), waits until it answers GET /healthz, prints its URL on stdout
                        and writes --state-file (default .phoenix-mock.json: pid, url, log); its output goes to
                        --log-file (default .phoenix-mock.log). --timeout bounds the wait (default 30000 ms).
  phoenix-mock stop     stops the server of --state-file (SIGTERM, then SIGKILL after --timeout, default 5000 ms)
                        and removes the file.
Exit codes: 0 after SIGINT/SIGTERM or when the parent is gone, 1 when start/stop could not do it (the message
says why), 2 for an invalid configuration or usage.
`;

export function fail(message: string): never {
  process.stderr.write(`phoenix-mock: ${message}\n`);
  process.exit(2);
}

/** The server's flags, shared by `serve` and `start` (which passes them on to the server it starts). */
export const SERVE_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  "grpc-port": { type: "string" },
  "no-grpc": { type: "boolean" },
  "enable-auth": { type: "boolean" },
  "max-spans": { type: "string" },
  fault: { type: "string", multiple: true },
  control: { type: "boolean" },
  print: { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** parseArgs with the usage error as exit 2; positionals only where the command takes them. */
export function parseFlags(
  args: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals }) as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\nRun phoenix-mock --help for usage.`);
  }
}

export async function serve(args: string[]): Promise<void> {
  const { values } = parseFlags(args, SERVE_OPTIONS) as {
    values: { port?: string; host?: string; "grpc-port"?: string; "no-grpc"?: boolean; "enable-auth"?: boolean; "max-spans"?: string; fault?: string[]; control?: boolean; print?: boolean; quiet?: boolean; help?: boolean };
  };
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return;
  }
  for (const flag of ["port", "grpc-port"] as const) {
    const value = values[flag];
    if (value !== undefined && !/^\d+$/.test(value)) fail(`--${flag} must be an integer, got: ${value}`);
  }
  const maxSpansFlag = values["max-spans"];
  if (maxSpansFlag !== undefined && !/^\d+$/.test(maxSpansFlag)) {
    fail(`--max-spans must be a non-negative integer (0 keeps every span), got: ${maxSpansFlag}`);
  }
  const maxSpansVar = process.env[MAX_SPANS_VARIABLE]?.trim();
  // The flag beats the variable; with neither, the CLI (a long-running process) keeps a bounded store.
  const maxSpans = maxSpansFlag !== undefined ? Number(maxSpansFlag) : maxSpansVar ? undefined : CLI_DEFAULT_MAX_SPANS;

  const maxBody = process.env.PHOENIX_MOCK_MAX_BODY_BYTES;
  if (maxBody !== undefined && !(/^[1-9]\d*$/.test(maxBody.trim()) && Number.isSafeInteger(Number(maxBody.trim())))) {
    fail(`PHOENIX_MOCK_MAX_BODY_BYTES must be a positive integer (bytes), got: ${JSON.stringify(maxBody)}. Unset it for 32 MiB.`);
  }

  const log = (message: string) => process.stderr.write(`phoenix-mock: ${message}\n`);
  let mock: MockPhoenix;
  try {
    mock = createMockPhoenix({
      env: process.env,
      ...(values.port !== undefined ? { port: Number(values.port) } : {}),
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(values["grpc-port"] !== undefined ? { grpcPort: Number(values["grpc-port"]) } : {}),
      ...(values["enable-auth"] ? { enableAuth: true } : {}),
      ...(maxSpans !== undefined ? { maxSpans } : {}),
      ...(maxBody !== undefined ? { maxBodyBytes: Number(maxBody.trim()) } : {}),
      ...(values.control ? { controlRoute: true } : {}),
      ...(values.print ? { print: (text: string) => void process.stderr.write(text) } : {}),
      logger: log,
      // Log lines name the principal kind, never a credential.
      onRequest: values.quiet ? undefined : (entry) => log(`${entry.method} ${entry.path} ${entry.status} ${entry.principal}`),
    });
  } catch (error) {
    if (error instanceof MockConfigError) fail(error.message);
    if (error instanceof MockUsageError) fail(error.message.replace("createMockPhoenix: option `controlRoute`", "--control"));
    throw error;
  }
  for (const flag of values.fault ?? []) {
    const spec = parseFaultFlag(flag);
    if (typeof spec === "string") fail(spec);
    try {
      mock.injectFault(spec);
    } catch (error) {
      if (error instanceof MockUsageError) fail(`--fault ${JSON.stringify(flag)}: ${error.message.replace(/^mock\.injectFault: /, "")}`);
      throw error;
    }
  }
  const { config } = mock;
  const url = await mock.listen({ port: config.port, host: config.host });
  const grpcExplicit = values["grpc-port"] !== undefined || Boolean(process.env.PHOENIX_GRPC_PORT?.trim());
  if (values["no-grpc"] && values["grpc-port"] !== undefined) fail("--no-grpc and --grpc-port contradict each other: pass one of them");
  try {
    if (!values["no-grpc"]) log(`OTLP/gRPC on ${await mock.listenGrpc({ port: config.grpcPort, host: config.host })}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // Phoenix's default port is often taken (a collector, another mock): then HTTP still serves, with a warning.
    if (grpcExplicit) {
      await mock.close();
      fail(`cannot serve OTLP/gRPC on port ${config.grpcPort} (PHOENIX_GRPC_PORT / --grpc-port): ${reason}`);
    }
    // Without the optional peer @grpc/grpc-js, HTTP serves alone; the warning says how to add gRPC.
    if (error instanceof MockUsageError) log(`warning: OTLP/gRPC not served: ${reason}`);
    else log(`warning: OTLP/gRPC not served: port ${config.grpcPort} is unavailable (${reason}); set PHOENIX_GRPC_PORT (0 = any free port)`);
  }
  // Start-up is over: from here on the young generation keeps its size (a flood must not leave its memory behind).
  capYoungGeneration();
  compactWhenIdle(() => {
    const { stored, evicted } = mock.spanStats();
    return stored + evicted;
  });
  process.stdout.write(`${url}\n`);
  log(`mock of Phoenix ${PHOENIX_VERSION} ready at ${url} (auth ${config.enableAuth ? "on" : "off"})`);
  if (values.fault?.length) log(`${values.fault.length} fault(s) injected into ingest (--fault); GET /__phoenix_mock/stats counts them with --control`);
  if (values.control) log("control route on /__phoenix_mock/ (authorization: Bearer <PHOENIX_ADMIN_SECRET>)");
  const bound = mock.spanStats().maxSpans;
  log(bound === undefined ? "keeps every span (no --max-spans bound)" : `keeps the newest ${bound} spans, evicting older ones (--max-spans / ${MAX_SPANS_VARIABLE})`);
  if (config.enableAuth) {
    const password = process.env.PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD ? "the value of PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD" : '"admin"';
    log(`default admin: admin@localhost, password ${password} (Phoenix flags it for reset; the mock does not enforce that)`);
  }
  const stop = () => {
    mock.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // A server that `phoenix-mock start` put in the background lives until `phoenix-mock stop` (or a signal).
  if (process.env[DETACHED_VARIABLE] !== "1") exitWithParent(stop, log);
}

/**
 * A mock started by a test runner must not outlive it, and `npx` does not pass signals on. So: when stdin is a pipe
 * (a spawned child; `npx` hands its own stdin down), its end means the parent is gone or done; and when the parent
 * process changes (it died, the child was re-parented), stop. A terminal or /dev/null on stdin is not watched.
 */
function exitWithParent(stop: () => void, log: (message: string) => void): void {
  let stopping = false;
  const once = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping`);
    stop();
  };
  let piped = false;
  try {
    const stat = fstatSync(0);
    piped = stat.isFIFO() || stat.isSocket();
  } catch {
    // No stdin at all.
  }
  if (piped) {
    process.stdin.on("end", () => once("stdin closed"));
    process.stdin.on("error", () => once("stdin closed"));
    process.stdin.resume();
  }
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) once(`parent process ${parent} is gone`);
  }, 500).unref();
}
