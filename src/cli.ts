// bin `phoenix-mock`: the mock Phoenix as a local server, configured like `phoenix serve`.
import { fstatSync } from "node:fs";
import { parseArgs } from "node:util";
import { CLI_DEFAULT_MAX_SPANS, MAX_SPANS_VARIABLE, MOCK_ENV_VARS } from "./mock/core/index.js";
import { MockConfigError, PHOENIX_VERSION, createMockPhoenix, type MockPhoenix } from "./mock/index.js";
import { capYoungGeneration } from "./mock/server/heap.js";

const HELP = `Usage: phoenix-mock [options]

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
                      is taken; an explicit port must bind; 0 picks a free port)
  --enable-auth       PHOENIX_ENABLE_AUTH=true (needs PHOENIX_SECRET)
  --max-spans <n>     ${MAX_SPANS_VARIABLE} (default ${CLI_DEFAULT_MAX_SPANS}; 0 keeps every span): keep at most n
                      spans, evicting the oldest (logged once on stderr). Not a Phoenix variable: Phoenix keeps all.
  --quiet             do not log requests to stderr
  -h, --help          show this help

Secrets (PHOENIX_SECRET, PHOENIX_ADMIN_SECRET) are read from the environment only: command-line flags are
visible to every user of the machine (ps).

Output: the server URL alone on stdout once listening (and this help, when asked); everything else on stderr,
including the line "OTLP/gRPC on http://<host>:<port>".
Lifetime: stops (exit 0) on SIGINT/SIGTERM, when its parent process exits, and when stdin is a pipe that closes, so a
server spawned by a test runner (directly or through npx) never outlives it.
Exit codes: 0 after SIGINT/SIGTERM or when the parent is gone, 2 for an invalid configuration or usage.
`;

function fail(message: string): never {
  process.stderr.write(`phoenix-mock: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { port?: string; host?: string; "grpc-port"?: string; "enable-auth"?: boolean; "max-spans"?: string; quiet?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "grpc-port": { type: "string" },
        "enable-auth": { type: "boolean" },
        "max-spans": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\nRun phoenix-mock --help for usage.`);
  }
  if (values.help) {
    process.stdout.write(HELP);
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
      logger: log,
      // Log lines name the principal kind, never a credential.
      onRequest: values.quiet ? undefined : (entry) => log(`${entry.method} ${entry.path} ${entry.status} ${entry.principal}`),
    });
  } catch (error) {
    if (error instanceof MockConfigError) fail(error.message);
    throw error;
  }
  const { config } = mock;
  const url = await mock.listen({ port: config.port, host: config.host });
  const grpcExplicit = values["grpc-port"] !== undefined || Boolean(process.env.PHOENIX_GRPC_PORT?.trim());
  try {
    log(`OTLP/gRPC on ${await mock.listenGrpc({ port: config.grpcPort, host: config.host })}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // Phoenix's default port is often taken (a collector, another mock): then HTTP still serves, with a warning.
    if (grpcExplicit) {
      await mock.close();
      fail(`cannot serve OTLP/gRPC on port ${config.grpcPort} (PHOENIX_GRPC_PORT / --grpc-port): ${reason}`);
    }
    log(`warning: OTLP/gRPC not served: port ${config.grpcPort} is unavailable (${reason}); set PHOENIX_GRPC_PORT (0 = any free port)`);
  }
  // Start-up is over: from here on the young generation keeps its size (a flood must not leave its memory behind).
  capYoungGeneration();
  process.stdout.write(`${url}\n`);
  log(`mock of Phoenix ${PHOENIX_VERSION} ready at ${url} (auth ${config.enableAuth ? "on" : "off"})`);
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
  exitWithParent(stop, log);
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

main().catch((error: unknown) => {
  process.stderr.write(`phoenix-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
