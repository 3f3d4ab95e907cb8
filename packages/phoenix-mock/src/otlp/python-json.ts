/**
 * Python's `json.loads` for the JSON-string attributes Phoenix parses at ingest, into the mock's attribute values:
 * an int stays an int of any size (a bigint beyond 2^53), a number with a fraction or an exponent is a float (`1.0` a
 * `Double`), `NaN`, `Infinity` and `-Infinity` are read as Python reads them, an object keeps its keys in first-seen
 * order (a repeated key keeps its first place and its last value). Anything else Python refuses (a trailing comma,
 * a bare word, a BOM, control characters in a string, nesting past its recursion limit) is `undefined`.
 */
import { setOwn } from "./convert.js";
import { doubleValue, intValue, type OtlpAttributeValue, type OtlpAttributes } from "./values.js";

/** Nesting Python's recursive decoder survives (its default recursion limit is 1000 frames). */
const MAX_DEPTH = 990;
const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const STRING_CHUNK = /[^"\\\x00-\x1f]*/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

class Refused extends Error {}

export function pythonJsonLoads(text: string): OtlpAttributeValue | undefined {
  const parser = new Parser(text);
  try {
    parser.space();
    const value = parser.value(0);
    parser.space();
    return parser.at === text.length ? value : undefined;
  } catch (error) {
    if (error instanceof Refused) return undefined;
    throw error;
  }
}

class Parser {
  at = 0;
  constructor(private readonly text: string) {}

  space(): void {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.exec(this.text);
    this.at = WHITESPACE.lastIndex;
  }

  private take(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false;
    this.at += word.length;
    return true;
  }

  value(depth: number): OtlpAttributeValue {
    if (depth > MAX_DEPTH) throw new Refused();
    const c = this.text[this.at];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (this.take("null")) return null;
    if (this.take("true")) return true;
    if (this.take("false")) return false;
    if (this.take("NaN")) return Number.NaN;
    if (this.take("Infinity")) return Number.POSITIVE_INFINITY;
    if (this.take("-Infinity")) return Number.NEGATIVE_INFINITY;
    NUMBER.lastIndex = this.at;
    const number = NUMBER.exec(this.text);
    if (!number) throw new Refused();
    this.at = NUMBER.lastIndex;
    return number[1] || number[2] ? doubleValue(Number(number[0])) : intValue(number[0]);
  }

  private object(depth: number): OtlpAttributes {
    const out: OtlpAttributes = {};
    this.at++;
    this.space();
    if (this.take("}")) return out;
    for (;;) {
      if (this.text[this.at] !== '"') throw new Refused();
      const key = this.string();
      this.space();
      if (!this.take(":")) throw new Refused();
      this.space();
      setOwn(out, key, this.value(depth + 1));
      this.space();
      if (this.take("}")) return out;
      if (!this.take(",")) throw new Refused();
      this.space();
    }
  }

  private array(depth: number): OtlpAttributeValue[] {
    const out: OtlpAttributeValue[] = [];
    this.at++;
    this.space();
    if (this.take("]")) return out;
    for (;;) {
      out.push(this.value(depth + 1));
      this.space();
      if (this.take("]")) return out;
      if (!this.take(",")) throw new Refused();
      this.space();
    }
  }

  private string(): string {
    let out = "";
    this.at++;
    for (;;) {
      STRING_CHUNK.lastIndex = this.at;
      out += STRING_CHUNK.exec(this.text)![0];
      this.at = STRING_CHUNK.lastIndex;
      const c = this.text[this.at++];
      if (c === '"') return out;
      if (c !== "\\") throw new Refused(); // the end, or a control character (json.loads is strict)
      const escape = this.text[this.at++];
      if (escape === "u") {
        const hex = this.text.slice(this.at, this.at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Refused();
        out += String.fromCharCode(parseInt(hex, 16));
        this.at += 4;
      } else if (escape !== undefined && Object.hasOwn(ESCAPES, escape)) out += ESCAPES[escape];
      else throw new Refused();
    }
  }
}
