import { context, diag, propagation, trace, type Span } from "@opentelemetry/api";
import type { Instrumentation } from "@opentelemetry/instrumentation";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { TracerProvider } from "@opentelemetry/sdk-trace";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PhoenixConfigError } from "../../src/errors.js";
import { register } from "../../src/register/register.js";
import { startCaptureServer, type CaptureServer } from "./helpers/capture-server.js";
import { expectNoSecret, finalTotals, freshKey, recordingLogger } from "./helpers/util.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await startCaptureServer();
});
afterEach(async () => {
  await server.close();
  trace.disable();
  context.disable();
  propagation.disable();
});

const delegate = () => (trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate();

// A foreign provider's shutdown() does not undo its register(): the next test starts without its globals. (On the
// OpenTelemetry 3 run they were made through another API copy, whose stamp would refuse later registrations.)
function forgetForeignRegistration(): void {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("opentelemetry.js.api.1")];
}

describe("globals", () => {
  it("sets the global provider, an AsyncLocalStorage context manager and W3C propagators; shutdown restores and is idempotent", async () => {
    const provider = register({ url: server.url }, {});
    expect(delegate()).toBe(provider);
    const tracer = trace.getTracer("ctx");
    let child: Span | undefined;
    await tracer.startActiveSpan("parent", async (parent) => {
      await new Promise((r) => setTimeout(r, 1));
      child = tracer.startSpan("child");
      child.end();
      parent.end();
    });
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), child!), carrier);
    expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    // W3C trace context and baggage, both ways (@opentelemetry/core's propagators, built on this first use)
    expect(propagation.fields()).toEqual(["traceparent", "tracestate", "baggage"]);
    const extracted = propagation.extract(context.active(), { ...carrier, baggage: "user=ada" });
    expect(trace.getSpanContext(extracted)?.spanId).toBe(child!.spanContext().spanId);
    expect(propagation.getBaggage(extracted)?.getEntry("user")?.value).toBe("ada");

    await provider.shutdown();
    await provider.shutdown();
    expect(delegate()).not.toBe(provider);
    const spans = server.acceptedSpans();
    const parent = spans.find((s) => s.name === "parent");
    expect(spans.find((s) => s.name === "child")?.parentSpanId).toBe(parent?.spanId);
    expect(trace.getTracer("after").startSpan("x").isRecording()).toBe(false);
  });

  it("warns once when it replaces a provider it did not set, and restores it at shutdown", async () => {
    const foreign = new NodeTracerProvider();
    foreign.register();
    const logger = recordingLogger();
    const provider = register({ url: server.url, logger }, {});
    expect(delegate()).toBe(provider);
    expect(logger.lines).toEqual([
      "[phoenix-otel-auth] register() replaced a global tracer provider it did not set (NodeTracerProvider); spans from the global " +
        "tracer now go to Phoenix only. Pass `global: false` to keep the existing one and use the returned provider explicitly.",
    ]);
    await provider.shutdown();
    expect(delegate()).toBe(foreign);
    await foreign.shutdown();
    forgetForeignRegistration();
  });

  it("keeps a context manager the app already installed", async () => {
    const foreign = new NodeTracerProvider();
    foreign.register();
    const before = (globalThis as Record<symbol, { context?: unknown }>)[Symbol.for("opentelemetry.js.api.1")]?.context;
    const provider = register({ url: server.url, logger: recordingLogger() }, {});
    expect((globalThis as Record<symbol, { context?: unknown }>)[Symbol.for("opentelemetry.js.api.1")]?.context).toBe(before);
    await provider.shutdown();
    await foreign.shutdown();
    forgetForeignRegistration();
  });

  it("registrations made through an older API copy are re-stamped so every copy reads them, and put back at shutdown", async () => {
    const KEY = Symbol.for("opentelemetry.js.api.1");
    const store = globalThis as Record<symbol, Record<string, unknown> | undefined>;
    const theirPropagator = { inject() {}, extract: (c: unknown) => c, fields: () => ["x-theirs"] };
    // What an app on an older @opentelemetry/api leaves behind: the one global object, stamped with its version.
    store[KEY] = { version: "1.0.0", propagation: theirPropagator };
    const logger = recordingLogger();
    const provider = register({ url: server.url, logger, verbose: true }, {});
    expect(store[KEY]!.version).not.toBe("1.0.0");
    expect(delegate()).toBe(provider);
    expect(propagation.fields()).toEqual(["x-theirs"]); // theirs is kept, and readable through our copy
    expect(logger.lines.some((l) => /registered through @opentelemetry\/api 1\.0\.0; register\(\) re-stamped them \d+\.\d+\.\d+/.test(l))).toBe(true);
    trace.getTracer("t").startSpan("through-the-global").end();
    await provider.shutdown();
    expect(server.acceptedSpans().map((s) => s.name)).toEqual(["through-the-global"]);
    expect(store[KEY]).toMatchObject({ version: "1.0.0", propagation: theirPropagator });
    forgetForeignRegistration();
  });

  it("globals stamped by a newer API copy refuse the registration: one warning names both versions and the fix", async () => {
    const KEY = Symbol.for("opentelemetry.js.api.1");
    (globalThis as Record<symbol, unknown>)[KEY] = { version: "1.99.0" };
    const logger = recordingLogger();
    const provider = register({ url: server.url, logger }, {});
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/could not make its tracer provider global: the OpenTelemetry globals were registered through @opentelemetry\/api 1\.99\.0, newer than the 1\.\d+\.\d+ it registers through/);
    expect(logger.lines[0]).toContain("Install one version of @opentelemetry/api");
    provider.getTracer("t").startSpan("through-the-provider").end(); // the returned provider still works
    await provider.shutdown();
    expect(server.acceptedSpans().map((s) => s.name)).toEqual(["through-the-provider"]);
    forgetForeignRegistration();
  });

  it("global: false leaves the globals alone", async () => {
    const provider = register({ url: server.url, global: false }, {});
    expect(delegate()).not.toBe(provider);
    provider.getTracer("local").startSpan("local").end();
    await provider.shutdown();
    expect(server.acceptedSpans().map((s) => s.name)).toEqual(["local"]);
  });
});

