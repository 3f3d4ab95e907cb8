import { PhoenixUnhandledError } from "../errors.js";
import { decodeGlobalId, pythonInt } from "./values.js";

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

const offsetToCursor = (offset: number): string => Buffer.from(`connection:${offset}`, "utf8").toString("base64");
function cursorToOffset(cursor: string): number {
  const decoded = decodeGlobalId(cursor);
  const offset = decoded && !decoded.nodeId.includes(":") ? pythonInt(decoded.nodeId) : undefined;
  if (offset === undefined) throw new PhoenixUnhandledError(`invalid cursor: ${cursor}`);
  return offset;
}

/** Phoenix's `connection_from_list` (Relay offset pagination over a static list). */
export function connectionFromList<T>(data: T[], args: ConnectionArgs) {
  const length = data.length;
  let start = 0;
  let end = length;
  const afterOffset = args.after != null ? cursorToOffset(args.after) : -1;
  if (afterOffset >= 0 && afterOffset < length) start = Math.max(start, afterOffset + 1);
  const beforeOffset = args.before != null ? cursorToOffset(args.before) : end;
  if (beforeOffset >= 0 && beforeOffset < length) end = Math.min(end, beforeOffset);
  if (typeof args.first === "number") {
    if (args.first < 0) throw new PhoenixUnhandledError('Argument "first" must be a non-negative int');
    end = Math.min(end, start + args.first);
  }
  if (typeof args.last === "number") {
    if (args.last < 0) throw new PhoenixUnhandledError('Argument "last" must be a non-negative int');
    start = Math.max(start, end - args.last);
  }
  const edges = data.slice(start, Math.max(start, end)).map((node, index) => ({ node, cursor: offsetToCursor(start + index) }));
  const lowerBound = args.after != null ? afterOffset + 1 : 0;
  const upperBound = args.before != null ? beforeOffset : length;
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasPreviousPage: typeof args.last === "number" ? start > lowerBound : false,
      hasNextPage: typeof args.first === "number" ? end < upperBound : false,
    },
  };
}

