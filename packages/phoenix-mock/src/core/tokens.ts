import { createHmac, timingSafeEqual } from "node:crypto";

/** The four token kinds Phoenix issues. The JWT payload is only `{"jti":"<Kind>:<row id>"}`. */
export type TokenKind = "AccessToken" | "RefreshToken" | "ApiKey" | "PasswordResetToken";
export const TOKEN_KINDS: readonly TokenKind[] = ["AccessToken", "RefreshToken", "ApiKey", "PasswordResetToken"];

export interface TokenId {
  kind: TokenKind;
  id: number;
}

const HEADER = Buffer.from(JSON.stringify({ typ: "JWT", alg: "HS256" })).toString("base64url");

/**
 * Signs and reads Phoenix's opaque JWT handles: HS256 with the raw UTF-8 bytes of PHOENIX_SECRET, header
 * `{"typ":"JWT","alg":"HS256"}` in that order, payload `{"jti":"Kind:id"}` and nothing else. For a given row and
 * secret the token is deterministic, as in Phoenix.
 */
export class TokenCodec {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = Buffer.from(secret, "utf8");
  }

  #mac(signingInput: string): Buffer {
    return createHmac("sha256", this.#key).update(signingInput).digest();
  }

  sign(token: TokenId): Promise<string> {
    const payload = Buffer.from(JSON.stringify({ jti: `${token.kind}:${token.id}` })).toString("base64url");
    const signingInput = `${HEADER}.${payload}`;
    return Promise.resolve(`${signingInput}.${this.#mac(signingInput).toString("base64url")}`);
  }

  /**
   * Verifies the signature (HS256 only: `none`, HS384, HS512 and every other algorithm are refused) and parses the
   * jti. Like Phoenix (joserfc), claims such as `exp` are not looked at: expiry lives in the row.
   * Returns undefined for anything that is not a valid token.
   */
  read(token: string): Promise<TokenId | undefined> {
    return Promise.resolve(this.#read(token));
  }

  #read(token: string): TokenId | undefined {
    const parts = token.split(".");
    if (parts.length !== 3 || !parts.every(isCanonicalBase64url)) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    const protectedHeader = parseJson(header);
    // HS256 only, and no critical extensions (RFC 7515 §4.1.11: an unknown `crit` makes the token invalid).
    if (!isObject(protectedHeader) || protectedHeader.alg !== "HS256" || "crit" in protectedHeader) return undefined;
    const expected = this.#mac(`${header}.${payload}`);
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const claims = parseJson(payload);
    if (!isObject(claims)) return undefined;
    return typeof claims.jti === "string" ? parseTokenId(claims.jti) : undefined;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function parseJson(segment: string): unknown {
  try {
    return JSON.parse(utf8.decode(Buffer.from(segment, "base64url")));
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * joserfc's strict base64url, which Phoenix's tokens pass through: only `A-Z a-z 0-9 - _`, no padding, no length
 * that leaves 6 bits over, and a last character whose unused low bits are zero. Node's base64url decoder ignores
 * those bits, so without this check four spellings of one signature would all verify where Phoenix accepts one.
 */
export function isCanonicalBase64url(segment: string): boolean {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return false;
  const rest = segment.length % 4;
  if (rest === 1) return false;
  if (rest === 2) return "AQgw".includes(segment.at(-1)!);
  if (rest === 3) return "AEIMQUYcgkosw048".includes(segment.at(-1)!);
  return true;
}

/** Phoenix's `TokenId.parse`: split at the first ":", a known kind, and a numeric id. */
export function parseTokenId(jti: string): TokenId | undefined {
  const colon = jti.indexOf(":");
  if (colon < 0) return undefined;
  const kind = jti.slice(0, colon) as TokenKind;
  const id = jti.slice(colon + 1);
  if (!TOKEN_KINDS.includes(kind) || !/^\d+$/.test(id)) return undefined;
  return { kind, id: Number(id) };
}