describe("register() called twice", () => {
  it("flushes and replaces the previous provider: each span exported once, the second config used", async () => {
    const second = await startCaptureServer();
    const logger = recordingLogger();
    const first = register({ url: server.url, projectName: "first", logger }, {});
    trace.getTracer("t").startSpan("to-first").end();
    const replacement = register({ url: second.url, projectName: "second", logger }, {});
    trace.getTracer("t").startSpan("to-second").end();
    await replacement.shutdown();
    await first.shutdown();

    expect(server.acceptedSpans().map((s) => s.name)).toEqual(["to-first"]);
    expect(second.acceptedSpans().map((s) => s.name)).toEqual(["to-second"]);
    expect(second.acceptedSpans()[0]!.resource.attributes["openinference.project.name"]).toBe("second");
    expect(logger.lines).toEqual(["[phoenix-otel-auth] register() called again: the previous provider was flushed and replaced."]);
    await second.close();
  });
});

describe("off switch", () => {
  it.each([
    ["enabled: false", { enabled: false }, {}],
    ["OTEL_SDK_DISABLED=TRUE", {}, { OTEL_SDK_DISABLED: "TRUE" }],
  ])("%s: non-recording spans, nothing sent, no globals", async (_name, options, environment) => {
    const provider = register({ url: server.url, ...options }, environment);
    expect(provider).toBeInstanceOf(TracerProvider);
    expect(provider.phoenix.enabled).toBe(false);
    const span = provider.getTracer("off").startSpan("nothing");
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(delegate()).not.toBe(provider);
    await provider.forceFlush();
    await provider.shutdown();
    expect(server.requests).toEqual([]);
    expect(provider.phoenix.stats()).toEqual({ exported: 0, rejected: 0, dropped: 0, failedExports: 0, held: 0, redelivered: 0, heldDropped: 0 });
    expect((await provider.phoenix.verify()).status).toBe("disabled");
  });
});

