import { reject } from "./rejections.js";
import type { Store } from "./store.js";

interface Bucket {
  tokens: number;
  updated: number;
}

/**
 * A per-client token bucket, as Phoenix's `ServerRateLimiter` keeps one per client address: `burst` requests at once,
 * then `perSecond` (rejected "rate-limited", REST's 429 `Too Many Requests`); off with PHOENIX_DISABLE_RATE_LIMIT.
 */
export class RateLimiter {
  readonly #store: Store;
  readonly #perMs: number;
  readonly #burst: number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(store: Store, limits: { perSecond: number; burst: number }) {
    this.#store = store;
    this.#perMs = limits.perSecond / 1000;
    this.#burst = limits.burst;
  }

  /** Takes one token of `clientKey`'s bucket, or rejects. */
  check(clientKey: string): void {
    if (this.#store.config.disableRateLimit) return;
    const now = this.#store.now();
    const bucket = this.#buckets.get(clientKey) ?? { tokens: this.#burst, updated: now };
    bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.updated) * this.#perMs);
    bucket.updated = now;
    this.#buckets.set(clientKey, bucket);
    if (bucket.tokens < 1) reject("rate-limited");
    bucket.tokens -= 1;
  }

  /** Forgets every bucket. */
  clear(): void {
    this.#buckets.clear();
  }
}
