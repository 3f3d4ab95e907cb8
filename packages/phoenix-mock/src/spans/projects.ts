/** The store's projects: created on first use, as Phoenix does, numbered 1, 2, 3 ... */
export interface Project {
  readonly id: number;
  readonly name: string;
  description: string | null;
  readonly createdAt: Date;
}

export class ProjectTable {
  #byName = new Map<string, Project>();
  #byId = new Map<number, Project>();
  #nextId = 1;

  constructor(private readonly now: () => number) {}

  clear(): void {
    this.#byName.clear();
    this.#byId.clear();
    this.#nextId = 1;
  }

  ensure(name: string, description: string | null): Project {
    let project = this.#byName.get(name);
    if (!project) {
      project = { id: this.#nextId++, name, description, createdAt: new Date(this.now()) };
      this.#byName.set(name, project);
      this.#byId.set(project.id, project);
    }
    return project;
  }

  delete(name: string): void {
    const project = this.#byName.get(name);
    if (!project) return;
    this.#byName.delete(name);
    this.#byId.delete(project.id);
  }

  all(): Project[] {
    return [...this.#byName.values()];
  }

  get(nameOrId: string | number): Project | undefined {
    return typeof nameOrId === "number" ? this.#byId.get(nameOrId) : this.#byName.get(nameOrId);
  }
}
