// Argument checks of the mock's test API (createUser, createUserApiKey, request, handle, setupMswServer): a
// MockUsageError naming the method, the argument and the value, never a TypeError from inside. 
import { isOptionsObject, optionsMessage, showArgument } from "../../internal/src/arguments.js";
import { MockUsageError } from "./errors.js";

export { showArgument };

/** `value` if it is an options object (or left out, unless `required`); else a MockUsageError naming `fn`'s `name`. */
export function usageOptions<T>(fn: string, name: string, value: T | undefined, required = false): T | undefined {
  if ((value === undefined && !required) || isOptionsObject(value)) return value;
  throw new MockUsageError(optionsMessage(fn, name, value, { required }));
}

/** A finite number of milliseconds (at least `min` when given); else a MockUsageError. */
export function usageMillis(fn: string, name: string, value: unknown, min?: number): number {
  if (typeof value === "number" && Number.isFinite(value) && (min === undefined || value >= min)) return value;
  const range = min === undefined ? "a finite number" : `a finite number ≥ ${min}`;
  throw new MockUsageError(`${fn}: \`${name}\` must be ${range} of milliseconds, got ${showArgument(value)}.`);
}

const ROLES = ["ADMIN", "MEMBER", "VIEWER"];

function optionalString(fn: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "string") throw new MockUsageError(`${fn}: \`${name}\` must be a string or left out, got ${showArgument(value)}.`);
}

/** `{ email }` of createUser/createUserApiKey: a non-empty string. */
function checkEmail(fn: string, email: unknown): void {
  if (typeof email !== "string" || email === "") {
    throw new MockUsageError(`${fn}: \`email\` must be a non-empty string such as "member@example.com", got ${showArgument(email)}.`);
  }
}

export function checkCreateUser(options: unknown): void {
  const { email, role, username, password } = usageOptions("mock.createUser", "options", options, true) as Record<string, unknown>;
  checkEmail("mock.createUser", email);
  if (typeof role !== "string" || !ROLES.includes(role)) {
    throw new MockUsageError(`mock.createUser: \`role\` must be one of ${ROLES.join(", ")}, got ${showArgument(role)}.`);
  }
  optionalString("mock.createUser", "username", username);
  optionalString("mock.createUser", "password", password);
}

export function checkKeyOptions(fn: string, options: unknown, needsEmail: boolean): void {
  const { email, name, description, expiresAt } = (usageOptions(fn, "options", options, needsEmail) ?? {}) as Record<string, unknown>;
  if (needsEmail) checkEmail(fn, email);
  optionalString(fn, "name", name);
  optionalString(fn, "description", description);
  if (expiresAt !== undefined && !(expiresAt instanceof Date && Number.isFinite(expiresAt.getTime()))) {
    throw new MockUsageError(`${fn}: \`expiresAt\` must be a valid Date or left out, got ${showArgument(expiresAt)}.`);
  }
}

export function checkPath(path: unknown): void {
  if (typeof path !== "string" && !(path instanceof URL)) {
    throw new MockUsageError(`mock.request: \`path\` must be a string such as "/v1/projects" (or a URL), got ${showArgument(path)}.`);
  }
}

export function checkRequest(request: unknown): void {
  const like = typeof request === "object" && request !== null && typeof (request as Request).url === "string" && typeof (request as Request).method === "string";
  if (!like) {
    throw new MockUsageError(`mock.handle: \`request\` must be a Fetch Request, e.g. new Request(mock.baseUrl + "/v1/projects"), got ${showArgument(request)}. For a path, use mock.request(path).`);
  }
}

/** setupMswServer's `mock`: what createMockPhoenix() returns (duck-typed, so a CJS and an ESM copy both pass). */
export function checkMock(mock: unknown, fn = "setupMswServer", usage = "setupMswServer(createMockPhoenix({ ... }))"): void {
  const looksLikeMock = typeof mock === "object" && mock !== null && typeof (mock as { handle?: unknown }).handle === "function" && typeof (mock as { baseUrl?: unknown }).baseUrl === "string";
  if (!looksLikeMock) throw new MockUsageError(`${fn}: \`mock\` must be a mock Phoenix from createMockPhoenix(), got ${showArgument(mock)}. Use ${usage}.`);
}

