import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from "@opentelemetry/api";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "../../lazy/core.js";

/**
 * The W3C trace-context + baggage propagator register() installs, built from @opentelemetry/core's own propagators on
 * its first use: an app that never propagates does not load core's ESM entry at start-up.
 */
export class W3CPropagator implements TextMapPropagator {
  #real: TextMapPropagator | undefined;

  #propagator(): TextMapPropagator {
    this.#real ??= new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
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
