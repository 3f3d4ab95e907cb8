// The names @arizeai/phoenix-otel 3.0 added (its release notes): getTracer(name), and BatchSpanProcessor /
// SimpleSpanProcessor re-exported with the options-object constructors of `@opentelemetry/sdk-trace` (both lines), and
// also accepting the positional form of `@opentelemetry/sdk-trace-base` 2.x (`new BatchSpanProcessor(exporter, config)`),
// which code written for `@arizeai/phoenix-otel` 2.1 uses.
import type { TraceConfigOptions } from "@arizeai/openinference-core";
import { OITracer } from "../../lazy/openinference-core.js";
import { trace, type Tracer } from "@opentelemetry/api";
import {
  BatchSpanProcessor as SdkBatchSpanProcessor,
  SimpleSpanProcessor as SdkSimpleSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace";
import { PhoenixConfigError } from "../../errors.js";
import { showArgument } from "../../args.js";
import type { BatchConfig } from "../translate/openinference.js";

/** 3.x's processor options: the exporter and, for the batch processor, the batching settings. */
export type SpanProcessorOptions<Config = object> = Config & { exporter: SpanExporter };

const isExporter = (value: unknown): value is SpanExporter => typeof (value as Partial<SpanExporter> | null)?.export === "function";

function split<Config>(name: string, first: unknown, second: Config | undefined): [SpanExporter, Config | undefined] {
  if (isExporter(first)) return [first, second];
  const options = first as Partial<SpanProcessorOptions<Config>> | null | undefined;
  if (isExporter(options?.exporter)) {
    const { exporter, ...config } = options as SpanProcessorOptions<Config>;
    return [exporter, config as unknown as Config];
  }
  throw new PhoenixConfigError(
    "exporter",
    showArgument(first),
    `new ${name}(): pass { exporter } (an object with an export() method), e.g. new ${name}({ exporter: new OTLPTraceExporter() }), got ${showArgument(first)}.`,
  );
}

/** The SDK's batch processor, constructed as in `@opentelemetry/sdk-trace` (`{ exporter, ...config }`) or positionally. */
export class BatchSpanProcessor extends SdkBatchSpanProcessor {
  constructor(options: SpanProcessorOptions<BatchConfig> | SpanExporter, config?: BatchConfig) {
    const [exporter, rest] = split("BatchSpanProcessor", options, config);
    super({ ...rest, exporter });
  }
}

/** The SDK's simple processor, constructed as in OpenTelemetry JS 3 (`{ exporter }`) or as in 2.x. */
export class SimpleSpanProcessor extends SdkSimpleSpanProcessor {
  constructor(options: SpanProcessorOptions | SpanExporter) {
    super({ exporter: split("SimpleSpanProcessor", options, undefined)[0] });
  }
}

/**
 * A tracer that looks the global tracer provider up on every call, so its spans follow the provider that is mounted
 * now (after attachGlobalTracerProvider(), detachGlobalTracerProvider() or another register()), where a tracer from
 * `trace.getTracer()` keeps the provider it was made with: `getTracer` of `@arizeai/phoenix-otel` 3.0. It is an
 * OpenInference `OITracer`, as the `getTracer` that 2.1 re-exports from `@arizeai/openinference-core` is (that one
 * binds to the provider of the moment), so code written for either version gets what it expects.
 */
export function getTracer(name = "openinference-core", traceConfig?: TraceConfigOptions): OITracer {
  if (typeof name !== "string") throw new PhoenixConfigError("name", showArgument(name), `getTracer: \`name\` must be a string, e.g. getTracer("my-app"), got ${showArgument(name)}.`);
  const current = () => trace.getTracer(name);
  const following = {
    startSpan: (spanName, options, context) => current().startSpan(spanName, options, context),
    startActiveSpan(...args: unknown[]) {
      const tracer = current();
      return Reflect.apply(tracer.startActiveSpan, tracer, args);
    },
  } as Tracer;
  return new OITracer({ tracer: following, ...(traceConfig ? { traceConfig } : {}) });
}
