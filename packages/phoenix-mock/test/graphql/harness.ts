import { generatePassword, generateSecret } from "../../../../test/helpers/secrets.js";
import { expect } from "vitest";
import { createManualClock } from "../../src/clock.js";
import { AuthModel, resolveMockConfig, type MockPhoenixOptions, type Principal, type Role, type User } from "../../src/core/index.js";
import { executeGraphql, type GraphqlResponse } from "../../src/http/graphql/index.js";

/** A secret Phoenix accepts, generated per run: 64 hex characters plus a guaranteed digit and lowercase letter. */
export { generateSecret };

export const START = Date.parse("2026-11-26T13:52:13.000Z");

/** A fresh mock database with an injected clock, and helpers to act as its users. */
export function setup(options: MockPhoenixOptions = { enableAuth: true }) {
  const clock = createManualClock(START);
  const config = resolveMockConfig(
    options.enableAuth ? { secret: generateSecret(), adminSecret: generateSecret(), ...options } : options,
  );
  const model = new AuthModel(config, clock);

  const gql = (principal: Principal | undefined, query: string, variables?: Record<string, unknown>) =>
    executeGraphql({ model, principal, body: { query, variables } });

  const authenticate = async (token: string): Promise<Principal> => {
    const principal = await model.authenticate(token);
    if (!principal) throw new Error("token did not authenticate");
    return principal;
  };

  const session = async (user: User): Promise<Principal> => authenticate((await model.sessions.issue(user)).accessToken);
  const apiKey = async (user: User): Promise<Principal> =>
    authenticate((await model.keys.create({ user, name: `key of ${user.username}` })).key);

  /** Each added user's password (generated unless given), by user id: `passwordOf(user)`. */
  const passwords = new Map<number, string>();
  const addUser = async (role: Role, name: string, password = generatePassword()): Promise<User> => {
    const user = await model.users.create({ email: `${name}@example.com`, username: name, password, role });
    passwords.set(user.id, password);
    return user;
  };
  const passwordOf = (user: User): string => {
    const password = passwords.get(user.id);
    if (password === undefined) throw new Error(`no password recorded for user ${user.id}`);
    return password;
  };

  const defaultAdmin = (): User => model.users.byUsername("admin")!;
  const systemUser = (): User => model.users.get(1)!;

  return {
    model,
    config,
    clock,
    gql,
    authenticate,
    session,
    apiKey,
    addUser,
    passwordOf,
    defaultAdmin,
    systemUser,
    adminSecret: () => authenticate(config.adminSecret!),
  };
}

export type Harness = ReturnType<typeof setup>;

interface ErrorJson {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
}

/** The response as Phoenix shapes a successful GraphQL answer: 200, `{"data": ...}` and nothing else. */
export function dataOf(response: GraphqlResponse): Record<string, unknown> {
  expect(response.status).toBe(200);
  expect(response.json).toEqual({ data: expect.anything() });
  return (response.json as { data: Record<string, unknown> }).data;
}

/** A failed root field: 200, `{"data": null, "errors": [one error]}`; returns that error. */
export function errorOf(response: GraphqlResponse): ErrorJson {
  expect(response.status).toBe(200);
  const json = response.json as { data: unknown; errors: ErrorJson[] };
  expect(Object.keys(json)).toEqual(["data", "errors"]);
  expect(json.data).toBeNull();
  expect(json.errors).toHaveLength(1);
  return json.errors[0]!;
}

/** Asserts a single error at `path` with exactly Phoenix's message. */
export function expectError(response: GraphqlResponse, message: string, path?: (string | number)[]): void {
  const error = errorOf(response);
  expect(error.message).toBe(message);
  if (path) expect(error.path).toEqual(path);
}

export const gid = (type: string, id: number | string): string => Buffer.from(`${type}:${id}`).toString("base64");
