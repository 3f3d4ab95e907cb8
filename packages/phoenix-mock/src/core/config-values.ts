/**
 * How `phoenix serve` reads one setting (Phoenix's getenv, booleans, numbers, ports, CSRF origins, secrets): each
 * parser takes the option over its variable and throws MockConfigError with Phoenix's startup message.
 */
import { MockConfigError } from "../errors.js";
import { urlHostname as hostnameOf } from "../urlparse.js";
import { PHOENIX_SECRET_REQUIREMENTS } from "./passwords.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** Phoenix's `getenv`: unset stays unset, everything else is trimmed. */
export function getenv(env: Env, key: string): string | undefined {
  const value = env[key];
  return value === undefined ? undefined : value.trim();
}

export function boolVal(env: Env, key: string, option: boolean | undefined, fallback: boolean): boolean {
  if (option !== undefined) return option;
  const value = getenv(env, key);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower !== "true" && lower !== "false") {
    throw new MockConfigError(key, `${key} must be set to TRUE or FALSE (case-insensitive). Got: ${value}`);
  }
  return lower === "true";
}

export function floatVal(env: Env, key: string, option: number | undefined, fallback: number): number {
  let minutes = option ?? fallback;
  const value = option === undefined ? getenv(env, key) : undefined;
  if (value !== undefined) {
    // Python's float() on a decimal literal; "inf"/"nan" and friends are not worth imitating.
    if (!/^[+-]?(\d+(_\d+)*\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value)) {
      throw new MockConfigError(key, `Invalid value for environment variable ${key}: ${value}. Value must be a number.`);
    }
    minutes = Number(value.replace(/_/g, ""));
  }
  // Phoenix asserts `minutes > 0` (an AssertionError without text); the mock says what is wrong.
  if (!(minutes > 0)) throw new MockConfigError(key, `${key} must be greater than 0. Got: ${value ?? minutes}`);
  return minutes;
}

export function intVal(env: Env, key: string, option: number | undefined, fallback: number): number {
  if (option !== undefined) return option;
  const value = getenv(env, key);
  if (value === undefined) return fallback;
  // Python's int(): optional sign, digits, underscores between digits.
  if (!/^[+-]?\d+(_\d+)*$/.test(value)) {
    throw new MockConfigError(key, `Invalid value for environment variable ${key}: ${value}. Value must be an integer.`);
  }
  return Number(value.replace(/_/g, ""));
}

/** Phoenix's get_env_max_spans_queue_size: an integer, then "must be a positive integer". */
export function positiveIntVal(env: Env, key: string, option: number | undefined, fallback: number): number {
  const value = intVal(env, key, option, fallback);
  if (Number.isSafeInteger(value) && value > 0) return value;
  if (option !== undefined) throw new MockConfigError(key, `maxSpansQueueSize (${key}) must be a positive integer, got: ${String(option)}.`);
  throw new MockConfigError(key, `Invalid value for environment variable ${key}: ${value}. Value must be a positive integer.`);
}

export function portVal(env: Env, option: number | undefined): number {
  if (option !== undefined) return option;
  const port = getenv(env, "PHOENIX_PORT");
  if (!port) return 6006;
  if (/^\d+$/.test(port)) return Number(port);
  if (/^tcp:\/\/.+:\d+$/.test(port)) {
    throw new MockConfigError(
      "PHOENIX_PORT",
      'If you are deploying Phoenix with Kubernetes using a service named "phoenix", Kubernetes will automatically generate an environment variable `PHOENIX_PORT` of the form "tcp://<IP>:<PORT>" that is not the integer format Phoenix expects. To resolve this issue, explicitly set the `PHOENIX_PORT` environment variable to an integer value in your Kubernetes deployment configuration.',
    );
  }
  throw new MockConfigError("PHOENIX_PORT", `Invalid value for environment variable PHOENIX_PORT: ${port}. Value must be an integer.`);
}

export function grpcPortVal(env: Env, option: number | undefined): number {
  if (option !== undefined) return option;
  const port = getenv(env, "PHOENIX_GRPC_PORT");
  if (!port) return 4317;
  if (/^\d+$/.test(port)) return Number(port);
  throw new MockConfigError("PHOENIX_GRPC_PORT", `Invalid value for environment variable PHOENIX_GRPC_PORT: ${port}. Value must be an integer.`);
}

export function csrfOrigins(env: Env, option: string[] | undefined): string[] {
  const raw = option ?? (getenv(env, "PHOENIX_CSRF_TRUSTED_ORIGINS") || "").split(",");
  const origins: string[] = [];
  for (const origin of raw) {
    if (!origin) continue;
    if (!hostnameOf(origin)) {
      throw new MockConfigError(
        "PHOENIX_CSRF_TRUSTED_ORIGINS",
        "The environment variable `PHOENIX_CSRF_TRUSTED_ORIGINS` contains a url with missing hostname. Please ensure that each url has a valid hostname.",
      );
    }
    origins.push(origin);
  }
  return [...new Set(origins)].sort();
}

export function secretVal(key: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const problem = PHOENIX_SECRET_REQUIREMENTS.check(value, "Phoenix secret");
  if (problem) throw new MockConfigError(key, problem);
  return value;
}

