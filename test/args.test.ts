import * as semconv from "@arizeai/openinference-semantic-conventions";
import * as oiCore from "@arizeai/openinference-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as root from "../src/index.js";
import * as testing from "../src/testing.js";
import { MockUsageError, PhoenixConfigError, PhoenixOtelAuthError } from "../src/errors.js";
import { generateSecret } from "./helpers/secrets.js";

// Every public function of phoenix-otel-auth and phoenix-otel-auth/testing, called with bad arguments, answers with a
// typed error from src/errors.ts that names the function and the argument, shows the value (strings masked: a
// misplaced secret must not leak) and says what to pass; never a TypeError/RangeError from inside. The other subpaths:
// `phoenix-otel-auth/register` is a side-effect import (no functions; bad environment is covered by
// test/register/examples.test.ts), `phoenix-otel-auth/vercel` re-exports @arizeai/openinference-vercel unchanged, as do
// the OpenTelemetry and OpenInference re-exports of the root (theirs, not ours to change).
const secret = generateSecret();
/** Values that are never a valid options object / argument. */
const NOT_OBJECTS: unknown[] = [null, 42, NaN, "x", secret, true, [], [1], () => 1, 10n];
const NOT_NUMBERS: unknown[] = [undefined, null, NaN, Infinity, "5", secret, {}, [], true];

type Row = { fn: string; argument: string; error: typeof PhoenixConfigError | typeof MockUsageError; values: unknown[]; call: (value: unknown) => unknown };
const mock = () => testing.createMockPhoenix();
const config = (fn: string, argument: string, call: (value: unknown) => unknown, values = NOT_OBJECTS): Row => ({ fn, argument, error: PhoenixConfigError, values, call });
const usage = (fn: string, argument: string, call: (value: unknown) => unknown, values = NOT_OBJECTS): Row => ({ fn, argument, error: MockUsageError, values, call });
const any = (value: unknown) => value as never;

