export function readDivergences(file: string): Map<string, string>;
export function diffPaths(a: unknown, b: unknown, limit?: number, path?: string): string[];

/** Whether two observations are the same answer (a whole-millisecond timestamp without its fraction counts as microseconds). */
export function sameObservation(a: unknown, b: unknown): boolean;
