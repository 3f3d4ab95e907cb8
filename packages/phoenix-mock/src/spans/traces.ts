import { SpanArena } from "./arena.js";
import { Row, type Packing, type SpanCodec, type StoredSpan } from "./row.js";
import { ProjectTable, type Project } from "./projects.js";
import { RowQueue } from "./span-queue.js";
import { TraceRows, type SessionRow, type TraceRow } from "./trace-rows.js";
import { SpanAnnotations } from "./annotations.js";

export type { SpanCodec, StoredSpan } from "./row.js";
export type { Project } from "./projects.js";

export interface TraceStoreOptions<S> {
  /** Milliseconds since the epoch. */
  now: () => number;
  /** The span's id (Phoenix keeps one row per span id, across projects). */
  idOf: (span: S) => string;
  /** The span's trace id (Phoenix's `traces` rows). Undefined: every span is its own trace. */
  traceIdOf?: (span: S) => string;
  /** The span's session id (`session.id`, Phoenix's `project_sessions` rows), if any. */
  sessionIdOf?: (span: S) => string | undefined;
  /** Keep at most this many spans; beyond it the oldest are evicted. Undefined: no bound. */
  maxSpans?: number;
  /** The span's start time in microseconds, kept beside it for sorting without a decode. */
  startMicrosOf?: (span: S) => number;
  /** Keep spans as their encoded bytes (see SpanCodec). Undefined: keep the objects. */
  codec?: SpanCodec<S>;
  /** Called after a batch evicted spans, with how many this batch evicted and how many in total. */
  onEvict?: (evicted: { count: number; total: number; maxSpans: number }) => void;
}

export type { SessionRow, TraceRow } from "./trace-rows.js";

/** What the span store holds and has evicted. */
export interface SpanStoreStats {
  /** Spans stored now. */
  readonly stored: number;
  /** Spans evicted (oldest first) to stay within `maxSpans`, since the last reset. */
  readonly evicted: number;
  readonly maxSpans: number | undefined;
}

/**
 * Projects and ingested spans. The span records come from the OTLP decoder (src/otlp); this store files them
 * under a project (creating projects on first use, as Phoenix does), keeps one row per span id, and bounds itself to
 * `maxSpans` by evicting the oldest spans. Every operation costs what it touches: adding a batch, looking up an id,
 * counting, and reading a page never walk the spans that are already stored (`spansVisited` counts the records each
 * operation touches, so tests can prove it).
 */
export class TraceStore<S> {
  readonly #projects: ProjectTable;
  #all = new RowQueue<Row<S>>();
  #byProject = new Map<string, RowQueue<Row<S>>>();
  #byId = new Map<string, Row<S>>();
  readonly #packing: Packing<S> | undefined;
  /** Phoenix's `traces` and `project_sessions` rows of the stored spans. */
  #rows = new TraceRows();
  /** Span annotations, keyed as Phoenix keys them; a span's annotations leave with it. */
  readonly annotations = new SpanAnnotations();
  #nextRowId = 1;
  #evicted = 0;
  #visited = 0;
  #listeners = new Set<() => void>();
  readonly #options: TraceStoreOptions<S>;

  constructor(options: TraceStoreOptions<S>) {
    this.#options = options;
    this.#projects = new ProjectTable(options.now);
    this.#packing = options.codec && { codec: options.codec, arena: new SpanArena() };
    this.reset();
  }

  get maxSpans(): number | undefined {
    return this.#options.maxSpans;
  }

  /** Bytes the store's arena holds for spans kept as bytes (whole chunks; 0 without a codec). */
  get arenaBytes(): number {
    return this.#packing?.arena.bytes ?? 0;
  }

  /** How many span records all operations so far have touched (a work counter for tests; never reset). */
  get spansVisited(): number {
    return this.#visited;
  }

  /** A fresh database holds only the `default` project, described "Default project". */
  reset(): void {
    this.#projects.clear();
    this.#all.clear();
    this.#byProject.clear();
    this.#byId.clear();
    this.#packing?.arena.clear();
    this.#rows.clear();
    this.annotations.clear();
    this.#nextRowId = 1;
    this.#evicted = 0;
    this.ensureProject("default", "Default project");
  }

  ensureProject(name: string, description: string | null = null): Project {
    return this.#projects.ensure(name, description);
  }

  /** Removes one stored span (Phoenix's `DELETE /v1/spans/{id}`; O(spans in its project)); false when not stored. */
  deleteSpan(record: StoredSpan<S>): boolean {
    return this.remove(record.project, (candidate) => candidate === record) > 0;
  }

  /** Phoenix's project deletion: the project and all its spans (their annotations with them). */
  deleteProject(name: string): number {
    const removed = this.remove(name, () => true);
    this.#byProject.delete(name);
    this.#projects.delete(name);
    return removed;
  }

  projects(): Project[] {
    return this.#projects.all();
  }

  project(nameOrId: string | number): Project | undefined {
    return this.#projects.get(nameOrId);
  }

