import { checkEntryArguments } from "../args.js";
import { PhoenixConfigError } from "../errors.js";
import * as ownApi from "@opentelemetry/api";
import { registerInstrumentations } from "../lazy/instrumentation.js";
import { AlwaysOffSampler, TracerProvider, type TracerProviderOptions } from "@opentelemetry/sdk-trace";
import { TIMED_OUT, within } from "./process/bounded.js";
import { resolveConfig, type ResolvedConfig } from "./config/resolve.js";
import { DOCTOR_CHECK, displayUrl, seeDoctor, summaryLines, warnConfiguration } from "./report/display.js";
import { addExitFlusher } from "./process/exit.js";
import { EMPTY_STATS, type ExportStats } from "./report/reporter.js";
import { apiForGlobals } from "./process/api-copies.js";
import { activeRegistration, attachGlobals, prepareGlobals, reportMount } from "./process/globals.js";
import { installDiagLogger, removeDiagLogger } from "./report/diag-logger.js";
import { Diagnostics } from "./report/logger.js";
import { buildPipeline } from "./export/pipeline.js";
import { chooseProcessors, processorSummary } from "./export/processors.js";
import { describeSource } from "./config/parse.js";
import { buildResource } from "./config/resource.js";
import { loadInstrumentations } from "./instrument/load.js";
import { unpatchedModules } from "./instrument/unpatched.js";
import { installHookInImportFile } from "./instrument/esm-hook.js";
import { bridgeOtherCopies } from "./instrument/copies.js";
import { envValue } from "./config/environment.js";
import type { Env, RegisterOptions } from "./types.js";
import { checkEndpoint, type VerifyResult } from "./verify.js";

/** What register() adds to the provider it returns, under `provider.phoenix`. */
export interface PhoenixHandle {
  /** `false` when tracing is off (`enabled: false`, `OTEL_SDK_DISABLED=true`, or a configuration that cannot work). */
  readonly enabled: boolean;
  /** The configuration problem that turned tracing off (register() without `strict`), if one did. */
  readonly configError?: PhoenixConfigError;
  /** The traces URL (no query string); undefined when tracing is off or a custom exporter is used. */
  readonly endpoint: string | undefined;
  /** Export counters: exported, rejected and dropped spans, and the last failure. */
  stats(): ExportStats;
  /** Sends an empty OTLP request with the real headers and says whether spans would be accepted. */
  verify(options?: { timeoutMillis?: number }): Promise<VerifyResult>;
  /**
   * Uses this key from the next export on, over `apiKey`, `apiKeyFile` and the environment (`undefined` goes back to
   * them); held spans are sent again with it. Throws PhoenixConfigError for a key that cannot be sent.
   */
  setApiKey(key: string | undefined): void;
}

/**
 * The provider register() returns: the `@opentelemetry/sdk-trace` TracerProvider (as `@arizeai/phoenix-otel` 3.0's) with a `phoenix` handle.
 * `shutdown()` flushes, removes the exit hooks, disables the instrumentations, restores the globals, and is idempotent.
 * `shutdown()` and `forceFlush()` do not reject for export failures: those are reported once and counted in `phoenix.stats()`.
 */
export class PhoenixTracerProvider extends TracerProvider {
  readonly phoenix: PhoenixHandle;
  #lifecycle: ProviderLifecycle;
  #shutdown: Promise<void> | undefined;

  /** @internal register() builds these. */
  constructor(config: TracerProviderOptions, phoenix: PhoenixHandle, lifecycle: ProviderLifecycle) {
    super(config);
    this.phoenix = phoenix;
    this.#lifecycle = lifecycle;
  }

  /** Exports every span that has ended; never rejects for an export failure (it is reported once and counted in `phoenix.stats()`). */
  override async forceFlush(options?: { timeoutMillis?: number }): Promise<void> {
    try {
      await super.forceFlush(options);
    } catch (errors) {
      this.#reportUnexpected("forceFlush", errors);
    }
  }

