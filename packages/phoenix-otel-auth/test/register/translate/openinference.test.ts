// The message for a translation module that is installed but does not load names the fix: the package it imports that
// is missing (Node's own error for a missing import, made in a child process), or a reinstall.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { translationLoadFailure } from "../../../src/register/translate/openinference.js";

/** The error Node gives when an ES module imports a package that is not installed. */
function nodeMissingPackageError(name: string): Error {
  const message = execFileSync(process.execPath, ["--input-type=module", "-e", `import(${JSON.stringify(name)}).catch((e) => process.stdout.write(e.message))`], { encoding: "utf8" });
  return Object.assign(new Error(message), { code: "ERR_MODULE_NOT_FOUND" });
}

describe("translationLoadFailure", () => {
  it("names the missing package it imports and how to install it (3.2.1 imports @opentelemetry/sdk-trace-base undeclared)", () => {
    const error = nodeMissingPackageError("@opentelemetry/sdk-trace-base-not-here");
    expect(error.message).toContain("Cannot find package '@opentelemetry/sdk-trace-base-not-here'");
    expect(translationLoadFailure(error)).toBe(
      `could not load @arizeai/openinference-vercel (${error.message}); spans are exported without OpenInference translation of ` +
        "Vercel AI SDK spans. It imports @opentelemetry/sdk-trace-base-not-here, which is not installed: npm i @opentelemetry/sdk-trace-base-not-here. " +
        "Or pass `openInference: false`.",
    );
    expect(translationLoadFailure(nodeMissingPackageError("plain-name-not-here"))).toContain("npm i plain-name-not-here.");
  });

  it("any other failure: reinstall", () => {
    expect(translationLoadFailure(new SyntaxError("Unexpected token"))).toContain("(Unexpected token); spans are exported without OpenInference translation of Vercel AI SDK spans. Reinstall @arizeai/openinference-vercel. Or pass");
  });
});
