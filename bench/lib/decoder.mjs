// Bundles the mock's own OTLP decoder (packages/phoenix-mock/src/otlp/decode.ts, not a public export) with esbuild (tsup's), so the
// "decode alone" baseline runs exactly the code the mock runs.
import { build } from "esbuild";
import { fileURLToPath, pathToFileURL } from "node:url";

export async function loadDecoder() {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const outfile = `${root}bench/.cache/decode.mjs`;
  await build({
    entryPoints: [`${root}packages/phoenix-mock/src/otlp/decode.ts`],
    bundle: true,
    format: "esm",
    platform: "node",
    external: ["protobufjs"],
    outfile,
    logLevel: "error",
  });
  return import(pathToFileURL(outfile).href);
}
