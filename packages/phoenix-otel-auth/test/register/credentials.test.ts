import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/register/config.js";
import { Credentials } from "../../src/register/credentials.js";
import { Diagnostics } from "../../src/register/logger.js";
import { freshKey, recordingLogger } from "./helpers/util.js";

describe("Credentials", () => {
  it("a verify() snapshot between exports leaves the exports' 'key sent' state alone", async () => {
    const key = freshKey();
    let current: string | undefined = key;
    const config = resolveConfig({ url: "http://127.0.0.1:6006", apiKey: () => current }, {});
    const credentials = new Credentials(config, new Diagnostics(recordingLogger()));
    expect((await credentials.headers()).authorization).toBe(`Bearer ${key}`);
    expect(credentials.lastSentKey).toBe(true);
    current = undefined;
    const snapshot = await credentials.snapshot();
    expect(snapshot).toMatchObject({ headers: {}, keySent: false });
    expect(credentials.lastSentKey).toBe(true);
    await credentials.headers();
    expect(credentials.lastSentKey).toBe(false);
  });

  it("exposes no writable 'key sent' field", () => {
    const config = resolveConfig({ url: "http://127.0.0.1:6006" }, {});
    const credentials = new Credentials(config, new Diagnostics(recordingLogger()));
    expect(() => Object.assign(credentials, { lastSentKey: true })).toThrow(TypeError);
  });
});
