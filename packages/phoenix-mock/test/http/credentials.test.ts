import { describe, expect, it } from "vitest";
import { requestCredential } from "../../src/http/credentials.js";

const cookie = new Map([["phoenix-access-token", "cookie-token"]]);

describe("requestCredential", () => {
  it("uses the cookie only when there is no Authorization header (case: Basic suppresses the cookie)", () => {
    expect(requestCredential(null, cookie)).toEqual({ token: "cookie-token", source: "session" });
    expect(requestCredential("Basic YTpi", cookie)).toBeUndefined();
    expect(requestCredential("Bearer", cookie)).toBeUndefined();
    expect(requestCredential("Bearer ", cookie)).toBeUndefined();
    expect(requestCredential("", cookie)).toEqual({ token: "cookie-token", source: "session" });
    expect(requestCredential("bEaReR header-token", cookie)).toEqual({ token: "header-token", source: "bearer" });
    expect(requestCredential(null, new Map())).toBeUndefined();
  });
});
