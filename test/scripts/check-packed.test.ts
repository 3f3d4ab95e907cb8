import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without declarations
import { entryFiles, problems, unwanted } from "../../scripts/check-packed.mjs";

describe("scripts/check-packed.mjs", () => {
  const manifest = { name: "x", exports: { ".": { import: "./dist/index.js" } }, bin: { x: "./dist/cli.js" } };

  it("passes a clean list and names the entry points it requires", () => {
    expect(entryFiles(manifest)).toEqual(["dist/index.js", "dist/cli.js"]);
    expect(problems("x", manifest, ["package.json", "README.md", "dist/index.js", "dist/cli.js", "examples/runners/jest-cjs.test.cjs"])).toEqual([]);
  });

  it.each([
    ["examples/runners/node_modules/.vite/vitest/results.json", "a node_modules path"],
    ["dist/.cache/x.json", "a dot-file or cache folder"],
    ["dist/index.js.map", "a source map"],
    ["test/args.test.ts", "a source or test folder"],
    ["dist/args.test.js", "a test file outside examples/"],
    ["phoenix-mock-0.1.0.tgz", "a packed tarball"],
  ])("fails on %s (%s)", (path, why) => {
    expect(unwanted(path)).toBe(why);
    expect(problems("x", manifest, ["dist/index.js", "dist/cli.js", path])).toEqual([expect.stringContaining(`${path} is ${why}`)]);
  });

  it("fails when an entry point is missing from the tarball", () => {
    expect(problems("x", manifest, ["dist/index.js"])).toEqual([expect.stringMatching(/dist\/cli\.js \(an entry point of package.json\) is not in the tarball/)]);
  });
});
