import { parseGlobalId, toGlobalId } from "../core/index.js";
import { HttpError } from "./responses.js";

/**
 * Phoenix's keyset pages over rows newest first (highest id first): a page holds the rows at or below the cursor's
 * id, and `next_cursor` is the GlobalID of the first row after the page, or null. Each route parses its cursor itself,
 * because Phoenix words an invalid cursor differently per route.
 */
export function pageNewestFirst<T extends { readonly id: number }>(
  rows: readonly T[],
  options: { limit: number; cursorId: number | undefined; type: string },
): { page: T[]; nextCursor: string | null } {
  const { limit, cursorId, type } = options;
  const ordered = [...rows].sort((a, b) => b.id - a.id).filter((row) => cursorId === undefined || row.id <= cursorId);
  return takePage(ordered, { limit, idOf: (row) => row.id, type });
}

/**
 * The one keyset page rule: the first `limit` rows, and as `next_cursor` the GlobalID of the row after them (null on
 * the last page). Reads at most `limit + 1` rows of `rows`, so a lazy iterator is never drained.
 */
export function takePage<T>(rows: Iterable<T>, options: { limit: number; idOf: (row: T) => number; type: string }): { page: T[]; nextCursor: string | null } {
  const page: T[] = [];
  for (const row of rows) {
    if (page.length === options.limit) return { page, nextCursor: toGlobalId(options.type, options.idOf(row)) };
    page.push(row);
  }
  return { page, nextCursor: null };
}

/** The `cursor` query parameter as a row id, or Phoenix's 422 `Invalid cursor format: <cursor>` (users, projects). */
export function cursorId(url: URL): number | undefined {
  const cursor = url.searchParams.get("cursor");
  if (!cursor) return undefined;
  const id = parseGlobalId(cursor)?.id;
  if (id === undefined) throw new HttpError(422, `Invalid cursor format: ${cursor}`);
  return id;
}
