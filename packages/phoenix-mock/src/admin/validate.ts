// Argument checks for PhoenixAdmin: bad input is a PhoenixAdminConfigError naming the argument (never a TypeError from deep
// inside), with the value shown (masked when it is a credential) and how to fix it.
import { isOptionsObject, optionsMessage, showArgument } from "../../../internal/src/arguments.js";
import { PhoenixAdminConfigError } from "../errors.js";
import { maskSecret } from "../../../internal/src/secrets.js";
import type { CreateApiKeyInput, PhoenixAdminOptions, PhoenixUserRole } from "./types.js";

const ROLES: readonly PhoenixUserRole[] = ["ADMIN", "MEMBER", "VIEWER"];

function describe(value: unknown, secret: boolean): string {
  if (typeof value === "string") return secret ? JSON.stringify(maskSecret(value)) : JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid Date" : value.toISOString();
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${secret ? "****" : String(value)}`;
}

function fail(operation: string, name: string, value: unknown, expected: string, fix: string, secret = false): never {
  const shown = describe(value, secret);
  throw new PhoenixAdminConfigError(name, shown, `PhoenixAdmin.${operation}: \`${name}\` must be ${expected}, got ${shown}. ${fix}`);
}

/** A non-empty string; `secret` masks the value in the message. */
export function checkString(operation: string, name: string, value: unknown, fix: string, secret = false): string {
  if (typeof value !== "string" || value.trim() === "") fail(operation, name, value, "a non-empty string", fix, secret);
  return value;
}

export function checkOptionalString(operation: string, name: string, value: unknown, fix: string): string | undefined {
  if (value !== undefined && typeof value !== "string") fail(operation, name, value, "a string when given", fix);
  return value;
}

export function checkObject<T>(operation: string, name: string, value: T, fix: string): T {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(operation, name, value, "an object", fix);
  return value;
}

export function checkRole(operation: string, value: unknown): PhoenixUserRole {
  if (!ROLES.includes(value as PhoenixUserRole)) fail(operation, "role", value, `one of ${ROLES.join(", ")}`, "Phoenix has these three roles.");
  return value as PhoenixUserRole;
}

export function checkLimit(value: unknown): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 1000)) {
    fail("listSpans", "limit", value, "an integer from 1 to 1000", "Omit it for Phoenix's default page size (100).");
  }
  return value as number | undefined;
}

/** Phoenix's GraphQL input for a new API key, from checked arguments. */
export function apiKeyInput(operation: string, input: CreateApiKeyInput): Record<string, unknown> {
  checkObject(operation, "input", input, `Pass { name, description?, expiresAt? }, e.g. ${operation}({ name: "ci" }).`);
  const name = checkString(operation, "name", input.name, "Every API key needs a name.");
  const description = checkOptionalString(operation, "description", input.description, "Omit it or pass text.");
  const raw = input.expiresAt;
  let expiresAt: string | null = null;
  if (raw !== undefined && raw !== null) {
    const date = raw instanceof Date ? raw : typeof raw === "string" ? new Date(raw) : undefined;
    if (date === undefined || Number.isNaN(date.getTime())) {
      fail(operation, "expiresAt", raw, "a Date or an ISO 8601 string", "Omit it for a key that never expires.");
    }
    expiresAt = raw instanceof Date ? raw.toISOString() : (raw as string);
  }
  return { name, description: description ?? null, expiresAt };
}

export function normalizeBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== "string" && !(baseUrl instanceof URL)) {
    throw new PhoenixAdminConfigError(
      "baseUrl",
      describe(baseUrl, false),
      `PhoenixAdmin option \`baseUrl\` must be a URL string or URL, got ${describe(baseUrl, false)}. Use the Phoenix address, e.g. http://localhost:6006.`,
    );
  }
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new PhoenixAdminConfigError("baseUrl", String(baseUrl), `PhoenixAdmin option \`baseUrl\` is not a URL: "${String(baseUrl)}". Use the Phoenix address, e.g. http://localhost:6006.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new PhoenixAdminConfigError("baseUrl", String(baseUrl), `PhoenixAdmin option \`baseUrl\` must be an http(s) URL, got "${url.protocol}". Use e.g. http://localhost:6006.`);
  }
  if (url.username || url.password) {
    throw new PhoenixAdminConfigError("baseUrl", `${url.protocol}//****@${url.host}`, "PhoenixAdmin option `baseUrl` must not contain credentials. Use login() or the `token` option.");
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The constructor's options object, `fetch` and `token` types (baseUrl: {@link normalizeBaseUrl}). */
export function checkAdminOptions(options: PhoenixAdminOptions): void {
  if (!isOptionsObject(options)) {
    const rule = { what: 'an object such as { baseUrl: "http://localhost:6006" }', required: true };
    throw new PhoenixAdminConfigError("options", showArgument(options), optionsMessage("new PhoenixAdmin", "options", options, rule));
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new PhoenixAdminConfigError("fetch", typeof options.fetch, `PhoenixAdmin option \`fetch\` must be a fetch function, got ${typeof options.fetch}. Omit it to use the global fetch.`);
  }
  if (options.token !== undefined && typeof options.token !== "string") {
    throw new PhoenixAdminConfigError("token", typeof options.token, `PhoenixAdmin option \`token\` must be a string (an API key or PHOENIX_ADMIN_SECRET), got ${typeof options.token}.`);
  }
}
