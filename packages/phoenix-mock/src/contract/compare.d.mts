/** A listed divergence: why, and the observation paths (as diffPaths names them) where the mock may differ. */
export interface Divergence {
  reason: string;
  paths: string[];
}
export function readDivergences(file: string): Map<string, Divergence>;
/** The paths where two observations differ (timestamps compared as sameObservation does) that `excused` does not list. */
export function unexcusedPaths(a: unknown, b: unknown, excused?: readonly string[]): string[];
export function diffPaths(a: unknown, b: unknown, limit?: number, path?: string): string[];

/** Whether two observations are the same answer (a whole-millisecond timestamp without its fraction counts as microseconds). */
export function sameObservation(a: unknown, b: unknown): boolean;
