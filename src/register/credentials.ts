import { bearerPrefixWarning, cleartextWarning, normalizeApiKey, type ResolvedConfig } from "./config.js";
import { API_KEY_TIMEOUT_MILLIS, TIMED_OUT, within } from "./bounded.js";
import { isPrivateTestHost } from "./endpoint.js";
import type { Diagnostics } from "./logger.js";
import { describeSource } from "./parse.js";

/**
 * Produces the request headers for each export (the exporter's async `headers` factory), so a key returned
 * by an `apiKey` function is picked up on the next export. Remembers whether the last request carried a key,
 * which tells a 401 "no key sent" apart from "key rejected".
 */
export class Credentials {
  #lastSentKey = false;
  private readonly staticHeaders: Record<string, string>;
  private readonly cleartext: boolean;
  /** A call of the `apiKey` function that has not settled yet: later exports wait on it instead of calling again. */
  private pendingRead: Promise<unknown> | undefined;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly diagnostics: Diagnostics,
  ) {
    this.staticHeaders = Object.fromEntries(Object.entries(config.headers).map(([name, r]) => [name, r.value]));
    for (const [name, value] of Object.entries(this.staticHeaders)) {
      if (/auth|key|token|secret|cookie|session|pass/i.test(name)) diagnostics.addSecret(value);
    }
    if (config.authorization.kind === "static") {
      diagnostics.addSecret(config.authorization.value);
      diagnostics.addSecret(config.authorization.value.replace(/^bearer\s+/i, ""));
    }
    const url = new URL(config.endpoint.value);
    this.cleartext = url.protocol === "http:" && !isPrivateTestHost(url.hostname);
  }

  /** Where the key comes from, for messages ("PHOENIX_API_KEY", "option `apiKey`"). */
  get keySource(): string | undefined {
    const auth = this.config.authorization;
    return auth.kind === "none" ? undefined : describeSource(auth.source);
  }

  /** Whether the most recent export request carried an authorization header. Written only by {@link headers}. */
  get lastSentKey(): boolean {
    return this.#lastSentKey;
  }

  /** The exporter's headers factory: one call per export request; remembers whether it carried a key. */
  readonly headers = async (): Promise<Record<string, string>> => {
    const { headers, keySent } = await this.snapshot();
    this.#lastSentKey = keySent;
    return headers;
  };

  /** Headers for one request and whether they carry a key, leaving the exports' state alone (for verify()). */
  async snapshot(): Promise<{ headers: Record<string, string>; keySent: boolean }> {
    const authorization = await this.authorization();
    return authorization === undefined
      ? { headers: { ...this.staticHeaders }, keySent: false }
      : { headers: { ...this.staticHeaders, authorization }, keySent: true };
  }

  /** The authorization header value to send now, if any. Never throws. */
  async authorization(): Promise<string | undefined> {
    const auth = this.config.authorization;
    if (auth.kind === "none") return undefined;
    if (auth.kind === "static") return auth.value;
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
    let key: string;
    try {
      const normalized = normalizeApiKey(raw, auth.source);
      key = normalized.key;
      this.diagnostics.addSecret(raw.trim());
      this.diagnostics.addSecret(key);
      if (normalized.hadBearerPrefix) this.diagnostics.warnOnce("bearer-prefix", bearerPrefixWarning(auth.source));
    } catch (err) {
      this.diagnostics.addSecret(raw.trim());
      this.diagnostics.warnOnce("api-key-function-invalid", `${(err as Error).message} Exporting without a key until it returns a valid one.`);
      return undefined;
    }
    if (key === "") return undefined;
    if (this.cleartext) this.diagnostics.warnOnce("cleartext", cleartextWarning(this.config.endpoint.value));
    return `Bearer ${key}`;
  }
}
