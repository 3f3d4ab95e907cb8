import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanLimits,
} from "@opentelemetry/sdk-trace";
import { PhoenixConfigError } from "../../errors.js";
import { envValue, firstSet, fromEnv, numericDefault, type EnvName } from "./environment.js";
import { DEFAULT, firstOf, option, parseInteger } from "./parse.js";
import type { BatchOptions, HoldOptions, ConfigSource, Env, RegisterOptions, Resolved } from "../types.js";

/** The batch span processor's settings as `resolveConfig()` resolved them (option `batch`, then `OTEL_BSP_*`, then the defaults), each with its source. */
export interface ResolvedBatch {
  /** Spans waiting at most (`OTEL_BSP_MAX_QUEUE_SIZE`, default 2048); beyond it spans are dropped and reported once. */
  maxQueueSize: Resolved<number>;
  /** Spans per export at most (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, default 512). */
  maxExportBatchSize: Resolved<number>;
  /** Milliseconds between two scheduled exports (`OTEL_BSP_SCHEDULE_DELAY`, default 5000). */
  scheduledDelayMillis: Resolved<number>;
  /** Milliseconds one batch export may take (`OTEL_BSP_EXPORT_TIMEOUT`, default 30000). */
  exportTimeoutMillis: Resolved<number>;
}

const BATCH_FIELDS: Array<{ key: keyof BatchOptions; env: EnvName; min: number; unit: string }> = [
  { key: "maxQueueSize", env: "OTEL_BSP_MAX_QUEUE_SIZE", min: 1, unit: "" },
  { key: "maxExportBatchSize", env: "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", min: 1, unit: "" },
  { key: "scheduledDelayMillis", env: "OTEL_BSP_SCHEDULE_DELAY", min: 0, unit: " (milliseconds)" },
  { key: "exportTimeoutMillis", env: "OTEL_BSP_EXPORT_TIMEOUT", min: 1, unit: " (milliseconds)" },
];

export function resolveBatch(options: RegisterOptions, env: Env): { batch: ResolvedBatch | false; batchSource: ConfigSource } {
  const opt = options.batch;
  if (opt === false) return { batch: false, batchSource: option("batch") };
  if (opt !== undefined && opt !== true && (opt === null || typeof opt !== "object")) {
    throw new PhoenixConfigError("batch", String(opt), "option `batch` must be true, false or an object of batch settings.");
  }
  const tuning: BatchOptions = typeof opt === "object" ? opt : {};
  const batch = {} as ResolvedBatch;
  for (const field of BATCH_FIELDS) {
    batch[field.key] = firstOf([`batch.${field.key}`, tuning[field.key]], [field.env], env, numericDefault(field.env), (raw, source) =>
      parseInteger(raw, source, field.min, field.unit),
    );
  }
  return { batch, batchSource: opt === undefined ? DEFAULT : option("batch") };
}

const SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"];

export function resolveSampler(options: RegisterOptions, env: Env): Resolved<Sampler> {
  if (options.sampler !== undefined) {
    if (options.sampler === null || typeof (options.sampler as Sampler).shouldSample !== "function") {
      throw new PhoenixConfigError("sampler", String(options.sampler), "option `sampler` must be an OpenTelemetry Sampler (an object with shouldSample()).");
    }
    return { value: options.sampler, source: option("sampler") };
  }
  const raw = envValue(env, "OTEL_TRACES_SAMPLER");
  if (raw === undefined) return { value: new ParentBasedSampler({ root: new AlwaysOnSampler() }), source: DEFAULT };
  const source = fromEnv("OTEL_TRACES_SAMPLER");
  const ratio = (): number => {
    const arg = envValue(env, "OTEL_TRACES_SAMPLER_ARG");
    if (arg === undefined) return 1;
    const n = Number(arg);
    if (!Number.isFinite(n) || n < 0 || n > 1) {
      throw new PhoenixConfigError("OTEL_TRACES_SAMPLER_ARG", arg, `OTEL_TRACES_SAMPLER_ARG=${JSON.stringify(arg)} must be a number from 0 to 1 (the fraction of traces kept).`);
    }
    return n;
  };
  switch (raw.toLowerCase()) {
    case "always_on":
      return { value: new AlwaysOnSampler(), source };
    case "always_off":
      return { value: new AlwaysOffSampler(), source };
    case "traceidratio":
      return { value: new TraceIdRatioBasedSampler(ratio()), source };
    case "parentbased_always_on":
      return { value: new ParentBasedSampler({ root: new AlwaysOnSampler() }), source };
    case "parentbased_always_off":
      return { value: new ParentBasedSampler({ root: new AlwaysOffSampler() }), source };
    case "parentbased_traceidratio":
      return { value: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) }), source };
    default:
      throw new PhoenixConfigError(
        "OTEL_TRACES_SAMPLER",
        raw,
        `OTEL_TRACES_SAMPLER=${JSON.stringify(raw)} is not a sampler this SDK provides. Use one of: ${SAMPLERS.join(", ")}.`,
      );
  }
}

