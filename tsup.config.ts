import { defineConfig, type Options } from "tsup";

const library: Options = {
  entry: {
    index: "src/index.ts",
    register: "src/register-preload.ts",
    testing: "src/testing.ts",
  },
  dts: true,
  sourcemap: true,
  shims: true,
  target: "node20",
  platform: "node",
  splitting: true,
};

export default defineConfig([
  // ./vercel is ESM only, like @arizeai/openinference-vercel (which ships no CommonJS) and @arizeai/phoenix-otel/vercel.
  { ...library, entry: { ...(library.entry as Record<string, string>), vercel: "src/vercel.ts" }, format: ["esm"], clean: true },
  // jose 6 ships ESM only. The CJS build carries its own copy of jose, so `require("phoenix-otel-auth/testing")` works
  // where require() cannot load ESM: Jest's CJS module registry (every Node version) and Node 20.6–20.18 (see README
  // "Module formats and test runners").
  { ...library, format: ["cjs"], noExternal: ["jose"], treeshake: true },
  {
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
