import { MockConfigError } from "../errors.js";

/** The SMTP server Phoenix sends its emails through (PHOENIX_SMTP_*); `password` is hidden from logging and JSON. */
export interface SmtpConfig {
  readonly hostname: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly mailFrom: string;
  readonly validateCerts: boolean;
}

/** The `smtp` option: the PHOENIX_SMTP_* variables as one object (`hostname` turns SMTP on). */
export interface SmtpOptions {
  hostname: string;
  port?: number;
  username: string;
  password: string;
  mailFrom?: string;
  validateCerts?: boolean;
}

export const SMTP_ENV_VARS = [
  "PHOENIX_SMTP_HOSTNAME",
  "PHOENIX_SMTP_PORT",
  "PHOENIX_SMTP_USERNAME",
  "PHOENIX_SMTP_PASSWORD",
  "PHOENIX_SMTP_MAIL_FROM",
  "PHOENIX_SMTP_VALIDATE_CERTS",
] as const;

type Env = Readonly<Record<string, string | undefined>>;

function fail(key: string, message: string): never {
  throw new MockConfigError(key, message);
}

/**
 * Phoenix's startup reading of PHOENIX_SMTP_*: no hostname, no email sender (password-reset emails answer 503);
 * with one, a username and a password are required (Phoenix asserts them), the port is 1–65535 (default 587), the
 * sender defaults to noreply@arize.com and certificates are validated unless PHOENIX_SMTP_VALIDATE_CERTS is false.
 */
export function resolveSmtpConfig(option: SmtpOptions | undefined, env: Env): SmtpConfig | undefined {
  const read = (key: string): string => env[key] ?? "";
  const hostname = option ? option.hostname : read("PHOENIX_SMTP_HOSTNAME");
  if (!hostname) return undefined;
  const username = option ? option.username : read("PHOENIX_SMTP_USERNAME");
  const password = option ? option.password : read("PHOENIX_SMTP_PASSWORD");
  if (!username) fail("PHOENIX_SMTP_USERNAME", "SMTP username is required (PHOENIX_SMTP_USERNAME) when PHOENIX_SMTP_HOSTNAME is set");
  if (!password) fail("PHOENIX_SMTP_PASSWORD", "SMTP password is required (PHOENIX_SMTP_PASSWORD) when PHOENIX_SMTP_HOSTNAME is set");
  let port = option?.port ?? 587;
  const rawPort = option ? undefined : env.PHOENIX_SMTP_PORT?.trim();
  if (rawPort) {
    if (!/^[+-]?\d+(_\d+)*$/.test(rawPort)) fail("PHOENIX_SMTP_PORT", `Invalid value for environment variable PHOENIX_SMTP_PORT: ${rawPort}. Value must be an integer.`);
    port = Number(rawPort.replace(/_/g, ""));
  }
  if (!(Number.isInteger(port) && port > 0 && port <= 65_535)) fail("PHOENIX_SMTP_PORT", `PHOENIX_SMTP_PORT must be between 1 and 65535. Got: ${port}`);
  let validateCerts = option?.validateCerts ?? true;
  const rawValidate = option ? undefined : env.PHOENIX_SMTP_VALIDATE_CERTS?.trim();
  if (rawValidate) {
    const lower = rawValidate.toLowerCase();
    if (lower !== "true" && lower !== "false") fail("PHOENIX_SMTP_VALIDATE_CERTS", `PHOENIX_SMTP_VALIDATE_CERTS must be set to TRUE or FALSE (case-insensitive). Got: ${rawValidate}`);
    validateCerts = lower === "true";
  }
  const mailFrom = (option ? option.mailFrom : read("PHOENIX_SMTP_MAIL_FROM")) || "noreply@arize.com";
  const config = { hostname, port, username, mailFrom, validateCerts } as SmtpConfig;
  Object.defineProperty(config, "password", { value: password, enumerable: false });
  return Object.freeze(config);
}
