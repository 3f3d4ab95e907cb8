import { RowQueue } from "./span-queue.js";
import { TraceRows, type SessionRow, type TraceRow } from "./trace-rows.js";
import { SpanAnnotations } from "./annotations.js";

/**
 * Projects and ingested spans. The span records come from the OTLP decoder (src/otlp); this store files them
 * under a project (creating projects on first use, as Phoenix does), keeps one row per span id, and bounds itself to
 * `maxSpans` by evicting the oldest spans. Every operation costs what it touches: adding a batch, looking up an id,
 * counting, and reading a page never walk the spans that are already stored (`spansVisited` counts the records each
 * operation touches, so tests can prove it).
 */
export interface Project {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: Date;
}

export interface StoredSpan<S> {
  /** Phoenix's row id: 1, 2, 3 ... in arrival order over the store's life (evictions leave gaps, never reuse). */
  readonly rowId: number;
  readonly project: string;
  readonly span: S;
  readonly receivedAt: Date;
}

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
  /** Called after a batch evicted spans, with how many this batch evicted and how many in total. */
  onEvict?: (evicted: { count: number; total: number; maxSpans: number }) => void;
}

export type { SessionRow, TraceRow } from "./trace-rows.js";

export interface SpanStoreStats {
  /** Spans stored now. */
  readonly stored: number;
  /** Spans evicted (oldest first) to stay within `maxSpans`, since the last reset. */
  readonly evicted: number;
  readonly maxSpans: number | undefined;
}

export class TraceStore<S> {
  #projects = new Map<string, Project>();
  #projectsById = new Map<number, Project>();
  #all = new RowQueue<StoredSpan<S>>();
  #byProject = new Map<string, RowQueue<StoredSpan<S>>>();
  #byId = new Map<string, StoredSpan<S>>();
  #rows = new TraceRows();
  /** Span annotations, keyed as Phoenix keys them; a span's annotations leave with it. */
  readonly annotations = new SpanAnnotations();
  #nextProjectId = 1;
  #nextRowId = 1;
  #evicted = 0;
  #visited = 0;
  #listeners = new Set<() => void>();
  readonly #options: TraceStoreOptions<S>;

  constructor(options: TraceStoreOptions<S>) {
    this.#options = options;
    this.reset();
  }

  get maxSpans(): number | undefined {
    return this.#options.maxSpans;
  }

  /** How many span records all operations so far have touched (a work counter for tests; never reset). */
  get spansVisited(): number {
    return this.#visited;
  }

  /** A fresh database holds only the `default` project, described "Default project". */
  reset(): void {
    this.#projects.clear();
    this.#projectsById.clear();
    this.#all.clear();
    this.#byProject.clear();
    this.#byId.clear();
    this.#rows.clear();
    this.annotations.clear();
    this.#nextProjectId = 1;
    this.#nextRowId = 1;
    this.#evicted = 0;
    this.ensureProject("default", "Default project");
  }

  ensureProject(name: string, description: string | null = null): Project {
    let project = this.#projects.get(name);
    if (!project) {
      project = { id: this.#nextProjectId++, name, description, createdAt: new Date(this.#options.now()) };
      this.#projects.set(name, project);
      this.#projectsById.set(project.id, project);
    }
    return project;
  }

  projects(): Project[] {
    return [...this.#projects.values()];
  }

  project(nameOrId: string | number): Project | undefined {
    return typeof nameOrId === "number" ? this.#projectsById.get(nameOrId) : this.#projects.get(nameOrId);
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
      const record: StoredSpan<S> = { rowId: this.#nextRowId++, project: projectName, span, receivedAt };
      this.#byId.set(id, record);
      this.#rows.add(this.#traceKey(record), projectName, record, () => this.#options.sessionIdOf?.(span));
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

  /** Removes the `count` oldest spans (all projects); returns how many it removed. */
  evict(count: number): number {
    let removed = 0;
    while (removed < count) {
      const record = this.#all.shift();
      if (!record) break;
      this.#visited += 1;
      this.#byProject.get(record.project)!.shift(); // the globally oldest is also the oldest of its project
      const id = this.#options.idOf(record.span);
      if (this.#byId.get(id) === record) this.#byId.delete(id);
      this.#rows.remove(this.#traceKey(record));
      this.annotations.dropSpan(record.rowId);
      removed += 1;
    }
    this.#evicted += removed;
    return removed;
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

  #traceKey(record: StoredSpan<S>): string {
    return this.#options.traceIdOf ? this.#options.traceIdOf(record.span) : `row:${record.rowId}`;
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
