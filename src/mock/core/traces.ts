/**
 * Projects and ingested spans. The span records come from the OTLP decoder (src/mock/otlp); this store only files
 * them under a project, creating projects on first use as Phoenix does.
 */
export interface Project {
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  readonly createdAt: Date;
}

export interface StoredSpan<S> {
  readonly project: string;
  readonly span: S;
  readonly receivedAt: Date;
}

export class TraceStore<S> {
  #projects = new Map<string, Project>();
  #spans: StoredSpan<S>[] = [];
  #nextProjectId = 1;
  #listeners = new Set<() => void>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
    this.reset();
  }

  /** A fresh database holds only the `default` project, described "Default project". */
  reset(): void {
    this.#projects.clear();
    this.#spans = [];
    this.#nextProjectId = 1;
    this.ensureProject("default", "Default project");
  }

  ensureProject(name: string, description: string | null = null): Project {
    let project = this.#projects.get(name);
    if (!project) {
      project = { id: this.#nextProjectId++, name, description, createdAt: new Date(this.#now()) };
      this.#projects.set(name, project);
    }
    return project;
  }

  projects(): Project[] {
    return [...this.#projects.values()];
  }

  project(nameOrId: string | number): Project | undefined {
    if (typeof nameOrId === "number") return this.projects().find((p) => p.id === nameOrId);
    return this.#projects.get(nameOrId);
  }

  add(projectName: string, spans: readonly S[]): void {
    this.ensureProject(projectName);
    const receivedAt = new Date(this.#now());
    for (const span of spans) this.#spans.push({ project: projectName, span, receivedAt });
    for (const listener of this.#listeners) listener();
  }

  /** Spans in arrival order, optionally of one project. */
  spans(project?: string): StoredSpan<S>[] {
    return project === undefined ? [...this.#spans] : this.#spans.filter((s) => s.project === project);
  }

  /** Calls `listener` after every ingest; returns the unsubscribe function. */
  onIngest(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
