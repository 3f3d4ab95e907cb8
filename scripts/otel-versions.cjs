// Which @opentelemetry/api and @opentelemetry/sdk-trace a package resolves, run in a scratch project:
//   node otel-versions.cjs phoenix-otel-auth   -> "api 1.10.0, sdk-trace 3.1.1"
//   node otel-versions.cjs .                   -> what the app itself resolves ("none" for a package it cannot)
// Each version is read from the package.json found by walking up from the resolved entry point (api 1.9 does not
// export ./package.json). Used by scripts/otel-install-matrix.sh and scripts/package-managers.sh.
const { dirname, join } = require("node:path");
const { existsSync, readFileSync } = require("node:fs");

const from = process.argv[2] === "." ? process.cwd() : dirname(require.resolve(process.argv[2], { paths: [process.cwd()] }));
const version = (name) => {
  try {
    for (let dir = dirname(require.resolve(name, { paths: [from] })); dir !== dirname(dir); dir = dirname(dir)) {
      const file = join(dir, "package.json");
      if (existsSync(file) && JSON.parse(readFileSync(file, "utf8")).name === name) return JSON.parse(readFileSync(file, "utf8")).version;
    }
  } catch {}
  return "none";
};
console.log(["@opentelemetry/api", "@opentelemetry/sdk-trace"].map((name) => `${name.split("/")[1]} ${version(name)}`).join(", "));