const ROWS: Row[] = [
  config("register", "options", (v) => root.register(any(v))),
  config("resolveConfig", "options", (v) => root.resolveConfig(any(v), {})),
  config("resolveConfig", "env", (v) => root.resolveConfig({}, any(v))),
  config("verifyConnection", "options", (v) => root.verifyConnection(any(v), {})),
  config("verifyConnection", "env", (v) => root.verifyConnection({}, any(v))),
  config("createPhoenixExporter", "options", (v) => root.createPhoenixExporter(any(v), {})),
  config("createPhoenixExporter", "env", (v) => root.createPhoenixExporter({}, any(v))),
  config("getDefaultSpanProcessor", "params", (v) => root.getDefaultSpanProcessor(any(v), {})),
  config("getDefaultSpanProcessor", "env", (v) => root.getDefaultSpanProcessor({}, any(v))),
  config("objectAsAttributes", "obj", (v) => root.objectAsAttributes(any(v)), [undefined, ...NOT_OBJECTS]),
  config("ensureCollectorEndpoint", "url", (v) => root.ensureCollectorEndpoint(any(v)), [undefined, null, 42, "x", {}, []]),
  config("attachGlobalTracerProvider", "provider", (v) => root.attachGlobalTracerProvider(any(v)), [undefined, ...NOT_OBJECTS, {}]),
  config("LazyOpenInferenceSpanProcessor", "options", (v) => new root.LazyOpenInferenceSpanProcessor(any(v)), [undefined, ...NOT_OBJECTS]),
  config("LazyOpenInferenceSpanProcessor", "options.exporter", (v) => new root.LazyOpenInferenceSpanProcessor(any({ exporter: v })), [undefined, ...NOT_OBJECTS, {}]),
  // PhoenixAdmin's own checks (test/admin/validation.test.ts has every method).
  config("PhoenixAdmin", "options", (v) => new testing.PhoenixAdmin(any(v)), [undefined, ...NOT_OBJECTS]),
  config("PhoenixAdmin", "baseUrl", (v) => testing.PhoenixAdmin.login(any(v), "admin@localhost", "admin"), [undefined, null, 42, "x", {}]),
  usage("createMockPhoenix", "options", (v) => testing.createMockPhoenix(any(v))),
  usage("createManualClock", "startMs", (v) => testing.createManualClock(any(v)), NOT_NUMBERS.slice(1)),
  usage("clock.advance", "ms", (v) => testing.createManualClock().advance(any(v)), [...NOT_NUMBERS, -1]),
  usage("clock.set", "ms", (v) => testing.createManualClock().set(any(v)), NOT_NUMBERS),
  usage("setupMswServer", "mock", (v) => testing.setupMswServer(any(v)), [undefined, ...NOT_OBJECTS, {}]),
  usage("phoenixHandlers", "mock", (v) => testing.phoenixHandlers(any(v), { http: { all: () => ({}) } }), [undefined, ...NOT_OBJECTS, {}]),
  usage("phoenixHandlers", "msw", (v) => testing.phoenixHandlers(mock(), any(v)), [undefined, ...NOT_OBJECTS, {}, { http: {} }]),
  usage("startMockServer", "options", (v) => testing.startMockServer(any(v))),
  usage("mock.listen", "options", (v) => mock().listen(any(v))),
  usage("mock.listenGrpc", "options", (v) => mock().listenGrpc(any(v))),
  usage("mock.restart", "options", (v) => mock().restart(any(v))),
  usage("mock.request", "path", (v) => mock().request(any(v)), [undefined, null, 42, {}, []]),
  usage("mock.handle", "request", (v) => mock().handle(any(v)), [undefined, ...NOT_OBJECTS, {}]),
  usage("mock.spans", "filter", (v) => mock().spans(any(v))),
  usage("mock.waitForSpans", "options", (v) => mock().waitForSpans(any(v))),
  usage("mock.createSystemApiKey", "options", (v) => testing.createMockPhoenix({ enableAuth: true, secret }).createSystemApiKey(any(v))),
  usage("mock.createUser", "options", (v) => mock().createUser(any(v)), [undefined, ...NOT_OBJECTS]),
  usage("mock.createUser", "email", (v) => mock().createUser(any({ email: v, role: "MEMBER" })), [undefined, null, 42, "", {}]),
  usage("mock.createUser", "role", (v) => mock().createUser(any({ email: "a@b.c", role: v })), [undefined, null, "SYSTEM", "admin", 1]),
  usage("mock.createUser", "password", (v) => mock().createUser(any({ email: "a@b.c", role: "MEMBER", password: v })), [null, 42, {}]),
  usage("mock.createUserApiKey", "options", (v) => testing.createMockPhoenix({ enableAuth: true, secret }).createUserApiKey(any(v)), [undefined, ...NOT_OBJECTS]),
  // Options inside the options object whose wrong type or range would otherwise fail deep inside.
  config("register", "logger", (v) => root.register(any({ logger: v, global: false }), {}), [null, 5, {}, "console"]),
  config("register", "instrumentations", (v) => root.register(any({ instrumentations: v, global: false }), {}), [null, 5, {}]),
  config("register", "spanProcessors", (v) => root.register(any({ spanProcessors: v, global: false }), {}), [null, 5, "x", {}]),
  config("register", "spanProcessors", (v) => root.register(any({ spanProcessors: () => v, global: false }), {}), [null, 5, {}]),
  config("verifyConnection", "timeoutMillis", (v) => root.verifyConnection(any({ url: "http://127.0.0.1:1", timeoutMillis: v }), {}), [-1, 0, 1.5, NaN, "x", null]),
  config("createPhoenixExporter", "logger", (v) => root.createPhoenixExporter(any({ logger: v }), {}), [null, 5]),
  usage("createMockPhoenix", "env", (v) => testing.createMockPhoenix(any({ env: v })), [null, 5, [], "PHOENIX_ENABLE_AUTH=true"]),
  usage("createMockPhoenix", "clock", (v) => testing.createMockPhoenix(any({ clock: v })), [null, 5, {}]),
  usage("createMockPhoenix", "logger", (v) => testing.createMockPhoenix(any({ logger: v })), [null, 5]),
  usage("createMockPhoenix", "baseUrl", (v) => testing.createMockPhoenix(any({ baseUrl: v })), [null, 5, {}]),
  usage("mock.restart", "env", (v) => mock().restart(any({ env: v })), [null, 5]),
  usage("mock.listen", "port", (v) => mock().listen(any({ port: v })), [-1, 65536, 1.5, "x", null]),
  usage("mock.listen", "grpcPort", (v) => mock().listen(any({ grpcPort: v })), [-1, 65536, "4317"]),
  usage("mock.listen", "host", (v) => mock().listen(any({ host: v })), [5, "", null]),
  usage("mock.listen", "maxHeaderBytes", (v) => mock().listen(any({ maxHeaderBytes: v })), [-1, 0, 1.5, "x"]),
  usage("mock.listenGrpc", "port", (v) => mock().listenGrpc(any({ port: v })), [-1, 70000, "x"]),
  usage("mock.waitForSpans", "count", (v) => mock().waitForSpans(any({ count: v, timeoutMs: 1 })), [-1, 1.5, "x", null]),
  usage("mock.waitForSpans", "timeoutMs", (v) => mock().waitForSpans(any({ timeoutMs: v })), [-1, NaN, "x", null]),
  usage("startMockServer", "port", (v) => testing.startMockServer(any({ port: v })), [-1, 65536, "x"]),
  usage("startMockServer", "env", (v) => testing.startMockServer(any({ env: v })), [null, 5]),
];

