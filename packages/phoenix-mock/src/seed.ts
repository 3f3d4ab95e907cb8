/**
 * The test harness's shortcuts into the auth model (`mock.createSystemApiKey`, `createUser`, `createUserApiKey`): what an
 * admin would do through the API, done directly, with MockUsageError for a wrong call.
 */
import { Rejection, instantFromDate, toGlobalId, type AuthModel, type MockPhoenixConfig, type Role } from "./core/index.js";
import { checkCreateUser, checkKeyOptions } from "./args.js";
import { MockUsageError } from "./usage-error.js";

/** `mock.createUser` options. */
export interface SeedUserOptions {
  email: string;
  username?: string;
  password?: string;
  role: Exclude<Role, "SYSTEM">;
}

/** `mock.createUser`'s answer. */
export interface SeededUser {
  id: string;
  email: string;
  username: string;
  role: Role;
}

function requireAuth(config: MockPhoenixConfig, what: string): void {
  if (!config.enableAuth) {
    throw new MockUsageError(`${what}: API keys exist only with auth on (enableAuth: true or PHOENIX_ENABLE_AUTH=true, plus a secret).`);
  }
}

/** Creates a system API key directly (as an admin would). */
export async function seedSystemApiKey(
  model: AuthModel,
  config: MockPhoenixConfig,
  options: { name?: string; description?: string; expiresAt?: Date },
): Promise<{ id: string; key: string }> {
  checkKeyOptions("mock.createSystemApiKey", options, false);
  requireAuth(config, "createSystemApiKey");
  const { apiKey, key } = await model.keys.createSystem("test-harness", () => ({
    name: options.name ?? "mock system key",
    description: options.description,
    expiresAt: options.expiresAt && instantFromDate(options.expiresAt),
  }));
  return { id: toGlobalId("SystemApiKey", apiKey.id), key };
}

/** Creates a LOCAL user directly. Password default: "password"; username default: the email's local part. */
export async function seedUser(model: AuthModel, options: SeedUserOptions): Promise<SeededUser> {
  checkCreateUser(options);
  const username = options.username ?? options.email.split("@")[0]!;
  const user = await model.users
    .create({ email: options.email, username, password: options.password ?? "password", role: options.role })
    .catch((error: unknown) => {
      if (!(error instanceof Rejection)) throw error;
      const taken = error.reason === "email-taken" ? `email ${options.email}` : `username ${username}`;
      throw new MockUsageError(`createUser: a user with ${taken} already exists; pick another one or call reset() first.`, { cause: error });
    });
  return { id: toGlobalId("User", user.id), email: user.email, username: user.username, role: user.role };
}

/** Creates an API key owned by the user with this email (it carries that user's role). */
export async function seedUserApiKey(
  model: AuthModel,
  config: MockPhoenixConfig,
  options: { email: string; name?: string; description?: string; expiresAt?: Date },
): Promise<{ id: string; key: string }> {
  checkKeyOptions("mock.createUserApiKey", options, true);
  requireAuth(config, "createUserApiKey");
  const user = model.users.byEmail(options.email);
  if (!user || user.role === "SYSTEM") throw new MockUsageError(`createUserApiKey: no user with email ${options.email}`);
  const { apiKey, key } = await model.keys.create({
    user,
    name: options.name ?? "mock user key",
    description: options.description,
    expiresAt: options.expiresAt && instantFromDate(options.expiresAt),
  });
  return { id: toGlobalId("UserApiKey", apiKey.id), key };
}
