import { readFileSync, watch, type FSWatcher } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Diagnostics } from "../report/logger.js";

/** Polling interval when the directory cannot be watched; never faster than once a second. */
export const KEY_FILE_POLL_MILLIS = 1000;
/** Re-reads asked for after a 401/403 happen at most this often. */
const REREAD_MIN_MILLIS = 1000;
/** Editors and `echo > file` write in steps; wait for the last one before reading. */
const SETTLE_MILLIS = 25;

/**
 * The one owner of a key file's content (`apiKeyFile`, `PHOENIX_API_KEY_FILE`): read (trimmed) at start, re-read when
 * the directory reports a change (fs.watch; polling once a second where watching is unavailable), and on demand after a
 * 401/403. A missing or unreadable file is reported once, naming the setting and the path (never the content); it is
 * not an error: exports go out without a key until the file can be read.
 */
export class KeyFile {
  readonly #absolute: string;
  #content: string | undefined;
  #lastRead = Number.NEGATIVE_INFINITY;
  #watcher: FSWatcher | undefined;
  #poll: ReturnType<typeof setInterval> | undefined;
  #settle: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    readonly path: string,
    private readonly label: string,
    private readonly diagnostics: Diagnostics,
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
  ) {
    this.#absolute = resolve(path);
    this.#content = this.#readNow();
  }

  /** The file's trimmed content at the last read; undefined while it cannot be read. */
  get content(): string | undefined {
    return this.#content;
  }

  /** Whether the file is watched (true) or polled (false); undefined before start() or after stop(). */
  get watching(): boolean | undefined {
    return this.#watcher ? true : this.#poll ? false : undefined;
  }

  /** Re-reads the file now; calls onChange when the content changed. */
  read(): void {
    const next = this.#readNow();
    if (next === this.#content) return;
    this.#content = next;
    this.onChange();
  }

  /** After a 401/403 the file may have changed without an event (network file systems): re-read, at most once a second. */
  reread(): void {
    if (this.now() - this.#lastRead >= REREAD_MIN_MILLIS) this.read();
  }

  /** Starts watching (or polling). Neither keeps the process alive. */
  start(): void {
    if (this.#stopped || this.#watcher || this.#poll) return;
    try {
      // The directory, not the file: the file may not exist yet, and secret mounts replace it (Kubernetes swaps a
      // `..data` symlink), so any entry's change may be ours; a read of a small file is cheap and compared first.
      this.#watcher = watch(dirname(this.#absolute), { persistent: false }, () => this.#scheduleRead());
      this.#watcher.on("error", () => this.#fallBackToPolling());
    } catch {
      this.#fallBackToPolling();
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#poll) clearInterval(this.#poll);
    this.#poll = undefined;
    if (this.#settle) clearTimeout(this.#settle);
    this.#settle = undefined;
  }

  #fallBackToPolling(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#stopped || this.#poll) return;
    this.#poll = setInterval(() => this.read(), KEY_FILE_POLL_MILLIS);
    this.#poll.unref();
  }

  #scheduleRead(): void {
    if (this.#stopped) return;
    if (this.#settle) clearTimeout(this.#settle);
    this.#settle = setTimeout(() => {
      this.#settle = undefined;
      if (!this.#stopped) this.read();
    }, SETTLE_MILLIS);
    this.#settle.unref();
  }

  #readNow(): string | undefined {
    this.#lastRead = this.now();
    let text: string;
    try {
      text = readFileSync(this.#absolute, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      const why = code === "ENOENT" ? "it does not exist" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a directory" : code;
      this.diagnostics.warnOnce(
        `api-key-file:${code}`,
        `${this.label}: cannot read the API key file ${this.path} (${why}); exporting without a key until it can be read. ` +
          `The file is re-read when it changes.`,
      );
      return undefined;
    }
    const key = text.trim();
    this.diagnostics.addSecret(key);
    this.diagnostics.addSecret(key.replace(/^bearer\s+/i, ""));
    if (key === "") this.diagnostics.warnOnce("api-key-file:empty", `${this.label}: the API key file ${this.path} is empty; exporting without a key.`);
    return key;
  }
}
