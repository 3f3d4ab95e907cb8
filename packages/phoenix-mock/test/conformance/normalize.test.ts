// What the suite treats as "the same answer": only run-specific values become placeholders.
import { describe, expect, it } from "vitest";
import { describeBody, normalizeString, type NormalizeContext } from "../../src/contract/normalize.js";

const ctx: NormalizeContext = {
  origins: [["http://127.0.0.1:41234", "<origin>"]],
  uniques: [["member3f9a2c1d0e", "<member#1>"]],
  secrets: [["s3cr3t-admin-value-0123456789abcdef", "<PHOENIX_ADMIN_SECRET>"]],
};
const b64 = (text: string) => Buffer.from(text).toString("base64");
const jwt = (header: object, payload: object) =>
  `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.c2lnbmF0dXJl`;

describe("normalize", () => {
  it("keeps a JWT's exact header and jti kind, drops row id and signature", () => {
    const token = jwt({ typ: "JWT", alg: "HS256" }, { jti: "AccessToken:17" });
    expect(normalizeString(`phoenix-access-token=${token}; HttpOnly`, ctx)).toBe('phoenix-access-token=<jwt {"typ":"JWT","alg":"HS256"} AccessToken>; HttpOnly');
    expect(normalizeString(jwt({ alg: "HS256" }, { jti: "ApiKey:1", sub: "x" }), ctx)).toBe('<jwt {"alg":"HS256"} ApiKey claims=jti,sub>');
  });

  it("replaces GlobalIDs by their type, except the bootstrap ids, also inside paths and URL-encoded", () => {
    expect(normalizeString(b64("UserApiKey:57"), ctx)).toBe("<gid UserApiKey>");
    expect(normalizeString(b64("User:2"), ctx)).toBe("<gid User:2>");
    expect(normalizeString(`DELETE /v1/system/api_keys/${b64("SystemApiKey:60")}`, ctx)).toBe("DELETE /v1/system/api_keys/<gid SystemApiKey>");
    expect(normalizeString(`?cursor=${encodeURIComponent(b64("UserApiKey:7"))}`, ctx)).toBe("?cursor=<gid UserApiKey>");
    expect(normalizeString("Invalid token", ctx)).toBe("Invalid token");
    expect(normalizeString("Invalid UserApiKey GlobalID format: fake-id-x", ctx)).toBe("Invalid UserApiKey GlobalID format: fake-id-x");
  });

  it("keeps the format of timestamps, not their value", () => {
    expect(normalizeString("2026-11-26T13:52:13+00:00", ctx)).toBe("<time+00:00>");
    expect(normalizeString("2026-11-26T13:53:31.443608+00:00", ctx)).toBe("<time.6+00:00>");
    expect(normalizeString('x=""; expires=Thu, 26 Nov 2026 13:53:06 GMT; Max-Age=0', ctx)).toBe('x=""; expires=<http-date>; Max-Age=0');
  });

  it("replaces origins, generated names and secrets", () => {
    expect(normalizeString('resource_metadata="http://127.0.0.1:41234/.well-known/oauth-protected-resource"', ctx)).toBe('resource_metadata="<origin>/.well-known/oauth-protected-resource"');
    expect(normalizeString("member3f9a2c1d0e@example.com", ctx)).toBe("<member#1>@example.com");
    expect(normalizeString("Bearer s3cr3t-admin-value-0123456789abcdef", ctx)).toBe("Bearer <PHOENIX_ADMIN_SECRET>");
  });

  it("describes bodies by content type", () => {
    expect(describeBody('{"data":{"id":"VXNlcjoy","n":1}}', "application/json", ctx)).toEqual({ data: { id: "<gid User:2>", n: 1 } });
    expect(describeBody("<!DOCTYPE html>", "text/html; charset=utf-8", ctx)).toBe("<html page>");
    expect(describeBody('{"end_time_unix_nano":1795701896336678100}', "application/json", ctx)).toEqual({ end_time_unix_nano: "<unix-nano>" });
    expect(describeBody("", "application/x-protobuf", ctx)).toBe("");
  });
});
