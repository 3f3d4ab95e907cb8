export function readDivergences(file: string): Map<string, string>;
export function diffPaths(a: unknown, b: unknown, limit?: number, path?: string): string[];
