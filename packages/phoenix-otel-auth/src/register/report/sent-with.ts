// The facts of one export request that its failure is classified by: whether it carried a key, and which one. They
// travel with the request's error object (the transport notes them, the reporter and the redelivery read them): up to
// 30 exports run at once, so a shared "last sent" would classify a keyless 401 by another request's key.

/** What one request carries: its headers, whether they hold a key, and which key (a number that changes with it). */
export interface KeySnapshot {
  headers: Record<string, string>;
  keySent: boolean;
  /** Changes whenever the authorization value changes; equal numbers mean the same key. */
  generation: number;
}

/** What one export request carried, as far as its failure is concerned. */
export type SentWith = Pick<KeySnapshot, "keySent" | "generation">;

const sentBy = new WeakMap<object, SentWith>();

/** Notes on a request's error which key it carried (the transport calls this for every failed attempt). */
export function markSent(error: unknown, sent: SentWith): void {
  if (typeof error === "object" && error !== null) sentBy.set(error, sent);
}

/** What the request that failed with `error` carried, if the transport noted it. */
export function sentWith(error: unknown): SentWith | undefined {
  return typeof error === "object" && error !== null ? sentBy.get(error) : undefined;
}

