import { PhoenixConfigError } from "../../errors.js";
import { bearerPrefixWarning, cleartextWarning, normalizeApiKey, type ResolvedConfig } from "../config/resolve.js";
import { API_KEY_TIMEOUT_MILLIS, TIMED_OUT, within } from "../process/bounded.js";
import { isPrivateTestHost } from "../config/endpoint.js";
import { KeyFile } from "./key-file.js";
import type { Diagnostics } from "../report/logger.js";
import { describeSource } from "../config/parse.js";
import type { ConfigSource } from "../types.js";
import type { KeySnapshot } from "../report/sent-with.js";

const SET_API_KEY: ConfigSource = { from: "option", name: "setApiKey" };

/**
 * The one owner of "the current key": produces the request headers for each export (the transport's async `request`
 * factory) from `setApiKey()`, a key file, an `apiKey` function or a static key. Each request's facts (key or not,
 * which generation) travel with its error (report/sent-with.ts); `lastSent` is only the fallback for errors without them.
 */
export class Credentials {
  #lastSent: Readonly<{ keySent: boolean; generation: number }> = { keySent: false, generation: 0 };
  #override: string | undefined;
  #overridden = false;
  #lastValue: string | undefined | null = null;
  #generation = 0;
  readonly #keyFile: KeyFile | undefined;
  readonly #listeners = new Set<() => void>();
  private readonly staticHeaders: Record<string, string>;
  private readonly cleartext: boolean;
  /** A call of the `apiKey` function that has not settled yet: later exports wait on it instead of calling again. */
  private pendingRead: Promise<unknown> | undefined;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly diagnostics: Diagnostics,
    now: () => number = Date.now,
  ) {
    this.staticHeaders = Object.fromEntries(Object.entries(config.headers).map(([name, r]) => [name, r.value]));
    for (const [name, value] of Object.entries(this.staticHeaders)) {
      if (/auth|key|token|secret|cookie|session|pass/i.test(name)) diagnostics.addSecret(value);
    }
    const auth = config.authorization;
    if (auth.kind === "static") {
      diagnostics.addSecret(auth.value);
      diagnostics.addSecret(auth.value.replace(/^bearer\s+/i, ""));
    }
    if (auth.kind === "file") this.#keyFile = new KeyFile(auth.path, describeSource(auth.source), diagnostics, () => this.#changed(), now);
    const url = new URL(config.endpoint.value);
    this.cleartext = url.protocol === "http:" && !isPrivateTestHost(url.hostname);
  }

  /** Where the key comes from, for messages ("PHOENIX_API_KEY", "option `apiKey`"). */
  get keySource(): string | undefined {
    if (this.#override !== undefined) return "provider.phoenix.setApiKey()";
    const auth = this.config.authorization;
    return auth.kind === "none" ? undefined : describeSource(auth.source);
  }

  /** Whether the key can change without a restart (a function, a file, or setApiKey()). */
  get keyMayChange(): boolean {
    const kind = this.config.authorization.kind;
    return this.#overridden || kind === "dynamic" || kind === "file";
  }

  /** What the most recent export request carried. Written only by {@link request}. */
  get lastSent(): Readonly<{ keySent: boolean; generation: number }> {
    return this.#lastSent;
  }

  /** The generation of the key seen last (by a request, a snapshot or a change); synchronous. */
  get knownGeneration(): number {
    return this.#generation;
  }

  /** Whether the most recent export request carried an authorization header. */
  get lastSentKey(): boolean {
    return this.#lastSent.keySent;
  }

  /** The transport's factory: one call per export request, returning its headers and what they carry. */
  readonly request = async (): Promise<KeySnapshot> => {
    const snapshot = await this.snapshot();
    this.#lastSent = { keySent: snapshot.keySent, generation: snapshot.generation };
    return snapshot;
  };

  /** Headers for one request, leaving the exports' state alone (for verify() and the redelivery checks). */
  async snapshot(): Promise<KeySnapshot> {
    const authorization = await this.#authorization();
    if (authorization !== this.#lastValue) {
      this.#lastValue = authorization;
      this.#generation += 1;
    }
    const generation = this.#generation;
    return authorization === undefined
      ? { headers: { ...this.staticHeaders }, keySent: false, generation }
      : { headers: { ...this.staticHeaders, authorization }, keySent: true, generation };
  }

  /** Sets the key used from the next request on, over every configured source; `undefined` goes back to them. */
  setApiKey(key: string | undefined): void {
    if (key !== undefined && typeof key !== "string") {
      throw new PhoenixConfigError("setApiKey", "****", `provider.phoenix.setApiKey() takes a string (or undefined), got a ${typeof key}.`);
    }
    if (key === undefined) {
      this.#override = undefined;
    } else {
      this.diagnostics.addSecret(key.trim());
      const normalized = normalizeApiKey(key, SET_API_KEY);
      this.diagnostics.addSecret(normalized.key);
      this.#override = normalized.key === "" ? undefined : `Bearer ${normalized.key}`;
    }
    this.#overridden = true;
    this.#changed();
  }

  /** Called with no arguments whenever a key file changes or setApiKey() is called. Returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** After a 401/403: a key file may have changed without an event. */
  rejected(): void {
    this.#keyFile?.reread();
  }

  /** Re-reads a key file now (exit flushes cannot wait for the watcher). */
  refresh(): void {
    this.#keyFile?.read();
  }

  /** Starts watching a key file (register(); verifyConnection() reads it once). */
  start(): void {
    this.#keyFile?.start();
  }

  stop(): void {
    this.#keyFile?.stop();
    this.#listeners.clear();
  }

  /** A file changed or setApiKey() was called: note the new key's generation, then tell the listeners. */
  #changed(): void {
    void this.snapshot().then(() => {
      for (const listener of [...this.#listeners]) {
        try {
          listener();
        } catch {
          // A listener is ours (the redelivery); it must not break the caller of setApiKey() or the watcher.
        }
      }
    });
  }

  /** The authorization header value to send now, if any. Never throws. */
  async #authorization(): Promise<string | undefined> {
    if (this.#override !== undefined) return this.#override;
    const auth = this.config.authorization;
    if (auth.kind === "none") return undefined;
    if (auth.kind === "static") return auth.value;
    if (auth.kind === "file") return this.#checked(this.#keyFile?.content, auth.source, "api-key-file");
    let raw: unknown;
    try {
      this.pendingRead ??= Promise.resolve()
        .then(() => auth.read())
        .finally(() => (this.pendingRead = undefined));
      raw = await within(this.pendingRead, API_KEY_TIMEOUT_MILLIS);
    } catch (err) {
      this.diagnostics.warnOnce(
        "api-key-function-threw",
        `the \`apiKey\` function threw (${err instanceof Error ? err.message : String(err)}); exporting without a key until it returns one.`,
      );
      return undefined;
    }
    if (raw === TIMED_OUT) {
      this.diagnostics.warnOnce(
        "api-key-function-timeout",
        `the \`apiKey\` function did not settle within ${API_KEY_TIMEOUT_MILLIS} ms; exporting without a key until it does ` +
          "(later exports wait for the same call). Make it resolve or reject promptly, e.g. cache the key it fetches.",
      );
      return undefined;
    }
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== "string") {
      this.diagnostics.warnOnce("api-key-function-type", `the \`apiKey\` function returned a ${typeof raw}, not a string; exporting without a key.`);
      return undefined;
    }
    return this.#checked(raw, auth.source, "api-key-function");
  }

  #checked(raw: string | undefined, source: ConfigSource, id: string): string | undefined {
    if (raw === undefined) return undefined;
    let key: string;
    try {
      const normalized = normalizeApiKey(raw, source);
      key = normalized.key;
      this.diagnostics.addSecret(raw.trim());
      this.diagnostics.addSecret(key);
      if (normalized.hadBearerPrefix) this.diagnostics.warnOnce("bearer-prefix", bearerPrefixWarning(source));
    } catch (err) {
      this.diagnostics.addSecret(raw.trim());
      const until = id === "api-key-file" ? "the file holds" : "it returns";
      this.diagnostics.warnOnce(`${id}-invalid`, `${(err as Error).message} Exporting without a key until ${until} a valid one.`);
      return undefined;
    }
    if (key === "") return undefined;
    if (this.cleartext) this.diagnostics.warnOnce("cleartext", cleartextWarning(this.config.endpoint.value));
    return `Bearer ${key}`;
  }
}
