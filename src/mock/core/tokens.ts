import { CompactSign, compactVerify } from "jose";

/** The four token kinds Phoenix issues. The JWT payload is only `{"jti":"<Kind>:<row id>"}`. */
export type TokenKind = "AccessToken" | "RefreshToken" | "ApiKey" | "PasswordResetToken";
export const TOKEN_KINDS: readonly TokenKind[] = ["AccessToken", "RefreshToken", "ApiKey", "PasswordResetToken"];

export interface TokenId {
  kind: TokenKind;
  id: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Signs and reads Phoenix's opaque JWT handles: HS256 with the raw UTF-8 bytes of PHOENIX_SECRET, header
 * `{"typ":"JWT","alg":"HS256"}` in that order, payload `{"jti":"Kind:id"}` and nothing else. For a given row and
 * secret the token is deterministic, as in Phoenix.
 */
export class TokenCodec {
  readonly #key: Uint8Array;

  constructor(secret: string) {
    this.#key = encoder.encode(secret);
  }

  sign(token: TokenId): Promise<string> {
    const payload = encoder.encode(JSON.stringify({ jti: `${token.kind}:${token.id}` }));
    return new CompactSign(payload).setProtectedHeader({ typ: "JWT", alg: "HS256" }).sign(this.#key);
  }

  /**
   * Verifies the signature (HS256 only: `none`, HS384, HS512 and every other algorithm are refused) and parses the
   * jti. Like Phoenix (joserfc), claims such as `exp` are not looked at: expiry lives in the row.
   * Returns undefined for anything that is not a valid token.
   */
  async read(token: string): Promise<TokenId | undefined> {
    if (!token.split(".").every(isCanonicalBase64url)) return undefined;
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(token, this.#key, { algorithms: ["HS256"] }));
    } catch {
      return undefined;
    }
    let claims: unknown;
    try {
      claims = JSON.parse(decoder.decode(payload));
    } catch {
      return undefined;
    }
    if (typeof claims !== "object" || claims === null) return undefined;
    const jti = (claims as { jti?: unknown }).jti;
    return typeof jti === "string" ? parseTokenId(jti) : undefined;
  }
}

/**
 * joserfc's strict base64url, which Phoenix's tokens pass through: only `A-Z a-z 0-9 - _`, no padding, no length
 * that leaves 6 bits over, and a last character whose unused low bits are zero. Node's decoder (and jose's) ignores
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
