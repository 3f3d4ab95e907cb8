import { showArgument } from "../../args.js";
import { PhoenixConfigError } from "../../errors.js";
import * as ownApi from "@opentelemetry/api";
import type { TracerProvider } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CPropagator } from "./w3c-propagator.js";
import { OTEL_API_GLOBAL, restamp, stampOf, type OtelApi, type Restamp } from "./api-copies.js";

// The mount stack, shared by the ESM and CJS copies of this package.
const MOUNTS = Symbol.for("phoenix-otel-auth.global-mounts");

type Slots = { version?: unknown; trace?: unknown; context?: unknown; propagation?: unknown };

function apiSlots(): Slots {
  return ((globalThis as Record<symbol, unknown>)[OTEL_API_GLOBAL] ?? {}) as Slots;
}

/** The API copy the globals go through (api-copies.ts): chosen by the first mount, kept until the last is gone. */
const api = (): OtelApi => state().api ?? ownApi;

/** The provider behind the global proxy, or undefined when none is registered. */
function globalDelegate(): TracerProvider | undefined {
  if (!apiSlots().trace) return undefined;
  const { trace, ProxyTracerProvider } = api();
  const current = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  // The proxy may be another API copy's (a registration re-stamped by prepareGlobals), so both checks go by shape.
  const delegate = typeof current.getDelegate === "function" ? current.getDelegate() : current;
  // A fresh proxy delegates to the API's no-op provider singleton.
  return delegate === new ProxyTracerProvider().getDelegate() || delegate.constructor?.name === "NoopTracerProvider" ? undefined : delegate;
}

export interface ActiveRegistration {
  provider: TracerProvider;
  /** Shuts the provider down (flush, restore globals). */
  shutdown(): Promise<void>;
}

/** What `attachGlobalTracerProvider()` returns: `detach()` undoes that one attachment. */
export type GlobalTracerProviderRegistration = {
  /** Undoes this attachment: the provider mounted before it (or the one there before the first) is global again. */
  detach: () => void;
};

interface Mount {
  provider: TracerProvider;
  registration: ActiveRegistration | undefined;
}

interface MountState {
  mounts: Mount[];
  /** The API copy registered through (undefined: this package's own). */
  api?: OtelApi;
  /** The first mount's re-stamp of registrations made through an older API copy (undone with the last mount). */
  restamped?: Restamp;
  /** No API global object existed before the first mount: the last one removes it again once it is empty. */
  createdGlobal?: boolean;
  /** prepareGlobals() ran for the coming first mount. */
  prepared?: boolean;
  /** What was global before the first mount, and what the first mount installed (removed again with the last). */
  base: { provider: TracerProvider | undefined; contextManager?: AsyncLocalStorageContextManager; propagator?: W3CPropagator } | undefined;
}

function state(): MountState {
  const store = globalThis as Record<symbol, MountState | undefined>;
  return (store[MOUNTS] ??= { mounts: [], base: undefined });
}

/** The provider our register() made global most recently and that is still attached. */
export function activeRegistration(): ActiveRegistration | undefined {
  return state().mounts.findLast((m) => m.registration)?.registration;
}

/** Makes `provider` global; false when the API refused (the globals carry a newer API version's stamp). */
function setGlobalProvider(provider: TracerProvider): boolean {
  const { trace } = api();
  if (apiSlots().trace) trace.disable();
  return trace.setGlobalTracerProvider(provider);
}

/**
 * Before the first mount: settles the API copy the globals go through and re-stamps registrations made through an
 * older copy. register() calls it before it installs its diag logger (a global too); a no-op while anything is mounted.
 */
export function prepareGlobals(through?: OtelApi): void {
  const s = state();
  if (s.mounts.length > 0 || s.prepared) return;
  s.prepared = true;
  s.api = through;
  s.createdGlobal = !(globalThis as Record<symbol, unknown>)[OTEL_API_GLOBAL];
  s.restamped = restamp(stampOf(api()));
}