/** Bounds of the holding buffer; either one 0 turns holding off. */
export interface ResolvedHold {
  maxSpans: Resolved<number>;
  maxAgeMillis: Resolved<number>;
}

const HOLD_FIELDS: Array<{ key: keyof HoldOptions; env: EnvName; unit: string }> = [
  { key: "maxSpans", env: "PHOENIX_HOLD_MAX_SPANS", unit: " (spans; 0 disables holding)" },
  { key: "maxAgeMillis", env: "PHOENIX_HOLD_MAX_AGE_MILLIS", unit: " (milliseconds; 0 disables holding)" },
];

export function resolveHold(options: RegisterOptions, env: Env): ResolvedHold {
  const opt = options.hold;
  if (opt === false) return { maxSpans: { value: 0, source: option("hold") }, maxAgeMillis: { value: 0, source: option("hold") } };
  if (opt !== undefined && (opt === null || typeof opt !== "object")) {
    throw new PhoenixConfigError("hold", String(opt), "option `hold` must be false or an object { maxSpans, maxAgeMillis }.");
  }
  const tuning: HoldOptions = opt ?? {};
  const hold = {} as ResolvedHold;
  for (const field of HOLD_FIELDS) {
    hold[field.key] = firstOf([`hold.${field.key}`, tuning[field.key]], [field.env], env, numericDefault(field.env), (raw, source) =>
      parseInteger(raw, source, 0, field.unit),
    );
  }
  return hold;
}

// The span limit variables of the OpenTelemetry specification. The 2.x SDK reads them itself, the 3.x SDK no longer
// does: register() reads them on both lines, so a configuration keeps working when the app moves to OpenTelemetry JS 3.
// Each span variable falls back to its general OTEL_ATTRIBUTE_* one; unset, the SDK's own default applies.
const SPAN_LIMIT_FIELDS: Array<{ key: keyof SpanLimits; env: EnvName; general?: EnvName }> = [
  { key: "attributeValueLengthLimit", env: "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", general: "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT" },
  { key: "attributeCountLimit", env: "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", general: "OTEL_ATTRIBUTE_COUNT_LIMIT" },
  { key: "linkCountLimit", env: "OTEL_SPAN_LINK_COUNT_LIMIT" },
  { key: "eventCountLimit", env: "OTEL_SPAN_EVENT_COUNT_LIMIT" },
  { key: "attributePerEventCountLimit", env: "OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT" },
  { key: "attributePerLinkCountLimit", env: "OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT" },
];

/** The span limits set in the environment (only those that are set), each with the variable it came from. */
export function resolveSpanLimits(env: Env): { [K in keyof SpanLimits]?: Resolved<number> } {
  const limits: { [K in keyof SpanLimits]?: Resolved<number> } = {};
  for (const field of SPAN_LIMIT_FIELDS) {
    const set = firstSet(env, field.general ? [field.env, field.general] : [field.env]);
    if (set === undefined) continue;
    const source = fromEnv(set.name);
    limits[field.key] = { value: parseInteger(set.value, source, 0), source };
  }
  return limits;
}
