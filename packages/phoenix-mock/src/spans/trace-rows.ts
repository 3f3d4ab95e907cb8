import { RowQueue } from "./span-queue.js";

/**
 * Row ids for a key that several spans share — a trace id (Phoenix's `traces` row) or a session id (its
 * `project_sessions` row): numbered 1, 2, 3 … in first-seen order over the store's life, never reused, and dropped
 * with the last stored span that refers to them, so this index never outgrows the spans kept.
 */
export interface SharedRow<D> {
  readonly rowId: number;
  readonly key: string;
  /** What the first span to create the row said about it (e.g. a trace's project and session). */
  data: D;
  refs: number;
}

export class SharedRows<D> {
  #byKey = new Map<string, SharedRow<D>>();
  #byRowId = new Map<number, SharedRow<D>>();
  #next = 1;

  /** One more span refers to `key`: its row (created with `data()` on first sight). */
  acquire(key: string, data: () => D): SharedRow<D> {
    let row = this.#byKey.get(key);
    if (!row) {
      row = { rowId: this.#next++, key, data: data(), refs: 0 };
      this.#byKey.set(key, row);
      this.#byRowId.set(row.rowId, row);
    }
    row.refs += 1;
    return row;
  }

  /** A span referring to `key` left the store; the row goes with the last one. */
  release(key: string): void {
    const row = this.#byKey.get(key);
    if (!row) return;
    row.refs -= 1;
    if (row.refs <= 0) {
      this.#byKey.delete(key);
      this.#byRowId.delete(row.rowId);
    }
  }

  get(key: string): SharedRow<D> | undefined {
    return this.#byKey.get(key);
  }

  byRowId(rowId: number): SharedRow<D> | undefined {
    return this.#byRowId.get(rowId);
  }

  get size(): number {
    return this.#byKey.size;
  }

  clear(): void {
    this.#byKey.clear();
    this.#byRowId.clear();
    this.#next = 1;
  }
}

/** A `traces` row: the project of its first span, and the session the first span that named one gave it. */
export interface TraceRowData {
  readonly project: string;
  sessionId: string | undefined;
  /** Row ids of the trace's stored spans, oldest first (eviction removes from the front, in the same order). */
  readonly spans: RowQueue<{ readonly rowId: number }>;
}
export type TraceRow = SharedRow<TraceRowData>;
export type SessionRow = SharedRow<{ readonly project: string }>;

/** The `traces` and `project_sessions` rows of the stored spans (a trace's session is the first one named in it). */
export class TraceRows {
  #traces = new SharedRows<TraceRowData>();
  #sessions = new SharedRows<{ readonly project: string }>();

  /** Span `span` of trace `traceKey` was stored in `project`; `sessionId()` reads the session it names, if any. */
  add(traceKey: string, project: string, span: { readonly rowId: number }, sessionId: () => string | undefined): TraceRow {
    const trace = this.#traces.acquire(traceKey, () => ({ project, sessionId: undefined, spans: new RowQueue() }));
    trace.data.spans.push(span);
    if (trace.data.sessionId !== undefined) return trace;
    const session = sessionId();
    if (!session) return trace;
    trace.data.sessionId = session;
    this.#sessions.acquire(session, () => ({ project: trace.data.project }));
    return trace;
  }

  /** Stored span `span` of `trace` left the store (O(1) for the trace's oldest, as eviction goes; else O(its spans)). */
  remove(trace: TraceRow | undefined, span: { readonly rowId: number }): void {
    if (!trace) return;
    if (trace.data.spans.peek() === span) trace.data.spans.shift();
    else trace.data.spans.retain((item) => item !== span);
    if (trace.refs === 1 && trace.data.sessionId !== undefined) this.#sessions.release(trace.data.sessionId);
    this.#traces.release(trace.key);
  }

  trace(traceIdOrRowId: string | number): TraceRow | undefined {
    return typeof traceIdOrRowId === "number" ? this.#traces.byRowId(traceIdOrRowId) : this.#traces.get(traceIdOrRowId);
  }

  session(sessionIdOrRowId: string | number): SessionRow | undefined {
    return typeof sessionIdOrRowId === "number" ? this.#sessions.byRowId(sessionIdOrRowId) : this.#sessions.get(sessionIdOrRowId);
  }

  clear(): void {
    this.#traces.clear();
    this.#sessions.clear();
  }
}
