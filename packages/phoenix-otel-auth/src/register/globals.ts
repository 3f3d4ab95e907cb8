import { showArgument } from "../args.js";
import { PhoenixConfigError } from "../errors.js";
import * as ownApi from "@opentelemetry/api";
import type { TracerProvider } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import type { OtelApi } from "./api-copies.js";

// Where @opentelemetry/api 1.x keeps its globals; read only, to see what is already registered.
const OTEL_API_GLOBAL = Symbol.for("opentelemetry.js.api.1");
// The mount stack, shared by the ESM and CJS copies of this package.
const MOUNTS = Symbol.for("phoenix-otel-auth.global-mounts");

type Slots = { trace?: unknown; context?: unknown; propagation?: unknown };

function apiSlots(): Slots {
  return ((globalThis as Record<symbol, unknown>)[OTEL_API_GLOBAL] ?? {}) as Slots;
}

/** The API copy the globals go through (api-copies.ts): chosen by the first mount, kept until the last is gone. */
const api = (): OtelApi => state().api ?? ownApi;

/** The provider behind the global proxy, or undefined when none is registered. */
function globalDelegate(): TracerProvider | undefined {
  if (!apiSlots().trace) return undefined;
  const { trace, ProxyTracerProvider } = api();
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

/** What `attachGlobalTracerProvider()` returns: `detach()` undoes that one attachment. */
export type GlobalTracerProviderRegistration = { detach: () => void };

interface Mount {
  provider: TracerProvider;
  registration: ActiveRegistration | undefined;
}

interface MountState {
  mounts: Mount[];
  /** The API copy registered through (undefined: this package's own). */
  api?: OtelApi;
  /** What was global before the first mount, and what the first mount installed (removed again with the last). */
  base: { provider: TracerProvider | undefined; contextManager?: AsyncLocalStorageContextManager; propagator?: CompositePropagator } | undefined;
}

function state(): MountState {
  const store = globalThis as Record<symbol, MountState | undefined>;
  return (store[MOUNTS] ??= { mounts: [], base: undefined });
}

/** The provider our register() made global most recently and that is still attached. */
export function activeRegistration(): ActiveRegistration | undefined {
  return state().mounts.findLast((m) => m.registration)?.registration;
}

function setGlobalProvider(provider: TracerProvider): void {
  const { trace } = api();
  if (apiSlots().trace) trace.disable();
  trace.setGlobalTracerProvider(provider);
}

/**
 * Pushes `provider` onto the mount stack and makes it the global tracer provider (`replaced` reports a provider
 * that was global before and is not one of ours). The first mount also installs the AsyncLocalStorage context
 * manager and W3C trace-context + baggage propagators, unless the app already has its own (those are kept).
 * `detach` removes this mount: if it is the top one, the mount below (or, with none left, what was there before
 * the first mount) becomes global again, unless the app changed the global provider in the meantime.
 */
function mount(provider: TracerProvider, registration: ActiveRegistration | undefined, through?: OtelApi): { replaced: TracerProvider | undefined; detach: () => void } {
  const s = state();
  if (s.mounts.length === 0) s.api = through;
  const previous = globalDelegate();
  if (s.mounts.length === 0) {
    const { context, propagation } = api();
    const slots = apiSlots();
    s.base = { provider: previous };
    if (!slots.context) {
      s.base.contextManager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(s.base.contextManager);
    }
    if (!slots.propagation) {
      s.base.propagator = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
      propagation.setGlobalPropagator(s.base.propagator);
    }
  }
  const own: Mount = { provider, registration };
  const wasOurs = s.mounts.some((m) => m.provider === previous);
  s.mounts.push(own);
  setGlobalProvider(provider);

  let detached = false;
  const detach = (): void => {
    if (detached) return;
    detached = true;
    unmount(own);
  };
  return { replaced: wasOurs ? undefined : previous, detach };
}

function unmount(target: Mount): void {
  const s = state();
  const index = s.mounts.indexOf(target);
  if (index === -1) return;
  const wasTop = index === s.mounts.length - 1;
  s.mounts.splice(index, 1);
  if (!wasTop) return;
  const stillGlobal = globalDelegate() === target.provider;
  const next = s.mounts.at(-1);
  if (next) {
    if (stillGlobal) setGlobalProvider(next.provider);
    return;
  }
  const base = s.base;
  s.base = undefined;
  const { trace, context, propagation } = api();
  s.api = undefined;
  if (stillGlobal) {
    trace.disable();
    if (base?.provider) trace.setGlobalTracerProvider(base.provider);
  }
  if (base?.contextManager && apiSlots().context === base.contextManager) context.disable();
  if (base?.propagator && apiSlots().propagation === base.propagator) propagation.disable();
}

/** register()'s global attach: a mount that also remembers the registration (so a second register() replaces it). */
export function attachGlobals(registration: ActiveRegistration, through?: OtelApi): { replaced: TracerProvider | undefined; detach: () => void } {
  return mount(registration.provider, registration, through);
}

/**
 * Makes an existing provider (e.g. one from `register({ global: false })`) the global tracer provider, on top of
 * any earlier attachment. As in `@arizeai/phoenix-otel`, `detach()` restores the one below.
 */
export function attachGlobalTracerProvider(provider: TracerProvider): GlobalTracerProviderRegistration {
  if (typeof (provider as Partial<TracerProvider> | null | undefined)?.getTracer !== "function") {
    throw new PhoenixConfigError("provider", showArgument(provider), `attachGlobalTracerProvider: \`provider\` must be a TracerProvider (with getTracer()), got ${showArgument(provider)}. Pass e.g. register({ global: false }).`);
  }
  return { detach: mount(provider, undefined).detach };
}

/**
 * Detaches the most recently attached global provider (from register() or attachGlobalTracerProvider()) and restores
 * the one below it, or what was global before. With nothing attached it does nothing: it never removes globals that
 * this package did not set.
 */
export function detachGlobalTracerProvider(): void {
  const top = state().mounts.at(-1);
  if (top) unmount(top);
}