describe("processing", () => {
  it("extraSpanProcessors run beside the Phoenix one", async () => {
    const memory = new InMemorySpanExporter();
    const provider = register({ url: server.url, global: false, extraSpanProcessors: [new SimpleSpanProcessor(memory)] }, {});
    provider.getTracer("t").startSpan("both").end();
    await provider.forceFlush();
    expect(memory.getFinishedSpans().map((s) => s.name)).toEqual(["both"]);
    expect(server.acceptedSpans().map((s) => s.name)).toEqual(["both"]);
    await provider.shutdown();
  });

  it("an explicit exporter replaces OTLP and is still counted", async () => {
    const memory = new InMemorySpanExporter();
    const provider = register({ url: server.url, global: false, exporter: memory }, {});
    provider.getTracer("t").startSpan("custom").end();
    await provider.forceFlush();
    expect(memory.getFinishedSpans().map((s) => s.name)).toEqual(["custom"]);
    expect(provider.phoenix.stats().exported).toBe(1);
    expect(provider.phoenix.endpoint).toBeUndefined();
    await provider.shutdown();
    expect(server.requests).toEqual([]);
  });

  it("span limits from OTEL_SPAN_* / OTEL_ATTRIBUTE_* apply on either SDK line (the 3.x SDK no longer reads them)", async () => {
    const memory = new InMemorySpanExporter();
    const env = { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: "4", OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: "2" };
    const provider = register({ url: server.url, global: false, exporter: memory, batch: false }, env);
    provider.getTracer("t").startSpan("limited", { attributes: { a: "abcdefgh", b: 1, c: 2 } }).end();
    await provider.forceFlush();
    expect(memory.getFinishedSpans()[0]?.attributes).toEqual({ a: "abcd", b: 1 });
    await provider.shutdown();
  });

  it("a sampler from OTEL_TRACES_SAMPLER is used", async () => {
    const provider = register({ url: server.url, global: false }, { OTEL_TRACES_SAMPLER: "always_off" });
    expect(provider.getTracer("t").startSpan("sampled-out").isRecording()).toBe(false);
    await provider.shutdown();
  });

  it("a full span queue drops, counts and reports once", async () => {
    const logger = recordingLogger();
    const provider = register({ url: server.url, global: false, batch: { maxQueueSize: 2, scheduledDelayMillis: 60_000 }, logger }, {});
    const tracer = provider.getTracer("t");
    await provider.forceFlush(); // the OpenInference translation has loaded (test/register/openinference.test.ts covers the load phase)
    // s0 and s1 fill a batch and go out at once; s2 and s3 wait in the queue while that export runs; s4 and s5 find it full.
    for (let i = 0; i < 6; i++) tracer.startSpan(`s${i}`).end();
    await provider.shutdown();
    expect(server.acceptedSpans().map((s) => s.name)).toEqual(["s0", "s1", "s2", "s3"]);
    expect(provider.phoenix.stats()).toMatchObject({ exported: 4, dropped: 2 });
    // The queue message cannot know how many more will not fit: the last word at shutdown gives the total.
    expect(logger.lines).toEqual([expect.stringContaining("the span queue is full (2 spans waiting)"), finalTotals(provider.phoenix.stats())]);
  });

  it("instrumentations are enabled with the provider and disabled at shutdown", async () => {
    const calls: string[] = [];
    let given: unknown;
    const instrumentation = {
      instrumentationName: "fake",
      instrumentationVersion: "1.0.0",
      enable: () => void calls.push("enable"),
      disable: () => void calls.push("disable"),
      setTracerProvider: (p: unknown) => {
        given = p;
        calls.push("setTracerProvider");
      },
      setMeterProvider: () => {},
      setConfig: () => {},
      getConfig: () => ({}),
    } as unknown as Instrumentation;
    const provider = register({ url: server.url, global: false, instrumentations: [instrumentation] }, {});
    expect(given).toBe(provider);
    expect(calls).toEqual(["setTracerProvider", "enable"]);
    await provider.shutdown();
    expect(calls).toEqual(["setTracerProvider", "enable", "disable"]);
  });

  it("diagLogLevel routes OTel diag output to the logger, and shutdown removes it", async () => {
    const logger = recordingLogger();
    const provider = register({ url: server.url, global: false, diagLogLevel: "debug", logger }, {});
    diag.warn("hello from diag");
    expect(logger.lines).toContain("[phoenix-otel-auth] otel warn: hello from diag");
    await provider.shutdown();
    const before = logger.lines.length;
    diag.warn("after shutdown");
    expect(logger.lines.length).toBe(before);
  });

  it("shutting down a replaced provider keeps the diag logger its successor installed", async () => {
    const first = recordingLogger();
    const second = recordingLogger();
    const a = register({ url: server.url, diagLogLevel: "warn", logger: first }, {});
    const b = register({ url: server.url, diagLogLevel: "warn", logger: second }, {});
    await a.shutdown();
    diag.warn("still on");
    expect(second.lines).toContain("[phoenix-otel-auth] otel warn: still on");
    await b.shutdown();
  });
});

