import * as semconv from "@arizeai/openinference-semantic-conventions";
import * as oiCore from "@arizeai/openinference-core";
import * as root from "../src/index.js";
import { PhoenixConfigError, PhoenixOtelAuthError } from "../src/errors.js";
import { NOT_OBJECTS, type Row, any, describeArgumentTable, row } from "../../../test/helpers/argument-table.js";

// Every public function of phoenix-otel-auth, called with bad arguments, answers with a PhoenixConfigError that names
// the function and the argument (test/helpers/argument-table.ts). The other subpaths: `phoenix-otel-auth/register` is a
// side-effect import (no functions; bad environment is covered by test/register/examples.test.ts),
// `phoenix-otel-auth/vercel` re-exports @arizeai/openinference-vercel unchanged, as do the OpenTelemetry and
// OpenInference re-exports of the root (theirs, not ours to change).
const config = row(PhoenixConfigError);

const ROWS: Row[] = [
  config("BatchSpanProcessor", "exporter", (v) => new root.BatchSpanProcessor(any(v)), [undefined, ...NOT_OBJECTS, {}]),
  config("SimpleSpanProcessor", "exporter", (v) => new root.SimpleSpanProcessor(any(v)), [undefined, ...NOT_OBJECTS, {}]),
  config("getTracer", "name", (v) => root.getTracer(any(v)), [null, 42, {}, []]),
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
  config("register", "logger", (v) => root.register(any({ logger: v, global: false }), {}), [null, 5, {}, "console"]),
  config("register", "instrumentations", (v) => root.register(any({ instrumentations: v, global: false }), {}), [null, 5, {}]),
  config("register", "spanProcessors", (v) => root.register(any({ spanProcessors: v, global: false }), {}), [null, 5, "x", {}]),
  config("register", "spanProcessors", (v) => root.register(any({ spanProcessors: () => v, global: false }), {}), [null, 5, {}]),
  config("verifyConnection", "timeoutMillis", (v) => root.verifyConnection(any({ url: "http://127.0.0.1:1", timeoutMillis: v }), {}), [-1, 0, 1.5, NaN, "x", null]),
  config("createPhoenixExporter", "logger", (v) => root.createPhoenixExporter(any({ logger: v }), {}), [null, 5]),
];

const theirs = new Set([...Object.keys(semconv), ...Object.keys(oiCore), "trace", "context", "DiagLogLevel", "SpanStatusCode", "suppressTracing", "OTLPTraceExporter", "registerInstrumentations"]);
// Classes whose constructor is not the public way in (register() makes the provider), functions with no arguments, and
// asPhoenixOtelAuthError (any value is valid: it answers undefined).
const noArguments = new Set(["PhoenixTracerProvider", "createNoOpProvider", "detachGlobalTracerProvider", "asPhoenixOtelAuthError"]);
describeArgumentTable(PhoenixOtelAuthError, ROWS, root, theirs, noArguments);