/** What attaching did that the caller should tell the user about. */
export interface MountResult {
  /** A provider that was global before and is not one of ours. */
  replaced: TracerProvider | undefined;
  /** Registrations made through an older API copy, re-stamped so that every copy reads them. */
  restamped?: Restamp;
  /** The API refused the registration: the globals carry this (newer) version's stamp. */
  refusedBy?: string;
  detach: () => void;
}

/**
 * Pushes `provider` onto the mount stack and makes it the global tracer provider (`replaced` reports a provider
 * that was global before and is not one of ours). The first mount also installs the AsyncLocalStorage context
 * manager and W3C trace-context + baggage propagators, unless the app already has its own (those are kept).
 * `detach` removes this mount: if it is the top one, the mount below (or, with none left, what was there before
 * the first mount) becomes global again, unless the app changed the global provider in the meantime.
 */
function mount(provider: TracerProvider, registration: ActiveRegistration | undefined, through?: OtelApi): MountResult {
  const s = state();
  prepareGlobals(through);
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
      s.base.propagator = new W3CPropagator();
      propagation.setGlobalPropagator(s.base.propagator);
    }
  }
  const own: Mount = { provider, registration };
  const wasOurs = s.mounts.some((m) => m.provider === previous);
  s.mounts.push(own);
  const accepted = setGlobalProvider(provider);

  let detached = false;
  const detach = (): void => {
    if (detached) return;
    detached = true;
    unmount(own);
  };
  const stamp = apiSlots().version;
  return {
    replaced: wasOurs ? undefined : previous,
    ...(s.restamped && s.mounts.length === 1 && { restamped: s.restamped }),
    ...(!accepted && { refusedBy: typeof stamp === "string" ? stamp : "another version" }),
    detach,
  };
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
  s.prepared = false;
  const { trace, context, propagation } = api();
  s.api = undefined;
  if (stillGlobal) {
    trace.disable();
    if (base?.provider) trace.setGlobalTracerProvider(base.provider);
  }
  if (base?.contextManager && apiSlots().context === base.contextManager) context.disable();
  if (base?.propagator && apiSlots().propagation === base.propagator) propagation.disable();
  const slots = (globalThis as Record<symbol, Slots | undefined>)[OTEL_API_GLOBAL];
  if (s.restamped && slots?.version === s.restamped.to) slots.version = s.restamped.from;
  s.restamped = undefined;
  // An empty object stamped with our version would refuse a later registrant of another version: gone, as before.
  if (s.createdGlobal && slots && Object.keys(slots).every((key) => key === "version")) delete (globalThis as Record<symbol, unknown>)[OTEL_API_GLOBAL];
}

/** register()'s global attach: a mount that also remembers the registration (so a second register() replaces it). */
export function attachGlobals(registration: ActiveRegistration, through?: OtelApi): MountResult {
  return mount(registration.provider, registration, through);
}

/** register()'s report of what attaching did: once each, with the versions and the fix. */
export function reportMount(result: MountResult, report: { warnOnce(key: string, message: string): unknown; info(message: string): void }, firstRegistration: boolean, verbose: boolean): void {
  const own = stampOf(api()) ?? "this package's copy";
  if (result.refusedBy) {
    report.warnOnce(
      "api-stamp-refused",
      `register() could not make its tracer provider global: the OpenTelemetry globals were registered through @opentelemetry/api ${result.refusedBy}, ` +
        `newer than the ${own} it registers through, so spans from the global tracer do not reach Phoenix. Install one version of ` +
        "@opentelemetry/api for the whole app (`npm ls @opentelemetry/api` shows the copies), or use the returned provider's getTracer().",
    );
  } else if (result.replaced && firstRegistration) {
    report.warnOnce(
      "replaced-global-provider",
      `register() replaced a global tracer provider it did not set (${result.replaced.constructor?.name ?? "unknown"}); spans from the global ` +
        "tracer now go to Phoenix only. Pass `global: false` to keep the existing one and use the returned provider explicitly.",
    );
  }
  if (result.restamped && verbose) {
    report.info(
      `the OpenTelemetry globals were registered through @opentelemetry/api ${result.restamped.from}; register() re-stamped them ${result.restamped.to} ` +
        "(the copy it registers through) so code on either copy reads them, and puts the stamp back at shutdown",
    );
  }
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
