import { defineConfig, type Options } from "tsup";

const library: Options = {
  entry: { index: "src/index.ts" },
  dts: true,
  shims: true,
  target: "node20",
  platform: "node",
  splitting: true,
};

export default defineConfig([
  { ...library, format: ["esm"], clean: true },
  { ...library, format: ["cjs"], treeshake: true },
  {
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
