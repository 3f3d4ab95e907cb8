import { MockConfigError } from "../core/config.js";

/** The variable `phoenix-mock` (and a mock given `env`) reads for the span retention bound. Not a Phoenix variable. */
export const MAX_SPANS_VARIABLE = "PHOENIX_MOCK_MAX_SPANS";

/** The CLI's bound when neither `--max-spans` nor PHOENIX_MOCK_MAX_SPANS is given (about 150 MB of spans; see docs/api.md "Span retention"). */
export const CLI_DEFAULT_MAX_SPANS = 100_000;

const HOW_TO_FIX = "Use a whole number of spans (e.g. 100000), or 0 to keep every span.";

/**
 * The span retention bound: the `maxSpans` option, else PHOENIX_MOCK_MAX_SPANS from `env`, else none.
 * 0 means no bound. Returns undefined for "no bound".
 */
export function resolveMaxSpans(option: number | undefined, env: Readonly<Record<string, string | undefined>>): number | undefined {
  if (option !== undefined) {
    if (typeof option !== "number" || !Number.isSafeInteger(option) || option < 0) {
      throw new MockConfigError("maxSpans", `maxSpans must be a non-negative integer, got: ${String(option)}. ${HOW_TO_FIX}`);
    }
    return option === 0 ? undefined : option;
  }
  const raw = env[MAX_SPANS_VARIABLE]?.trim();
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new MockConfigError(MAX_SPANS_VARIABLE, `${MAX_SPANS_VARIABLE} must be a non-negative integer, got: ${raw}. ${HOW_TO_FIX}`);
  }
  return value === 0 ? undefined : value;
}
