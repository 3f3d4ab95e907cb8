const SIGNALS = ["SIGTERM", "SIGINT"] as const;

export type ExitMoment = "during-flush" | "before-flush" | "after-flush";

export interface ExitFlusher {
  /**
   * Flushes pending spans; must resolve within its own bound (flushTimeoutMillis) and never reject.
   * `final`: the process ends next (beforeExit, a signal with no app handler); otherwise the app goes on.
   */
  flush(final: boolean): Promise<void>;
  hasPendingWork(): boolean;
  /**
   * The process is exiting now (the `exit` event), synchronously: report what could not be sent. `when`: during an
   * exit flush, before any (process.exit() or a crash came first), or after the beforeExit flush gave up.
   */
  atExit?(when: ExitMoment): void;
}

interface ExitHooks {
  flushers: Set<ExitFlusher>;
  flushing: Promise<void> | undefined;
  /** A beforeExit flush ended with work still pending (stuck): later beforeExit events do not flush again. */
  gaveUp: boolean;
  /** A beforeExit flush ran: the event loop emptied (no process.exit()). */
  flushedBeforeExit: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  listeners: Map<string, (...args: any[]) => void>;
}

// One set of process listeners for every provider with flushOnExit (shared by the ESM and CJS copies of this
// package), so that our listeners never mistake each other for the app's.
const HOOKS = Symbol.for("phoenix-otel-auth.exit-hooks");

function hooks(): ExitHooks {
  const store = globalThis as Record<symbol, ExitHooks | undefined>;
  return (store[HOOKS] ??= { flushers: new Set(), flushing: undefined, gaveUp: false, flushedBeforeExit: false, listeners: new Map() });
}

function flushAll(state: ExitHooks, final: boolean): Promise<void> {
  state.flushing ??= Promise.all([...state.flushers].map((f) => f.flush(final))).then(
    () => {
      state.flushing = undefined;
    },
    () => {
      state.flushing = undefined;
    },
  );
  return state.flushing;
}

function install(state: ExitHooks): void {
  const pending = (): boolean => [...state.flushers].some((f) => f.hasPendingWork());
  const onBeforeExit = (): void => {
    if (state.flushing || state.gaveUp || !pending()) return;
    state.flushedBeforeExit = true;
    // Without this latch, work that can never finish would make every beforeExit flush again: the process would spin.
    void flushAll(state, true).then(() => {
      state.gaveUp = pending();
    });
  };
  state.listeners.set("beforeExit", onBeforeExit);
  process.on("beforeExit", onBeforeExit);
  // Someone called process.exit() (Next.js does on SIGTERM) before or during our flush: say what was lost.
  const onExit = (): void => {
    const when: ExitMoment = state.flushing ? "during-flush" : state.flushedBeforeExit ? "after-flush" : "before-flush";
    for (const flusher of state.flushers) flusher.atExit?.(when);
  };
  state.listeners.set("exit", onExit);
  process.on("exit", onExit);
  for (const name of SIGNALS) {
    const onSignal = (signal: NodeJS.Signals): void => {
      // The app handles this signal itself: flush, and let the app decide when to exit.
      if (process.listeners(signal).some((l) => l !== onSignal)) {
        void flushAll(state, false);
        return;
      }
      // Ours is the only listener: flush, then raise the signal again with our listeners gone, so the process
      // ends exactly as it would have without us. A second signal during the flush ends it at once.
      const reraise = (): void => {
        uninstall(state);
        process.kill(process.pid, signal);
      };
      if (state.flushing) reraise();
      else void flushAll(state, true).then(reraise);
    };
    state.listeners.set(name, onSignal);
    process.on(name, onSignal);
  }
}

function uninstall(state: ExitHooks): void {
  for (const [name, listener] of state.listeners) process.off(name, listener);
  state.listeners.clear();
}

/**
 * Flushes `flusher` on `beforeExit` (when something is pending), `SIGTERM` and `SIGINT`.
 * Returns a function that removes it (and the process listeners when it was the last one).
 */
export function addExitFlusher(flusher: ExitFlusher): () => void {
  const state = hooks();
  state.flushers.add(flusher);
  if (state.listeners.size === 0) install(state);
  return () => {
    state.flushers.delete(flusher);
    if (state.flushers.size === 0) uninstall(state);
  };
}
