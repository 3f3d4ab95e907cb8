import { isValidEmail, type MockPhoenixConfig, type User } from "../core/index.js";
import { sendEmail } from "../smtp/client.js";
import { welcomeEmailMessage } from "../smtp/messages.js";

/**
 * Phoenix's `get_env_root_url()`, the welcome email's link: PHOENIX_ROOT_URL, else `http://<PHOENIX_HOST>:<PHOENIX_PORT>`
 * (0.0.0.0 read as 127.0.0.1).
 */
export function welcomeUrl(config: MockPhoenixConfig): string {
  if (config.rootUrl) return config.rootUrl;
  const host = config.host === "0.0.0.0" ? "127.0.0.1" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.port}`;
}

/**
 * After a user is created with `send_welcome_email` (REST; GraphQL's `sendWelcomeEmail`): with SMTP configured and an
 * email address, Phoenix emails a welcome. An address its sender cannot parse is skipped; a failed send is only
 * logged (the user stays created), as Phoenix does.
 */
export async function sendWelcomeEmail(config: MockPhoenixConfig, user: User, log: (message: string) => void): Promise<void> {
  if (!config.smtp || !user.email) return;
  if (!isValidEmail(user.email)) {
    log("Skipping welcome email for user with invalid email address");
    return;
  }
  try {
    await sendEmail(config.smtp, welcomeEmailMessage(user.email, user.username, welcomeUrl(config)), log);
  } catch (error) {
    log(`Failed to send welcome email: ${error instanceof Error ? error.message : String(error)}`);
  }
}