/** phoenixHandlers(mock, msw): the mock, and the msw module (what it needs of it: `http.all`). */
export function checkPhoenixHandlers(mock: unknown, msw: unknown): void {
  checkMock(mock, "phoenixHandlers", "phoenixHandlers(createMockPhoenix({ ... }), msw)");
  if (typeof msw !== "object" || msw === null || typeof (msw as { http?: { all?: unknown } }).http?.all !== "function") {
    throw new MockUsageError(`phoenixHandlers: \`msw\` must be the msw module (or an object with its \`http\`), got ${showArgument(msw)}. Pass it as: import * as msw from "msw"; phoenixHandlers(mock, msw).`);
  }
}

/** listen()/listenGrpc() options: ports 0..65535, a host name, positive byte limits (checked before any socket opens). */
export function checkListenOptions(fn: string, options: unknown): Record<string, unknown> {
  const checked = (usageOptions(fn, "options", options) ?? {}) as Record<string, unknown>;
  for (const name of ["port", "grpcPort"]) {
    const port = checked[name];
    if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535)) {
      throw new MockUsageError(`${fn}: option \`${name}\` must be an integer from 0 to 65535 (0 picks a free port), got ${showArgument(port)}.`);
    }
  }
  if (checked.host !== undefined && (typeof checked.host !== "string" || checked.host === "")) {
    throw new MockUsageError(`${fn}: option \`host\` must be a non-empty string such as "127.0.0.1", got ${showArgument(checked.host)}.`);
  }
  for (const name of ["maxHeaderBytes", "maxDrainBytes"]) {
    const bytes = checked[name];
    if (bytes !== undefined && !(Number.isSafeInteger(bytes) && (bytes as number) > 0)) {
      throw new MockUsageError(`${fn}: option \`${name}\` must be a positive whole number of bytes, got ${showArgument(bytes)}.`);
    }
  }
  return checked;
}

/** createMockPhoenix()/restart() options that are not Phoenix settings (those are MockConfigError, checked later). */
export function checkMockOptions<T>(fn: string, options: T | undefined): T | Record<string, never> {
  const checked = (usageOptions(fn, "options", options) ?? {}) as Record<string, unknown>;
  const { env, clock, logger, onRequest, baseUrl } = checked;
  if (env !== undefined && (typeof env !== "object" || env === null || Array.isArray(env))) {
    throw new MockUsageError(`${fn}: option \`env\` must be an object of environment variables (e.g. { PHOENIX_ENABLE_AUTH: "true" }), got ${showArgument(env)}.`);
  }
  for (const [name, value] of [["clock", clock], ["logger", logger], ["onRequest", onRequest]] as const) {
    if (value !== undefined && typeof value !== "function") throw new MockUsageError(`${fn}: option \`${name}\` must be a function or left out, got ${showArgument(value)}.`);
  }
  if (baseUrl !== undefined && typeof baseUrl !== "string") {
    throw new MockUsageError(`${fn}: option \`baseUrl\` must be a string such as "http://phoenix.test:6006", got ${showArgument(baseUrl)}.`);
  }
  return (options ?? {}) as T;
}

/** waitForSpans() options: a whole `count`, a finite `timeoutMs`. */
export function checkWaitOptions<T>(options: T | undefined): T | Record<string, never> {
  const { count, timeoutMs, project } = (usageOptions("mock.waitForSpans", "options", options) ?? {}) as Record<string, unknown>;
  if (count !== undefined && !(Number.isSafeInteger(count) && (count as number) >= 0)) {
    throw new MockUsageError(`mock.waitForSpans: option \`count\` must be a whole number ≥ 0, got ${showArgument(count)}.`);
  }
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
    throw new MockUsageError(`mock.waitForSpans: option \`timeoutMs\` must be a finite number of milliseconds ≥ 0, got ${showArgument(timeoutMs)}.`);
  }
  if (project !== undefined && typeof project !== "string") throw new MockUsageError(`mock.waitForSpans: option \`project\` must be a project name, got ${showArgument(project)}.`);
  return (options ?? {}) as T;
}
