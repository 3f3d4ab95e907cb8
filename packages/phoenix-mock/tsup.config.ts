import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const library: Options = {
  dts: true,
  shims: true,
  target: "node20",
  platform: "node",
  splitting: true,
};

export default defineConfig([
  // One ESM build for the library and the `phoenix-mock` bin, so they share their chunks; the bin gets its shebang
  // afterwards (a banner would put it on every file).
  {
    ...library,
    entry: { index: "src/index.ts", cli: "src/cli/main.ts" },
    dts: { entry: { index: "src/index.ts" } },
    format: ["esm"],
    clean: true,
    async onSuccess() {
      const cli = "dist/cli.js";
      const code = readFileSync(cli, "utf8");
      if (!code.startsWith("#!")) writeFileSync(cli, `#!/usr/bin/env node\n${code}`);
      chmodSync(cli, 0o755);
    },
  },
  { ...library, entry: { index: "src/index.ts" }, format: ["cjs"], treeshake: true },
]);
