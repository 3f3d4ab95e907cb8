/**
 * One copy of each short string the decoder meets again and again (attribute keys, span and event names, repeated
 * attribute values): protobufjs makes a new string for every occurrence, and a stored span would otherwise hold its
 * own copy of `http.method` and `GET`. Bounded: once it holds MAX_ENTRIES strings it adds no more (lookups stay O(1);
 * the strings after that are stored as they came). Never holds a long string, so it cannot pin a request's memory.
 */
const MAX_ENTRIES = 65_536;
const MAX_LENGTH = 128;
const table = new Map<string, string>();

export function intern(text: string): string {
  if (text.length > MAX_LENGTH) return text;
  const known = table.get(text);
  if (known !== undefined) return known;
  if (table.size < MAX_ENTRIES) table.set(text, text);
  return text;
}