describe("verbose and config errors", () => {
  it("verbose prints endpoint with its variable, project, processor and masked headers, never the key", async () => {
    const key = freshKey();
    const logger = recordingLogger();
    const provider = register(
      { verbose: true, logger, global: false },
      { PHOENIX_COLLECTOR_ENDPOINT: server.url, PHOENIX_API_KEY: key, PHOENIX_CLIENT_HEADERS: "x-tenant=acme-tenant-name", PHOENIX_PROJECT: "p1" },
    );
    await provider.shutdown();
    const text = logger.text();
    expect(text).toContain(`endpoint:  ${server.url}/v1/traces (from PHOENIX_COLLECTOR_ENDPOINT)`);
    expect(text).toContain("project:   p1 (from PHOENIX_PROJECT)");
    expect(text).toContain("processor: batch (max queue 2048, batch size 512, delay 5000 ms)");
    expect(text).toContain("authorization: Bearer **** (from PHOENIX_API_KEY)");
    expect(text).toContain("x-tenant: acme…(16 chars) (from PHOENIX_CLIENT_HEADERS)");
    expect(text).not.toContain(key);
    expect(text).not.toContain("acme-tenant-name");
  });

  it("a bad configuration turns tracing off with one message naming the variable and the fix; the app runs on", () => {
    const logger = recordingLogger();
    const provider = register({ logger }, { PHOENIX_COLLECTOR_ENDPOINT: "localhost:6006" });
    expect(logger.lines).toEqual([
      '[phoenix-otel-auth] tracing is off: PHOENIX_COLLECTOR_ENDPOINT="localhost:6006" has no scheme. Write the full URL, e.g. "http://localhost:6006". ' +
        'The app runs untraced until this is fixed (register({ strict: true }) throws instead). `npx phoenix-otel-auth doctor` explains this (check "configuration").',
    ]);
    expect(provider.phoenix.enabled).toBe(false);
    expect(provider.phoenix.configError).toBeInstanceOf(PhoenixConfigError);
    expect(provider.phoenix.configError?.source).toBe("PHOENIX_COLLECTOR_ENDPOINT");
    const span = provider.getTracer("t").startSpan("s");
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(trace.getTracerProvider()).not.toBe(provider); // nothing was registered
  });

  it("a key with a line break: tracing off, and the message masks the key", () => {
    const logger = recordingLogger();
    const key = freshKey();
    const provider = register({ logger }, { PHOENIX_API_KEY: `${key.slice(0, 20)}\n${key.slice(20)}` });
    expect(provider.phoenix.enabled).toBe(false);
    expect(logger.lines).toHaveLength(1);
    expect(logger.text()).toContain("PHOENIX_API_KEY contains whitespace or a control character inside the key");
    expectNoSecret(logger.text(), key);
  });

  it("strict: true throws PhoenixConfigError before anything is registered", () => {
    expect(() => register({ strict: true }, { PHOENIX_COLLECTOR_ENDPOINT: "localhost:6006" })).toThrow(PhoenixConfigError);
    expect(delegate()).toBe(new (trace.getTracerProvider().constructor as new () => { getDelegate(): unknown })().getDelegate());
  });

  it("the key read from a function is trimmed, stripped of Bearer (warned once) and never printed", async () => {
    const key = freshKey();
    const logger = recordingLogger();
    const provider = register({ url: server.url, global: false, batch: false, apiKey: () => ` Bearer ${key} `, logger }, {});
    provider.getTracer("t").startSpan("a").end();
    provider.getTracer("t").startSpan("b").end();
    await provider.shutdown();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${key}`, `Bearer ${key}`]);
    expect(logger.lines).toEqual([
      '[phoenix-otel-auth] option `apiKey` starts with "Bearer "; the prefix was removed (the key alone is expected, "Bearer " is added when sending).',
    ]);
  });

  it("a throwing or invalid key function exports without a key and says so once", async () => {
    const logger = recordingLogger();
    const bad = freshKey();
    let mode: "throw" | "invalid" = "throw";
    const provider = register(
      {
        url: server.url,
        global: false,
        batch: false,
        logger,
        apiKey: () => {
          if (mode === "throw") throw new Error("vault unavailable");
          return `${bad} trailing`;
        },
      },
      {},
    );
    provider.getTracer("t").startSpan("a").end();
    await provider.forceFlush();
    mode = "invalid";
    provider.getTracer("t").startSpan("b").end();
    provider.getTracer("t").startSpan("c").end();
    await provider.shutdown();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined, undefined]);
    expect(logger.lines).toEqual([
      "[phoenix-otel-auth] the `apiKey` function threw (vault unavailable); exporting without a key until it returns one.",
      "[phoenix-otel-auth] option `apiKey` contains whitespace or a control character inside the key (a pasted line break?). " +
        "Copy the key again: an API key is a single token with no spaces. Exporting without a key until it returns a valid one.",
    ]);
    expect(logger.text()).not.toContain(bad);
  });
});
