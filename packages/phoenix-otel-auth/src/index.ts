export { PhoenixOtelAuthError, PhoenixConfigError, asPhoenixOtelAuthError } from "./errors.js";
export type { AnyPhoenixOtelAuthError, PhoenixOtelAuthErrorCode } from "./errors.js";
export { register, PhoenixTracerProvider } from "./register/register.js";
export type { PhoenixHandle } from "./register/register.js";
export { resolveConfig } from "./register/config/resolve.js";
export type { ResolvedConfig, ResolvedBatch, AuthorizationConfig } from "./register/config/resolve.js";
export { verifyConnection } from "./register/verify.js";
export type { VerifyOptions, VerifyResult, VerifyStatus } from "./register/verify.js";
export type { ExportStats } from "./register/export/exporter.js";
export type { FailureKind } from "./register/report/failures.js";
export type {
  ApiKeyOption,
  BatchOptions,
  ConfigSource,
  DiagLogLevelName,
  Env,
  PhoenixLogger,
  RegisterOptions,
  Resolved,
} from "./register/types.js";
export { createPhoenixExporter } from "./register/export/pipeline.js";
export type { PhoenixExporterOptions, PhoenixSpanExporter } from "./register/export/pipeline.js";

// Everything @arizeai/phoenix-otel 2.1 exports, with the same meaning (test/compat/exports.test.ts compares the lists).
export { trace, context, DiagLogLevel, SpanStatusCode, type Tracer } from "@opentelemetry/api";
export { suppressTracing } from "./lazy/core.js";
export { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
// registerInstrumentations, suppressTracing, the OpenInference helpers and the semantic conventions' objects load their
// packages on first use (src/lazy/stubs.ts).
export { registerInstrumentations } from "./lazy/instrumentation.js";
export type { Instrumentation } from "@opentelemetry/instrumentation";
export type { TracerProvider, TracerProvider as NodeTracerProvider } from "@opentelemetry/sdk-trace";
export * from "./lazy/semantic-conventions.js";
export * from "./lazy/openinference-core.js";
export {
  createNoOpProvider,
  ensureCollectorEndpoint,
  getDefaultSpanProcessor,
  objectAsAttributes,
  type Headers,
  type RegisterParams,
} from "./register/drop-in/compat.js";
export { attachGlobalTracerProvider, detachGlobalTracerProvider, type GlobalTracerProviderRegistration } from "./register/process/globals.js";
export { LazyOpenInferenceSpanProcessor, type LazyOpenInferenceSpanProcessorOptions } from "./register/translate/openinference.js";
// What @arizeai/phoenix-otel 3.0 added (its release notes): a swap-following tracer, and the processors with 3.x's
// options-object constructors (2.x's positional form works too).
export { BatchSpanProcessor, SimpleSpanProcessor, getTracer, type SpanProcessorOptions } from "./register/drop-in/v3-names.js";