  /**
   * Files `spans` under `projectName` in order. A span whose id is already stored (from an earlier batch, or earlier
   * in this one) is skipped: the first copy wins. Returns how many were stored. Evicts the oldest beyond `maxSpans`.
   */
  add(projectName: string, spans: readonly S[]): number {
    let list = this.#byProject.get(projectName);
    const receivedAt = new Date(this.#options.now());
    let stored = 0;
    for (const span of spans) {
      this.#visited += 1;
      const id = this.#options.idOf(span);
      if (this.#byId.has(id)) continue;
      if (!list) {
        // The project appears with its first stored span (a batch of duplicates creates nothing).
        this.ensureProject(projectName);
        this.#byProject.set(projectName, (list = new RowQueue()));
      }
      const record = this.#row(projectName, receivedAt, id, span);
      this.#byId.set(id, record);
      const traceId = this.#options.traceIdOf?.(span) ?? `row:${record.rowId}`;
      record.trace = this.#rows.add(traceId, projectName, record, () => this.#options.sessionIdOf?.(span));
      this.#all.push(record);
      list.push(record);
      stored += 1;
    }
    const { maxSpans, onEvict } = this.#options;
    if (maxSpans !== undefined && this.#all.length > maxSpans) {
      const count = this.evict(this.#all.length - maxSpans);
      onEvict?.({ count, total: this.#evicted, maxSpans });
    }
    if (stored > 0) for (const listener of this.#listeners) listener();
    return stored;
  }

  #row(project: string, receivedAt: Date, id: string, span: S): Row<S> {
    const start = this.#options.startMicrosOf?.(span) ?? 0;
    const encoded = this.#packing?.codec.encoded(span);
    if (!encoded) return new Row(this.#nextRowId++, project, receivedAt, id, start, undefined, span, -1, 0, 0);
    const slot = this.#packing!.arena.append(encoded.bytes);
    return new Row(this.#nextRowId++, project, receivedAt, id, start, this.#packing, encoded.context, slot.chunk, slot.offset, slot.length);
  }

  /** A record leaves the store: its id, its bytes, its share of its trace and its annotations go (no decode). */
  #forget(record: Row<S>): void {
    if (this.#byId.get(record.id) === record) this.#byId.delete(record.id);
    if (record.chunk >= 0) this.#packing!.arena.release(record.chunk);
    this.#rows.remove(record.trace, record);
    this.annotations.dropSpan(record.rowId);
  }

  /** Removes the `count` oldest spans (all projects); returns how many it removed. */
  evict(count: number): number {
    let removed = 0;
    while (removed < count) {
      const record = this.#all.shift();
      if (!record) break;
      this.#visited += 1;
      this.#byProject.get(record.project)!.shift(); // the globally oldest is also the oldest of its project
      this.#forget(record);
      removed += 1;
    }
    this.#evicted += removed;
    return removed;
  }

  /** The row id of a trace that has stored spans (1, 2, 3 ... as each trace's first span was stored). */
  traceRowId(traceId: string): number | undefined {
    return this.#rows.trace(traceId)?.rowId;
  }

  /**
   * Removes the spans of `project` that `remove` picks (Phoenix's cascade from a deleted trace); returns how many.
   * O(spans stored): deletion rebuilds the row lists.
   */
  remove(project: string, remove: (record: StoredSpan<S>) => boolean): number {
    const gone = new Set<Row<S>>();
    this.#byProject.get(project)?.retain((record) => {
      this.#visited += 1;
      if (!remove(record)) return true;
      gone.add(record);
      return false;
    });
    if (gone.size === 0) return 0;
    this.#all.retain((record) => !gone.has(record));
    for (const record of gone) this.#forget(record);
    return gone.size;
  }

  /** The stored span with this id, if any. */
  get(spanId: string): StoredSpan<S> | undefined {
    this.#visited += 1;
    return this.#byId.get(spanId);
  }

  /** The stored span with this row id (O(log n)). */
  byRowId(rowId: number): StoredSpan<S> | undefined {
    this.#visited += 1;
    const record = this.#all.at(this.#all.lowerBound(rowId));
    return record?.rowId === rowId ? record : undefined;
  }

  /** The `traces` row of a trace id, or by its row id. */
  trace(traceIdOrRowId: string | number): TraceRow | undefined {
    return this.#rows.trace(traceIdOrRowId);
  }

  /** The `project_sessions` row of a session id, or by its row id. */
  session(sessionIdOrRowId: string | number): SessionRow | undefined {
    return this.#rows.session(sessionIdOrRowId);
  }

  /** Spans stored, in one project or in all. */
  count(project?: string): number {
    return project === undefined ? this.#all.length : (this.#byProject.get(project)?.length ?? 0);
  }

  stats(): SpanStoreStats {
    return { stored: this.#all.length, evicted: this.#evicted, maxSpans: this.#options.maxSpans };
  }

  /** Names of the projects that hold at least one span, in creation order. */
  projectsWithSpans(): string[] {
    return [...this.#byProject].filter(([, list]) => list.length > 0).map(([name]) => name);
  }

  /**
   * The spans of `project` (all projects when undefined) newest first (`order: "desc"`) or oldest first, starting at
   * the row `fromRowId` inclusive (a keyset cursor), touching only the rows it yields.
   */
  *iterate(project: string | undefined, options: { order?: "asc" | "desc"; fromRowId?: number } = {}): Generator<StoredSpan<S>> {
    const list = project === undefined ? this.#all : this.#byProject.get(project);
    if (!list) return;
    const { order = "desc", fromRowId } = options;
    if (order === "asc") {
      for (let i = fromRowId === undefined ? 0 : list.lowerBound(fromRowId); i < list.length; i++) {
        this.#visited += 1;
        yield list.at(i)!;
      }
    } else {
      const start = fromRowId === undefined ? list.length - 1 : list.lowerBound(fromRowId + 1) - 1;
      for (let i = start; i >= 0; i--) {
        this.#visited += 1;
        yield list.at(i)!;
      }
    }
  }

  /** Spans in arrival order, optionally of one project (a copy: O(spans returned)). */
  spans(project?: string): StoredSpan<S>[] {
    return [...this.iterate(project, { order: "asc" })];
  }

  /** Calls `listener` after every ingest that stored spans; returns the unsubscribe function. */
  onIngest(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