  /**
   * Flushes, removes the exit hooks, disables the instrumentations and restores the globals there before; idempotent,
   * bounded by `flushTimeoutMillis`, and never rejects for an export failure.
   */
  override shutdown(): Promise<void> {
    this.#shutdown ??= (async () => {
      this.#lifecycle.beforeShutdown?.();
      const work = (): Promise<void> => super.shutdown().catch((error: unknown) => this.#reportUnexpected("shutdown", error));
      try {
        await (this.#lifecycle.bounded ? this.#lifecycle.bounded(work) : work());
      } finally {
        // A processor of the app's own may skip our exporter's shutdown (the batch processor does after a failed
        // flush): held spans still get their last chance and the key-file watcher stops.
        await this.#lifecycle.finish?.();
        this.#lifecycle.afterShutdown?.();
      }
    })();
    return this.#shutdown;
  }

  /** Export failures were already reported by the exporter; anything else (a failing extra processor) is reported here. */
  #reportUnexpected(what: string, errors: unknown): void {
    for (const error of Array.isArray(errors) ? errors : [errors]) {
      if (this.#lifecycle.isReported?.(error)) continue;
      this.#lifecycle.diagnostics.warnOnce(`${what}-error`, `${what}() failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** @internal */
export interface ProviderLifecycle {
  diagnostics: { warnOnce(id: string, message: string): boolean };
  /** Whether an error was already reported by the export reporter. */
  isReported?: (error: unknown) => boolean;
  /** Runs `work` under the exit bound (flushTimeoutMillis). */
  bounded?: (work: () => Promise<void>) => Promise<void>;
  beforeShutdown?: () => void;
  /** Runs after the processors shut down, before afterShutdown; never rejects. */
  finish?: () => Promise<void>;
  afterShutdown?: () => void;
}

/** A provider that records nothing and sends nothing, with the handle that says so (and why, for `configError`). */
function tracingOff(diagnostics: Diagnostics, configError?: PhoenixConfigError): PhoenixTracerProvider {
  const disabled: PhoenixHandle = {
    enabled: false,
    endpoint: undefined,
    ...(configError && { configError }),
    stats: () => ({ ...EMPTY_STATS }),
    setApiKey: () => {},
    verify: async () => ({ status: "disabled", ok: false, url: "", message: `tracing is off${configError ? ` (${configError.message})` : ""}; nothing was checked.` }),
  };
  return new PhoenixTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [] }, disabled, { diagnostics });
}

/**
 * Sets up OpenTelemetry tracing to Phoenix in one call. With no arguments it reads the environment
 * (`env`, default `process.env`). A configuration that cannot work turns tracing off with one message (the app runs
 * on untraced); with `strict: true` it throws the PhoenixConfigError instead.
 */
export function register(options: RegisterOptions = {}, env: Env = process.env): PhoenixTracerProvider {
  checkEntryArguments("register", options, env);
  const diagnostics = new Diagnostics(options.logger);
  let config: ResolvedConfig;
  try {
    config = resolveConfig(options, env);
  } catch (error) {
    if (options.strict === true || !(error instanceof PhoenixConfigError)) throw error;
    // A telemetry typo must not take the app down (a Next.js instrumentation.ts that throws fails every route).
    diagnostics.error(`tracing is off: ${error.message} The app runs untraced until this is fixed (register({ strict: true }) throws instead). ${seeDoctor(DOCTOR_CHECK.configuration)}`);
    return tracingOff(diagnostics, error);
  }
  warnConfiguration(diagnostics, config.warnings);
  const global = options.global ?? true;

  const prior = activeRegistration();
  if (prior && (global || !config.enabled.value)) {
    diagnostics.warn("register() called again: the previous provider was flushed and replaced.");
    void prior.shutdown().catch(() => {});
  }

  if (!config.enabled.value) {
    if (options.verbose) diagnostics.info(`tracing is off (${describeSource(config.enabled.source)}): spans are not recorded and nothing is sent.`);
    return tracingOff(diagnostics);
  }

  const named = loadInstrumentations(config); // PHOENIX_INSTRUMENTATIONS, autoInstrument
  for (const problem of named.problems) diagnostics.warnOnce(problem, problem);
  const instrumentations = [...(options.instrumentations ?? []), ...named.loaded.map((found) => found.instrumentation)];
  if (instrumentations.length) {
    installHookInImportFile((message) => diagnostics.warnOnce("esm-hook", message));
    const check = setImmediate(() => unpatchedModules(instrumentations).forEach((late) => diagnostics.warnOnce(late, late)));
    check.unref();
  }
  // The API copy the globals go through (api-copies.ts), settled first: the diag logger is a global too.
  const through = global ? apiForGlobals(instrumentations, diagnostics, options.verbose === true) : undefined;
  if (global) prepareGlobals(through);
  if (config.diagLogLevel.value !== undefined) installDiagLogger(diagnostics, config.diagLogLevel.value, through ?? ownApi);

  const flushOnExit = options.flushOnExit ?? true;
  const { credentials, reporter, exporter, processor } = buildPipeline(config, options, diagnostics, { env, unref: flushOnExit });
  const flushTimeoutMillis = config.flushTimeoutMillis.value;
  // Every exit path (the hooks, shutdown()) runs under one bound: at flushTimeoutMillis the exporter ends what is open.
  const bounded = async (work: () => Promise<unknown>, final: boolean): Promise<void> => {
    exporter.beginExit(flushTimeoutMillis);
    try {
      if ((await within(work(), flushTimeoutMillis, true).catch(() => undefined)) === TIMED_OUT) {
        diagnostics.warnOnce("exit-bound", `the exit flush did not finish within flushTimeoutMillis (${flushTimeoutMillis} ms); the process goes on without it.`);
      }
    } finally {
      if (!final) exporter.endExit();
    }
  };
  const batch = config.batch;
  const chosen = chooseProcessors(options, exporter, processor, diagnostics);

  const endpoint = options.exporter ? undefined : displayUrl(config.endpoint.value);
  const handle: PhoenixHandle = {
    enabled: true,
    endpoint,
    stats: () => reporter.snapshot(),
    setApiKey: (key) => credentials.setApiKey(key),
    verify: (verifyOptions) => checkEndpoint(config, credentials, diagnostics, { timeoutMillis: verifyOptions?.timeoutMillis ?? 5000 }),
  };

  let undo: Array<() => void> = [];
  const provider = new PhoenixTracerProvider(
    {
      resource: buildResource(config, options),
      sampler: config.sampler.value,
      spanLimits: Object.fromEntries(Object.entries(config.spanLimits).map(([key, limit]) => [key, limit.value])),
      spanProcessors: chosen.processors,
    },
    handle,
    {
      diagnostics,
      isReported: (error) => reporter.hasReported(error),
      bounded: (work) => bounded(work, true),
      beforeShutdown: () => {
        for (const step of undo) step();
        undo = [];
      },
      finish: () => exporter.finish(),
      afterShutdown: () => {
        reporter.finalWord();
        removeDiagLogger(diagnostics);
      },
    },
  );

  if (instrumentations.length) {
    undo.push(registerInstrumentations({ instrumentations, tracerProvider: provider }));
    bridgeOtherCopies(instrumentations); // on another @opentelemetry/instrumentation: ES modules through our hook
  }
  if (global) {
    const mounted = attachGlobals({ provider, shutdown: () => provider.shutdown() }, through);
    undo.push(mounted.detach);
    reportMount(mounted, diagnostics, !prior, options.verbose === true);
  }
  if (flushOnExit) {
    undo.push(
      addExitFlusher({
        flush: (final) => bounded(() => Promise.all([provider.forceFlush(), exporter.idle()]), final).then(() => {
          if (final) reporter.finalWord();
        }),
        hasPendingWork: chosen.hasPendingWork,
        atExit: (when) => reporter.lostAtExit(chosen.unsent(), when, envValue(env, "NEXT_RUNTIME") !== undefined),
      }),
    );
  }
  if (options.verbose) {
    const turnedOn = named.loaded.map((found) => `  instrumentation: ${found.name}`);
    diagnostics.info([...summaryLines(config, processorSummary(options, batch, chosen.replaced)), ...turnedOn].join("\n"));
  }
  if (options.verify && !options.exporter) {
    void checkEndpoint(config, credentials, diagnostics, { timeoutMillis: 5000, background: true }).then((result) => {
      if (result.ok) diagnostics.info(`verify: ok: ${result.message}`);
      else diagnostics.warn(`verify: ${result.status}: ${result.message}`);
    });
  }
  return provider;
}
