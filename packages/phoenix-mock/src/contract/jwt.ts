// JWTs as an attacker (or a client) would make them, for the token cases: HS256/384/512 signed with a given secret, or
// unsecured (`alg: "none"`). Written from RFC 7515/7519 with node:crypto, independently of the mock's own codec.
import { createHmac } from "node:crypto";

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** `header.payload.signature` with header `{"typ":"JWT","alg":alg}` (`{"alg":"none"}` and no signature for "none"). */
export function signJwt(payload: Record<string, unknown>, alg: "HS256" | "HS384" | "HS512" | "none", secret: string): string {
  if (alg === "none") return `${segment({ alg: "none" })}.${segment(payload)}.`;
  const input = `${segment({ typ: "JWT", alg })}.${segment(payload)}`;
  const hash = { HS256: "sha256", HS384: "sha384", HS512: "sha512" }[alg];
  return `${input}.${createHmac(hash, Buffer.from(secret, "utf8")).update(input).digest("base64url")}`;
}