async function outcome(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

function expectTyped(row: Row, value: unknown, error: unknown): void {
  const label = `${row.fn}(${row.argument} = ${String(typeof value === "string" ? JSON.stringify(value).slice(0, 20) : typeof value === "bigint" ? `${value}n` : Array.isArray(value) ? "[...]" : typeof value === "function" ? "fn" : value)})`;
  expect(error, `${label} did not throw`).toBeInstanceOf(PhoenixOtelAuthError);
  expect(error, `${label}: ${String(error)}`).toBeInstanceOf(row.error);
  const { message } = error as Error;
  expect(message, label).toContain(row.fn.replace(/^mock\.|^clock\./, ""));
  expect(message, label).toContain(row.argument.replace(/^options\./, ""));
  expect(message, label).toMatch(/must|pass|use|give/i);
  expect(message, `${label} leaks the secret`).not.toContain(secret.slice(0, 16));
  if (row.error === PhoenixConfigError) {
    expect((error as PhoenixConfigError).source).toContain(row.argument);
    expect(String((error as PhoenixConfigError).value), `${label}: value leaks the secret`).not.toContain(secret.slice(0, 16));
  }
}

describe("every public function answers bad arguments with a typed error", () => {
  it("the table covers every function this package exports itself (re-exports of OpenTelemetry/OpenInference aside)", () => {
    const theirs = new Set([...Object.keys(semconv), ...Object.keys(oiCore), "trace", "context", "DiagLogLevel", "SpanStatusCode", "suppressTracing", "OTLPTraceExporter", "registerInstrumentations"]);
    const ours = [...Object.entries(root), ...Object.entries(testing)]
      .filter(([name, value]) => typeof value === "function" && !theirs.has(name) && !/Error$/.test(name))
      .map(([name]) => name);
    // Classes whose constructor is not the public way in (register() makes the provider; createMockPhoenix the mock),
    // functions with no arguments, and asPhoenixOtelAuthError (any value is valid: it answers undefined).
    const noArguments = new Set(["PhoenixTracerProvider", "MockPhoenix", "createNoOpProvider", "detachGlobalTracerProvider", "asPhoenixOtelAuthError"]);
    const covered = new Set(ROWS.map((row) => row.fn));
    expect(ours.filter((name) => !covered.has(name) && !noArguments.has(name))).toEqual([]);
  });

  for (const row of ROWS) {
    it(`${row.fn}: bad \`${row.argument}\``, async () => {
      for (const value of row.values) expectTyped(row, value, await outcome(() => row.call(value)));
    });
  }

  it("property: for arbitrary non-object values, every options argument is a typed error", async () => {
    const rows = ROWS.filter((row) => row.values === NOT_OBJECTS);
    const notObject = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.bigInt(), fc.array(fc.anything(), { maxLength: 3 }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...rows), notObject, async (row, value) => {
        expectTyped(row, value, await outcome(() => row.call(value)));
      }),
      { numRuns: 200 },
    );
  });
});
