import { context, propagation, ProxyTracerProvider, trace, type TracerProvider } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";

// Where @opentelemetry/api 1.x keeps its globals; read only, to see what is already registered.
const OTEL_API_GLOBAL = Symbol.for("opentelemetry.js.api.1");
// The provider our register() made global, shared by the ESM and CJS copies of this package.
const ACTIVE_REGISTRATION = Symbol.for("phoenix-otel-auth.active-registration");

type Slots = { trace?: unknown; context?: unknown; propagation?: unknown };

function apiSlots(): Slots {
  return ((globalThis as Record<symbol, unknown>)[OTEL_API_GLOBAL] ?? {}) as Slots;
}

/** The provider behind the global proxy, or undefined when none is registered. */
function globalDelegate(): TracerProvider | undefined {
  if (!apiSlots().trace) return undefined;
  const current = trace.getTracerProvider();
  const delegate = current instanceof ProxyTracerProvider ? current.getDelegate() : current;
  // A fresh proxy delegates to the API's no-op provider singleton.
  return delegate === new ProxyTracerProvider().getDelegate() ? undefined : delegate;
}

export interface ActiveRegistration {
  provider: TracerProvider;
  /** Shuts the provider down (flush, restore globals). */
  shutdown(): Promise<void>;
}

export function activeRegistration(): ActiveRegistration | undefined {
  return (globalThis as Record<symbol, ActiveRegistration | undefined>)[ACTIVE_REGISTRATION];
}

/**
 * Makes `provider` the global tracer provider (replacing any other: `replaced` reports a foreign one),
 * and installs the AsyncLocalStorage context manager and W3C trace-context + baggage propagators unless the app
 * already has its own (those are kept). Returns `detach`, which restores what was there, unless the app
 * changed the globals again in the meantime.
 */
export function attachGlobals(registration: ActiveRegistration): { replaced: TracerProvider | undefined; detach: () => void } {
  const { provider } = registration;
  const previous = globalDelegate();
  const slots = apiSlots();
  if (slots.trace) trace.disable();
  trace.setGlobalTracerProvider(provider);

  let contextManager: AsyncLocalStorageContextManager | undefined;
  if (!slots.context) {
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
  }
  let propagator: CompositePropagator | undefined;
  if (!slots.propagation) {
    propagator = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
    propagation.setGlobalPropagator(propagator);
  }
  const store = globalThis as Record<symbol, ActiveRegistration | undefined>;
  store[ACTIVE_REGISTRATION] = registration;

  let detached = false;
  const detach = (): void => {
    if (detached) return;
    detached = true;
    if (store[ACTIVE_REGISTRATION] === registration) delete store[ACTIVE_REGISTRATION];
    if (globalDelegate() === provider) {
      trace.disable();
      if (previous) trace.setGlobalTracerProvider(previous);
    }
    if (contextManager && apiSlots().context === contextManager) context.disable();
    if (propagator && apiSlots().propagation === propagator) propagation.disable();
  };
  return { replaced: previous, detach };
}
