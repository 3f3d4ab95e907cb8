/**
 * Where each span's own bytes are in an ExportTraceServiceRequest, so the span store can keep those bytes (a few
 * hundred a span) instead of the decoded record (about a kilobyte of objects a span) and decode a span again when a
 * route reads it (src/spans/arena.ts).
 *
 * The walk runs after protobufjs decoded the same bytes without error, so it trusts the framing; it stops and answers
 * `undefined` (keep the decoded records) on anything it does not expect. It reads only the tags and lengths of the two
 * levels above the spans: ExportTraceServiceRequest.resource_spans (1) → ResourceSpans.scope_spans (2) →
 * ScopeSpans.spans (2), in wire order, which is also the order of protobufjs' repeated fields.
 */
const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
    readonly end: number,
  ) {}

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.at >= this.end || shift > 49) throw new RangeError("varint");
      const byte = this.bytes[this.at++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
    }
  }

  /** Calls `onField(field, start, end)` for each length-delimited field; skips the others. */
  fields(onField: (field: number, start: number, end: number) => void): void {
    while (this.at < this.end) {
      const tag = this.varint();
      const field = Math.floor(tag / 8);
      const wire = tag % 8;
      if (wire === WIRE_LEN) {
        const length = this.varint();
        const start = this.at;
        this.at += length;
        if (this.at > this.end) throw new RangeError("length");
        onField(field, start, this.at);
      } else if (wire === WIRE_VARINT) this.varint();
      else if (wire === WIRE_I64) this.at += 8;
      else if (wire === WIRE_I32) this.at += 4;
      else throw new RangeError("group"); // protobufjs skips groups; keep the decoded records then
    }
    if (this.at !== this.end) throw new RangeError("overrun");
  }
}

/** The bytes of every span of the request, in wire order (views into `bytes`), or undefined. */
export function spanSlices(bytes: Uint8Array): Uint8Array[] | undefined {
  const slices: Uint8Array[] = [];
  try {
    new Cursor(bytes, 0, bytes.length).fields((field, start, end) => {
      if (field !== 1) return;
      new Cursor(bytes, start, end).fields((field, start, end) => {
        if (field !== 2) return;
        new Cursor(bytes, start, end).fields((field, start, end) => {
          if (field === 2) slices.push(bytes.subarray(start, end));
        });
      });
    });
  } catch {
    return undefined;
  }
  return slices;
}
