// Runs example programs one after another in this one process (a node child of test/readme.test.ts), so the README's
// blocks cost one node start-up instead of one each. Each file is imported (its top-level await runs to the end); what
// it writes to stdout/stderr and whether it threw is recorded; process.env is restored after each file. The results go
// out as one line `RESULTS <json>` on stdout once every file has run. RUN_EXAMPLES_ENV (JSON, file -> variables) sets
// variables for one file only.
//   node test/helpers/run-examples.mjs examples/readme/a.mjs examples/readme/b.mjs
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const write = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
const results = [];
const fileEnv = JSON.parse(process.env.RUN_EXAMPLES_ENV ?? "{}");
delete process.env.RUN_EXAMPLES_ENV;
for (const file of process.argv.slice(2)) {
  const captured = { stdout: "", stderr: "" };
  for (const stream of ["stdout", "stderr"]) {
    process[stream].write = (chunk, ...rest) => {
      captured[stream] += String(chunk);
      const callback = rest.find((arg) => typeof arg === "function");
      if (callback) callback();
      return true;
    };
  }
  const env = { ...process.env };
  Object.assign(process.env, fileEnv[file]);
  const started = performance.now();
  let error;
  try {
    await import(pathToFileURL(resolve(file)).href);
  } catch (caught) {
    error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
  }
  // Let the file's last reports (written after its final await) land in its own capture.
  await new Promise((done) => setTimeout(done, 20));
  process.stdout.write = write.stdout;
  process.stderr.write = write.stderr;
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  Object.assign(process.env, env);
  results.push({ file, error, ms: Math.round(performance.now() - started), ...captured });
}
// A file that threw may have left a server or timer open: exit at once then, so the caller reads the error instead of
// waiting out its timeout (RESULTS carries the error). When every file ran to the end, the process must end by itself
// (that checks they clean up).
const failed = results.some((result) => result.error !== undefined);
write.stdout(`RESULTS ${JSON.stringify(results)}\n`, () => failed && process.exit());
