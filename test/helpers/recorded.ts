import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** One answer of real Phoenix as the conformance suite recorded it (packages/phoenix-mock/contract/expected.json). */
export interface RecordedAnswer {
  status: number;
  headers: Record<string, string | null>;
  /** Set-Cookie values, normalized as the suite records them. */
  setCookie: string[];
  body: unknown;
}

interface RecordedFile {
  phoenixVersion: string;
  cases: Record<string, { steps: ({ step: string } & RecordedAnswer)[] }>;
}

let cache: RecordedFile | undefined;

/**
 * What real Phoenix answered in step `step` of conformance case `caseId`. Test fakes take their answers from here
 * instead of typing Phoenix's bodies by hand; a missing case or step throws, so a re-recording that drops it shows up.
 */
export function recordedAnswer(caseId: string, step: string): RecordedAnswer {
  cache ??= JSON.parse(readFileSync(fileURLToPath(new URL("../../packages/phoenix-mock/contract/expected.json", import.meta.url)), "utf8")) as RecordedFile;
  const found = cache.cases[caseId]?.steps.find((s) => s.step === step);
  if (!found) throw new Error(`packages/phoenix-mock/contract/expected.json has no step "${step}" in case "${caseId}": re-record or update the fake`);
  return { status: found.status, headers: found.headers, setCookie: found.setCookie, body: found.body };
}

/** The recorded headers that were present, with `<origin>` (the suite's placeholder) replaced by `origin`. */
export function presentHeaders(answer: RecordedAnswer, origin: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) if (value !== null) out[name] = value.replaceAll("<origin>", origin);
  return out;
}
