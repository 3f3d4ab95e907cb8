// The checks of `npx phoenix-otel-auth doctor` (src/cli.ts): resolves the configuration exactly as register() would (same variables, same
// sources shown), then asks the endpoint whether it would accept spans with that key. One line per check, a verdict
// and, where it fails, the fix. Exit status 0 only when traces would be accepted; `--json` for CI. Never prints a key.
import { parseArgs } from "node:util";
import { PhoenixConfigError } from "./errors.js";
import { resolveConfig, type ResolvedConfig } from "./register/config/resolve.js";
import { describeSource } from "./register/config/parse.js";
import { DOCTOR_CHECK, displayUrl } from "./register/report/display.js";
import { checkEndpoint, type VerifyResult } from "./register/verify.js";
import { Credentials } from "./register/auth-gap/credentials.js";
import { Diagnostics } from "./register/report/logger.js";
import { sendTestSpan, type DoctorCheck } from "./doctor-send-span.js";

/**
 * What the key is, read from the key itself without verifying it (never shown): Phoenix's keys are JWTs whose only
 * claim is `jti` ("ApiKey:<id>"); expiry, owner and role live on the server.
 */
export function keyForm(key: string): DoctorCheck {
  const parts = key.split(".");
  const decode = (part: string | undefined): Record<string, unknown> | undefined => {
    try {
      const value: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
      return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const header = parts.length === 3 ? decode(parts[0]) : undefined;
  const payload = header ? decode(parts[1]) : undefined;
  const jti = typeof payload?.jti === "string" ? payload.jti : undefined;
  if (!header || !payload) {
    return { check: "key form", verdict: "warn", detail: "not a JWT: Phoenix's API keys are JWTs (they start with eyJ). Check that it is a key of this Phoenix (Settings > API Keys), not one of another service." };
  }
  if (jti?.startsWith("ApiKey:")) return { check: "key form", verdict: "ok", detail: `a Phoenix API key (${jti}); its expiry, owner and role are kept by the server` };
  if (jti?.startsWith("AccessToken:") || jti?.startsWith("RefreshToken:")) {
    return { check: "key form", verdict: "warn", detail: `a login session's token (${jti.split(":")[0]}), not an API key: it stops working when the session ends. Create an API key (Settings > API Keys).` };
  }
  return { check: "key form", verdict: "warn", detail: "a JWT, but not one Phoenix issues for API keys (no jti \"ApiKey:<id>\" claim): check where it came from." };
}

export type { DoctorCheck } from "./doctor-send-span.js";

export const USAGE = `Usage: phoenix-otel-auth doctor [--url <phoenix url>] [--timeout-ms <ms>] [--send-span] [--json]

Checks what register() would do with this environment: the configuration and where each value comes from, and whether
the endpoint accepts spans with the key found. --send-span also sends one test span to the project and, when the key
may read spans, reads it back. Exit status 0 only when traces would be accepted (and, with --send-span, stored).`;

function configurationChecks(config: ResolvedConfig): DoctorCheck[] {
  const auth = config.authorization;
  const checks: DoctorCheck[] = [
    { check: "endpoint", verdict: "ok", detail: `${displayUrl(config.endpoint.value)} (from ${describeSource(config.endpoint.source)})` },
    { check: "project", verdict: "ok", detail: `${config.projectName.value} (from ${describeSource(config.projectName.source)})` },
    {
      check: "API key",
      verdict: "ok",
      detail: auth.kind === "none" ? "none found (PHOENIX_API_KEY, PHOENIX_API_KEY_FILE and the options are unset)" : `found (from ${describeSource(auth.source)}; never shown)`,
    },
  ];
  for (const warning of config.warnings) checks.push({ check: DOCTOR_CHECK.environment, verdict: "warn", detail: warning });
  if (!config.enabled.value) checks.push({ check: "tracing", verdict: "fail", detail: `off (${describeSource(config.enabled.source)}): register() records and sends nothing.` });
  return checks;
}

export async function doctor(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; checks: DoctorCheck[]; json: boolean }> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      "timeout-ms": { type: "string" },
      json: { type: "boolean", default: false },
      "send-span": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const json = values.json === true;
  const timeoutMillis = values["timeout-ms"] === undefined ? 5000 : Number(values["timeout-ms"]);
  if (!Number.isInteger(timeoutMillis) || timeoutMillis < 1) {
    throw new PhoenixConfigError("--timeout-ms", String(values["timeout-ms"]), `doctor: --timeout-ms must be a whole number of milliseconds >= 1, got ${JSON.stringify(values["timeout-ms"])}.`);
  }
  let config: ResolvedConfig;
  try {
    config = resolveConfig({ url: values.url }, env);
  } catch (error) {
    if (!(error instanceof PhoenixConfigError)) throw error;
    return { code: 1, checks: [{ check: DOCTOR_CHECK.configuration, verdict: "fail", detail: error.message }], json };
  }
  const checks = configurationChecks(config);
  // One configuration and one key source for both checks (a key file is read once).
  const diagnostics = new Diagnostics({ warn: () => {} });
  const credentials = new Credentials(config, diagnostics);
  const { headers } = await credentials.snapshot();
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
  if (bearer !== undefined) checks.push(keyForm(bearer));
  const verdict = await checkEndpoint(config, credentials, diagnostics, { timeoutMillis });
  checks.push(connection(verdict));
  const version = verdict.serverVersion && !verdict.message.includes(verdict.serverVersion) ? ` (Phoenix ${verdict.serverVersion})` : "";
  checks.push({ check: DOCTOR_CHECK.accepted, verdict: verdict.ok ? "ok" : "fail", detail: `${verdict.status}: ${verdict.message}${version}` });
  const auth = await authentication(config, verdict, bearer !== undefined, diagnostics, timeoutMillis);
  if (auth) checks.push(auth);
  if (values["send-span"] === true && verdict.ok) checks.push(...(await sendTestSpan(config, diagnostics, env, timeoutMillis)));
  return { code: checks.some((c) => c.verdict === "fail") ? 1 : 0, checks, json };
}

/** How far the request got and how long each step took (DNS, connect, TLS, the answer's headers). */
function connection(verdict: VerifyResult): DoctorCheck {
  const t = verdict.timings ?? {};
  const steps = [["DNS", t.dns], ["connect", t.connect], ["TLS", t.tls], ["answer", t.answer]].filter((step): step is [string, number] => step[1] !== undefined);
  const took = steps.map(([step, ms]) => `${step} ${ms} ms`).join(", ");
  if (t.answer !== undefined) return { check: "connection", verdict: "ok", detail: `${took} (since the request started)` };
  const where = t.connect === undefined ? "no connection" : t.tls === undefined && verdict.url.startsWith("https:") ? "connected, no TLS session" : "connected, no answer";
  return { check: "connection", verdict: "fail", detail: `${where}${took ? ` (${took})` : ""}: see "${DOCTOR_CHECK.accepted}"` };
}

/**
 * Whether this Phoenix checks keys: a key that is accepted says nothing about that (Phoenix with authentication off
 * takes any), so doctor asks once more without the key.
 */
async function authentication(config: ResolvedConfig, verdict: VerifyResult, keySent: boolean, diagnostics: Diagnostics, timeoutMillis: number): Promise<DoctorCheck | undefined> {
  if (verdict.status === "auth-required" || verdict.status === "key-rejected" || verdict.status === "viewer-key") {
    return { check: "authentication", verdict: "ok", detail: "on (PHOENIX_ENABLE_AUTH=true): spans need an API key" };
  }
  if (!verdict.ok) return undefined;
  const off = "off: this Phoenix takes spans without a key (PHOENIX_ENABLE_AUTH is not true), so anyone who reaches it can write them";
  if (!keySent) return { check: "authentication", verdict: "ok", detail: off };
  const keyless: ResolvedConfig = { ...config, authorization: { kind: "none" } };
  const without = await checkEndpoint(keyless, new Credentials(keyless, diagnostics), diagnostics, { timeoutMillis });
  if (without.ok) return { check: "authentication", verdict: "warn", detail: `${off}; the key is sent but not checked` };
  return { check: "authentication", verdict: "ok", detail: "on: spans without a key are refused, and this key is accepted" };
}

