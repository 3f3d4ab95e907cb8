const SIGNALS = ["SIGTERM", "SIGINT"] as const;

export interface ExitFlusher {
  /** Flushes pending spans; must resolve within its own bound and never reject. */
  flush(): Promise<void>;
  hasPendingWork(): boolean;
}

interface ExitHooks {
  flushers: Set<ExitFlusher>;
  flushing: Promise<void> | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  listeners: Map<string, (...args: any[]) => void>;
}

// One set of process listeners for every provider with flushOnExit (shared by the ESM and CJS copies of this
// package), so that our listeners never mistake each other for the app's.
const HOOKS = Symbol.for("phoenix-otel-auth.exit-hooks");

function hooks(): ExitHooks {
  const store = globalThis as Record<symbol, ExitHooks | undefined>;
  return (store[HOOKS] ??= { flushers: new Set(), flushing: undefined, listeners: new Map() });
}

function flushAll(state: ExitHooks): Promise<void> {
  state.flushing ??= Promise.all([...state.flushers].map((f) => f.flush())).then(
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
  const onBeforeExit = (): void => {
    if (!state.flushing && [...state.flushers].some((f) => f.hasPendingWork())) void flushAll(state);
  };
  state.listeners.set("beforeExit", onBeforeExit);
  process.on("beforeExit", onBeforeExit);
  for (const name of SIGNALS) {
    const onSignal = (signal: NodeJS.Signals): void => {
      // The app handles this signal itself: flush, and let the app decide when to exit.
      if (process.listeners(signal).some((l) => l !== onSignal)) {
        void flushAll(state);
        return;
      }
      // Ours is the only listener: flush, then raise the signal again with our listeners gone, so the process
      // ends exactly as it would have without us. A second signal during the flush ends it at once.
      const reraise = (): void => {
        uninstall(state);
        process.kill(process.pid, signal);
      };
      if (state.flushing) reraise();
      else void flushAll(state).then(reraise);
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
