import { defineConfig, type Options } from "tsup";

const library: Options = {
  entry: { index: "src/index.ts", register: "src/register-preload.ts" },
  dts: true,
  shims: true,
  target: "node20",
  platform: "node",
  splitting: true,
};

export default defineConfig([
  // ./vercel is ESM only, like @arizeai/openinference-vercel (which ships no CommonJS) and @arizeai/phoenix-otel/vercel.
  { ...library, entry: { ...(library.entry as Record<string, string>), vercel: "src/vercel.ts", cli: "src/cli.ts" }, format: ["esm"], clean: true },
  { ...library, format: ["cjs"], treeshake: true },
]);
