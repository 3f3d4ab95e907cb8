import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockPhoenix, type MockPhoenix } from "phoenix-mock";
import { generateSecret } from "../../../../test/helpers/secrets.js";
import { cleanEnv, requireBuild, runChild, startChild } from "./helpers/child.js";

// Every register example runs as a child process against a mock Phoenix with authentication on, on a real socket.
let phoenix: MockPhoenix;
let url: string;
let key: string;
beforeAll(requireBuild);
beforeEach(async () => {
  phoenix = createMockPhoenix({ enableAuth: true, secret: generateSecret() });
  url = await phoenix.listen();
  key = (await phoenix.createSystemApiKey({ name: "examples" })).key;
});
afterEach(async () => {
  await phoenix.close();
});

const names = (project: string) => phoenix.spans({ project }).map((s) => s.name);

describe("examples/", () => {
  it("register-minimal.mjs: one span accepted with the key", async () => {
    const run = await runChild(["examples/register-minimal.mjs"], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key }));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("exported=1 rejected=0 dropped=0 heldDropped=0\n");
    expect(run.stderr).toBe("");
    expect(names("minimal-example")).toEqual(["answer-question"]);
  });

  it("register-minimal.mjs without a key: rejected, and stderr says what to do", async () => {
    const run = await runChild(["examples/register-minimal.mjs"], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: url }));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("exported=0 rejected=0 dropped=0 heldDropped=1\n");
    expect(run.stderr).toContain('answered 401 "Invalid token": this Phoenix has authentication on');
    expect(phoenix.spans()).toEqual([]);
  });

  it("register-http-server.mjs: request spans arrive, SIGTERM flushes them and still ends the process", async () => {
    const child = startChild(["examples/register-http-server.mjs"], cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key, PORT: "0" }));
    await child.waitFor("\n");
    const appUrl = /listening on (\S+)/.exec(child.stdout())?.[1];
    for (const who of ["ada", "grace"]) expect(await (await fetch(`${appUrl}/?name=${who}`)).text()).toBe(`hello ${who}\n`);
    child.kill("SIGTERM");
    expect((await child.done).signal).toBe("SIGTERM");
    expect(names("http-server-example")).toEqual(["GET /?name=ada", "GET /?name=grace"]);
    expect(phoenix.spans()[0]!.resource.attributes["service.name"]).toBe("greeter");
  });

  it.each([
    ["--import", "examples/register-preload-app.mjs", "preloaded-work"],
    ["--require", "examples/register-preload-app.cjs", "preloaded-cjs-work"],
  ])("node %s phoenix-otel-auth/register: tracing from the environment alone", async (flag, app, span) => {
    const run = await runChild(
      [flag, "phoenix-otel-auth/register", app],
      cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: url, PHOENIX_API_KEY: key, PHOENIX_PROJECT: "preload" }),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("work done\n");
    expect(run.stderr).toBe("");
    expect(names("preload")).toEqual([span]);
  });

  it("the preload with a bad configuration turns tracing off with one line and lets the app run", async () => {
    const run = await runChild(
      ["--import", "phoenix-otel-auth/register", "examples/register-preload-app.mjs"],
      cleanEnv({ PHOENIX_COLLECTOR_ENDPOINT: "localhost:6006" }),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("work done\n");
    expect(run.stderr).toBe(
      '[phoenix-otel-auth] tracing is off: PHOENIX_COLLECTOR_ENDPOINT="localhost:6006" has no scheme. Write the full URL, e.g. "http://localhost:6006".\n',
    );
  });

  it("quickstart.mjs (the README's quickstart): the span reaches the mock", async () => {
    const run = await runChild(["examples/quickstart.mjs"], cleanEnv({}));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("checkout reached project shop\n");
    expect(run.stderr).toBe("");
  });

  it("key-file-rotation.mjs: auth turned on, key file written, rotated; every span stored exactly once", async () => {
    const run = await runChild(["examples/key-file-rotation.mjs"], cleanEnv({}));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("rotation>    held 3 span(s); Phoenix stored 1\n");
    expect(run.stdout).toContain("rotation>    Phoenix stored 4 span(s); redelivered 3\n");
    expect(run.stdout).toContain("rotation> 5. 5 of 5 spans stored, each exactly once: true\n");
    expect(run.stdout).toContain("rotation>    exported=5 held=0 redelivered=3 heldDropped=0\n");
    expect(run.stderr).toContain("Held spans are kept");
    expect(run.stderr).toContain("3 spans held and delivered, 0 held and dropped");
  });

  it("demo.mjs: rejection, then key, then acceptance", async () => {
    const run = await runChild(["examples/demo.mjs"], cleanEnv({}));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("demo> Phoenix stored 0 spans; exported=0 rejected=0 dropped=0 held=1 redelivered=0");
    expect(run.stdout).toContain("demo> verifyConnection(): auth-required");
    expect(run.stdout).toContain('demo> Phoenix stored 4 spans in project "demo"');
    expect(run.stdout).toContain("before-the-key");
    expect(run.stdout).toContain("demo> exported=4 rejected=0 dropped=0 held=0 redelivered=1");
    expect(run.stdout).toContain("demo> verifyConnection() with the key: ok");
    expect(run.stderr).toContain('answered 401 "Invalid token"');
    expect(run.stderr).toContain("export recovered");
  });
});
