// A variable that looks like one of ours but is not (PHOENIX_COLLECTOR_ENDPOINTS): without a word, the endpoint
// silently falls back to localhost. Only names one edit (a letter added, dropped, changed, or two swapped) from a
// declared variable count, so the many other PHOENIX_* (the server's) and OTEL_* (other signals') variables never warn.
import { ENVIRONMENT } from "./environment.js";
import type { Env } from "../types.js";

/** Whether `a` and `b` differ by one edit: a character added, dropped or changed, or two neighbours swapped. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x: string, from: number) => x.slice(from);
  if (a.length === b.length) {
    if (rest(a, i + 1) === rest(b, i + 1)) return true; // changed
    return a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a, i + 2) === rest(b, i + 2); // swapped
  }
  return a.length > b.length ? rest(a, i + 1) === rest(b, i) : rest(a, i) === rest(b, i + 1); // added or dropped
}

/** Set variables named like one of ours but not one, each with the declared name it is closest to. */
export function misspelledVariables(env: Env): Array<{ name: string; meant: string }> {
  const known = Object.keys(ENVIRONMENT);
  const found: Array<{ name: string; meant: string }> = [];
  for (const name of Object.keys(env)) {
    if (!/^(PHOENIX|OTEL)_/.test(name) || name in ENVIRONMENT || (env[name] ?? "").trim() === "") continue;
    const meant = known.find((candidate) => oneEditApart(name, candidate));
    if (meant !== undefined) found.push({ name, meant });
  }
  return found;
}
