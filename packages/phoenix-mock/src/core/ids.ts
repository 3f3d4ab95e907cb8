/** Relay GlobalIDs as Phoenix (strawberry) writes them: standard base64, with padding, of `Type:id`. */
export function toGlobalId(type: string, id: number): string {
  return Buffer.from(`${type}:${id}`, "utf8").toString("base64");
}

/** Decodes a GlobalID of the expected type; undefined for anything else (wrong type, not base64, not numeric). */
export function fromGlobalId(globalId: string, expectedType: string): number | undefined {
  const decoded = parseGlobalId(globalId);
  return decoded?.type === expectedType ? decoded.id : undefined;
}

export function parseGlobalId(globalId: string): { type: string; id: number } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(globalId)) return undefined;
  const text = Buffer.from(globalId, "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon <= 0) return undefined;
  const id = text.slice(colon + 1);
  if (!/^\d+$/.test(id)) return undefined;
  return { type: text.slice(0, colon), id: Number(id) };
}
