// What the msw loader says when msw cannot be loaded: "install msw" only when it is absent, and under Jest the fix for
// what failed. The failures are Node's and Jest's own error codes, raised by a stand-in require() (vi.mock below).
import { afterEach, describe, expect, it, vi } from "vitest";

const failWith: { error?: Error } = {};
vi.mock("node:module", async (original) => {
  const actual = await original<typeof import("node:module")>();
  return {
    ...actual,
    createRequire: (from: string | URL) => {
      const real = actual.createRequire(from);
      return (id: string) => {
        if (failWith.error) throw failWith.error;
        return real(id);
      };
    },
  };
});
const { loadMsw } = await import("../../src/msw/load.js");

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });
const jestWorker = process.env.JEST_WORKER_ID;

afterEach(() => {
  failWith.error = undefined;
  if (jestWorker === undefined) delete process.env.JEST_WORKER_ID;
  else process.env.JEST_WORKER_ID = jestWorker;
});

describe("loadMsw", () => {
  it("loads msw when it can", () => {
    expect(loadMsw<{ http: unknown }>("msw", "mock.handlers")?.http).toBeDefined();
  });

  it('says "install msw" only when msw itself is missing', () => {
    failWith.error = coded("Cannot find module 'msw'\nRequire stack: …", "MODULE_NOT_FOUND");
    expect(() => loadMsw("msw", "mock.handlers")).toThrow(/^mock\.handlers needs the optional peer dependency "msw" \(2\.15 or later\), which is not installed\. Install it: npm install --save-dev msw$/);
    failWith.error = coded("Cannot find module 'rettime'", "MODULE_NOT_FOUND");
    expect(() => loadMsw("msw", "mock.handlers")).toThrow(/^mock\.handlers: msw is installed but could not be loaded: Cannot find module 'rettime'\.$/);
  });

  it("defers an ES-only failure to import() for setupMswServer, and throws it for mock.handlers", () => {
    failWith.error = coded("Must use import to load ES Module: …/rettime/build/index.mjs", "ERR_REQUIRE_ESM");
    expect(loadMsw("msw/node", "setupMswServer", true)).toBeUndefined();
    expect(() => loadMsw("msw", "mock.handlers")).toThrow(/^mock\.handlers: msw is installed but could not be loaded: Must use import/);
    // vitest's vm pools: their require() compiles an ES module as CommonJS and fails on its syntax.
    failWith.error = new SyntaxError("Cannot use import statement outside a module");
    expect(loadMsw("msw/node", "setupMswServer", true)).toBeUndefined();
    failWith.error = new SyntaxError("Unexpected token 'export'");
    expect(loadMsw("msw/node", "setupMswServer", true)).toBeUndefined();
    failWith.error = new SyntaxError("Unexpected token '}'");
    expect(() => loadMsw("msw/node", "setupMswServer", true)).toThrow(/could not be loaded: Unexpected token '\}'/);
  });

  it("under Jest, names the fix: setupMswServer for mock.handlers on an ES-only failure, the vm-modules flag otherwise", () => {
    process.env.JEST_WORKER_ID = "1";
    failWith.error = coded("Must use import to load ES Module: …/rettime/build/index.mjs", "ERR_REQUIRE_ESM");
    expect(() => loadMsw("msw", "mock.handlers")).toThrow(/only on Node 24\.9 or later .*phoenixHandlers\(mock, msw\) .*setupMswServer\(mock, \.\.\.yourHandlers\)/);
    failWith.error = coded("A dynamic import callback was invoked without --experimental-vm-modules", "ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG");
    expect(() => loadMsw("msw/node", "setupMswServer")).toThrow(/run Jest with NODE_OPTIONS=--experimental-vm-modules/);
  });
});
