import { diag, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from "@opentelemetry/api";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "../../lazy/core.js";

/**
 * The W3C trace-context + baggage propagator register() installs, built from @opentelemetry/core's own propagators on
 * its first use: an app that never propagates does not load core's ESM entry at start-up.
 */
export class W3CPropagator implements TextMapPropagator {
  #real: TextMapPropagator | undefined;

  /** `build` makes the real propagator on first use (a test passes one that fails). */
  constructor(private readonly build = (): TextMapPropagator => new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] })) {}

  #propagator(): TextMapPropagator {
    if (this.#real) return this.#real;
    try {
      this.#real = this.build();
    } catch (error) {
      // Propagation must never take a request down: without @opentelemetry/core there is none, said once.
      diag.error("phoenix-otel-auth: @opentelemetry/core could not be loaded, so trace context is not propagated.", error);
      this.#real = { inject() {}, extract: (context) => context, fields: () => [] };
    }
    return this.#real;
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.#propagator().inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    return this.#propagator().extract(context, carrier, getter);
  }

  fields(): string[] {
    return this.#propagator().fields();
  }
}
