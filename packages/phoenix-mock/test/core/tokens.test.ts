import { CompactSign, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { PasswordRequirements } from "../../src/core/passwords.js";
import { TokenCodec, parseTokenId } from "../../src/core/tokens.js";
import { randomSecret } from "./helpers.js";

const b64 = (text: string) => Buffer.from(text).toString("base64url");

describe("TokenCodec", () => {
  it("writes Phoenix's exact header and a jti-only payload, deterministically", async () => {
    const codec = new TokenCodec(randomSecret());
    const token = await codec.sign({ kind: "ApiKey", id: 7 });
    const [header, payload] = token.split(".");
    expect(header).toBe("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9");
    expect(payload).toBe(b64('{"jti":"ApiKey:7"}'));
    expect(await codec.sign({ kind: "ApiKey", id: 7 })).toBe(token);
    expect(await codec.read(token)).toEqual({ kind: "ApiKey", id: 7 });
  });

  it("refuses other secrets, alg none, HS384/HS512, truncation and garbage", async () => {
    const secret = randomSecret();
    const codec = new TokenCodec(secret);
    const key = new TextEncoder().encode(secret);
    const wrong = await new TokenCodec(randomSecret()).sign({ kind: "AccessToken", id: 1 });
    const none = new UnsecuredJWT({ jti: "AccessToken:1" }).encode();
    const hs512 = await new SignJWT({ jti: "AccessToken:1" }).setProtectedHeader({ alg: "HS512" }).sign(key);
    const hs384 = await new SignJWT({ jti: "AccessToken:1" }).setProtectedHeader({ alg: "HS384" }).sign(key);
    const good = await codec.sign({ kind: "AccessToken", id: 1 });
    const [h, p, s] = good.split(".");
    for (const bad of [wrong, none, hs512, hs384, `${h!.slice(0, -2)}.${p}.${s}`, `${h}.${p!.slice(0, -2)}.${s}`, "not-a-jwt", ""]) {
      expect(await codec.read(bad)).toBeUndefined();
    }
  });

  it("ignores exp claims (expiry lives in the row) but needs a parseable jti", async () => {
    const secret = randomSecret();
    const codec = new TokenCodec(secret);
    const key = new TextEncoder().encode(secret);
    const expired = await new SignJWT({ jti: "ApiKey:3", exp: 1 }).setProtectedHeader({ alg: "HS256" }).sign(key);
    expect(await codec.read(expired)).toEqual({ kind: "ApiKey", id: 3 });
    const noJti = await new CompactSign(new TextEncoder().encode("{}")).setProtectedHeader({ alg: "HS256" }).sign(key);
    expect(await codec.read(noJti)).toBeUndefined();
  });
});

describe("parseTokenId", () => {
  it("accepts the four kinds with numeric ids only", () => {
    expect(parseTokenId("RefreshToken:12")).toEqual({ kind: "RefreshToken", id: 12 });
    expect(parseTokenId("PasswordResetToken:1")).toEqual({ kind: "PasswordResetToken", id: 1 });
    for (const bad of ["User:1", "ApiKey:", "ApiKey:x", "ApiKey", ":1", "ApiKey:-1"]) expect(parseTokenId(bad)).toBeUndefined();
  });
});

describe("PasswordRequirements", () => {
  it("reproduces Phoenix's messages and their order", () => {
    const basic = new PasswordRequirements(4);
    const strong = new PasswordRequirements(12, { digits: true, lowerCase: true, upperCase: true, specialChars: true });
    expect(basic.check("")).toBe("Password must be non-empty");
    expect(basic.check("a b c d")).toBe("Password must not contain whitespace characters");
    expect(basic.check("pässwörd")).toBe("Password must contain only ASCII characters");
    expect(basic.check("abc")).toBe("Password must be at least 4 characters long");
    expect(basic.check("admin")).toBeUndefined();
    expect(strong.check("abc")).toBe(
      "Password must be at least 12 characters long, at least one digit, at least one uppercase letter, and at least one special character",
    );
    expect(strong.check("ABCDEFGHIJK1!")).toBe("Password at least one lowercase letter");
    expect(strong.check("Abcdefghijk1!")).toBeUndefined();
  });
});
