/**
 * Turns one HTTP exchange into a comparable observation: values that legitimately differ between two servers
 * (ports, generated names, row ids, timestamps, token signatures) become placeholders; everything else — status,
 * body text, JSON shape, the auth-relevant headers — is kept exactly.
 */

/** Response headers the suite compares (the auth-relevant ones, plus the error-body content type). */
export const RECORDED_HEADERS = [
  "content-type",
  "www-authenticate",
  "location",
  "allow",
  "x-phoenix-server-version",
] as const;

/** Global ids whose numbers are fixed by Phoenix's bootstrap and therefore compared as they are. */
const FIXED_GLOBAL_IDS = new Set(["User:1", "User:2", "Project:1"]);

export interface NormalizeContext {
  /** Origins of the servers under test, replaced by `<origin>` / `<noauth-origin>`. */
  origins: ReadonlyArray<readonly [string, string]>;
  /** Generated strings (names, emails, trace ids) in creation order; each becomes `<name#k>`. */
  uniques: ReadonlyArray<readonly [string, string]>;
  /** Secrets that must never appear in a response; replaced so a leak shows up as a placeholder in the diff. */
  secrets: ReadonlyArray<readonly [string, string]>;
}

const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?/g;
const HTTP_DATE = /\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/g;
const BASE64_ID = /^[A-Za-z0-9+/]{4,}={0,2}$/;
const GLOBAL_ID_TOKEN = /[A-Za-z0-9+]{6,}(?:==|=|%3D%3D|%3D)?/g;

function decodeSegment(segment: string): string {
  try {
    return Buffer.from(segment, "base64url").toString("utf8");
  } catch {
    return "?";
  }
}

/** `<jwt {"typ":"JWT","alg":"HS256"} AccessToken>`: the exact header, and the jti kind (row ids vary). */
function describeJwt(token: string): string {
  const [header = "", payload = ""] = token.split(".");
  const headerText = decodeSegment(header);
  let kind = "?";
  try {
    const claims = JSON.parse(decodeSegment(payload)) as Record<string, unknown>;
    const keys = Object.keys(claims).sort().join(",");
    const jti = typeof claims.jti === "string" ? claims.jti.split(":")[0] : "no-jti";
    kind = keys === "jti" ? (jti ?? "?") : `${jti} claims=${keys}`;
  } catch {
    kind = "unparsable-payload";
  }
  return `<jwt ${headerText} ${kind}>`;
}

/** A Relay GlobalID (`base64("Type:N")`) becomes `<gid Type>`, except the bootstrap ids. */
export function describeGlobalId(value: string): string | undefined {
  if (!BASE64_ID.test(value)) return undefined;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  if (!/^[A-Z][A-Za-z]+:\d+$/.test(decoded)) return undefined;
  if (Buffer.from(decoded, "utf8").toString("base64").replace(/=+$/, "") !== value.replace(/=+$/, "")) return undefined;
  if (FIXED_GLOBAL_IDS.has(decoded)) return `<gid ${decoded}>`;
  return `<gid ${decoded.split(":")[0]}>`;
}

export function normalizeString(value: string, ctx: NormalizeContext): string {
  let out = value;
  for (const [secret, label] of ctx.secrets) if (secret) out = out.split(secret).join(label);
  out = out.replace(JWT, describeJwt);
  for (const [origin, label] of ctx.origins) out = out.split(origin).join(label);
  // Longest first, so a unique that contains another is replaced whole.
  for (const [unique, label] of [...ctx.uniques].sort((a, b) => b[0].length - a[0].length)) {
    out = out.split(unique).join(label);
  }
  out = out.replace(ISO_TIME, (_m, fraction: string | undefined, zone: string | undefined) => {
    return `<time${fraction ? `.${fraction.length - 1}` : ""}${zone ?? ""}>`;
  });
  out = out.replace(HTTP_DATE, "<http-date>");
  // GlobalIDs inside paths, query strings and messages (padding may be URL-encoded).
  return out.replace(GLOBAL_ID_TOKEN, (token) => describeGlobalId(token.replace(/%3D/g, "=")) ?? token);
}

export function normalizeJson(value: unknown, ctx: NormalizeContext): unknown {
  if (typeof value === "string") return normalizeString(value, ctx);
  if (Array.isArray(value)) return value.map((item) => normalizeJson(item, ctx));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // OTLP nanosecond timestamps are numbers; keep only their presence and type.
      out[normalizeString(key, ctx)] = key.endsWith("_unix_nano") && typeof item === "number" ? "<unix-nano>" : normalizeJson(item, ctx);
    }
    return out;
  }
  return value;
}

export interface ExchangeObservation {
  step: string;
  request: string;
  status: number;
  headers: Record<string, string | null>;
  setCookie: string[];
  /** Parsed and normalized JSON, or normalized text, `""` for an empty body, `<html …>` for the web UI. */
  body: unknown;
}

export function describeBody(text: string, contentType: string | null, ctx: NormalizeContext): unknown {
  if (text === "") return "";
  if (contentType?.startsWith("text/html")) return `<html ${text.length > 0 ? "page" : "empty"}>`;
  if (contentType?.startsWith("application/json")) {
    try {
      return normalizeJson(JSON.parse(text), ctx);
    } catch {
      return normalizeString(text, ctx);
    }
  }
  if (contentType?.startsWith("application/x-protobuf")) return `<protobuf ${text.length} bytes>`;
  return normalizeString(text, ctx);
}
