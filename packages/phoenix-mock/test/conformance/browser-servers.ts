/**
 * The servers the conformance browser walks run on (a real Phoenix when configured, else the mock's server) and the
 * user setup they share, for browser.test.ts and browser-session.test.ts.
 */
import { expect } from "vitest";
import { createMockPhoenix, type MockPhoenix, type MockPhoenixOptions } from "../../src/index.js";
import { generateSecret } from "../../../../test/helpers/secrets.js";
import type { SmtpCatcher } from "../../../../test/helpers/smtp-catcher.js";

export interface Server {
  name: string;
  url: string;
  adminSecret: string;
  noAuthUrl?: string;
  stop(): Promise<void>;
}

export const realConfigured = !!process.env.PHOENIX_CONFORMANCE_URL && !!process.env.PHOENIX_CONFORMANCE_ADMIN_SECRET;

/** The real server from the environment, or a fresh mock (auth on, no rate limit) plus an auth-off one. */
export async function startServer(name: string, options: MockPhoenixOptions = {}): Promise<Server> {
  if (name === "real") {
    return {
      name,
      url: process.env.PHOENIX_CONFORMANCE_URL!.replace(/\/+$/, ""),
      adminSecret: process.env.PHOENIX_CONFORMANCE_ADMIN_SECRET!,
      noAuthUrl: process.env.PHOENIX_CONFORMANCE_NOAUTH_URL?.replace(/\/+$/, ""),
      stop: async () => undefined,
    };
  }
  const adminSecret = generateSecret();
  const mock: MockPhoenix = createMockPhoenix({ enableAuth: true, secret: generateSecret(), adminSecret, disableRateLimit: true, ...options });
  const noAuth = createMockPhoenix();
  const [url, noAuthUrl] = [await mock.listen(), await noAuth.listen()];
  return { name, url, adminSecret, noAuthUrl, stop: async () => void (await Promise.all([mock.close(), noAuth.close()])) };
}

/** A new user through GraphQL with the admin secret (Phoenix flags it for a password reset). */
export async function createUser(server: Server, email: string, password: string, role: "ADMIN" | "MEMBER" | "VIEWER" = "ADMIN"): Promise<void> {
  const response = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.adminSecret}` },
    body: JSON.stringify({
      query: "mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id passwordNeedsReset } } }",
      variables: { input: { email, username: email.split("@")[0], password, role } },
    }),
  });
  const body = (await response.json()) as { data?: { createUser: { user: { passwordNeedsReset: boolean } } } };
  expect(body.data?.createUser.user.passwordNeedsReset).toBe(true);
}

/** Asks for a reset email as the forgot-password page does (same-origin Referer) and returns the link in it. */
export async function requestResetLink(server: Server, catcher: SmtpCatcher, email: string, sentTo = email): Promise<string> {
  const response = await fetch(`${server.url}/auth/password-reset-email`, {
    method: "POST",
    headers: { "content-type": "application/json", referer: `${server.url}/forgot-password` },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(204);
  return linkFromEmail(server, catcher, sentTo);
}

/** The next caught email: Phoenix's reset email to `sentTo`, sent over STARTTLS with a login; returns its link. */
export async function linkFromEmail(server: Server, catcher: SmtpCatcher, sentTo: string): Promise<string> {
  const caught = await catcher.next();
  expect(caught.to).toEqual([sentTo]);
  expect(caught.subject).toBe("[Phoenix] Password Reset Request");
  expect({ tls: caught.tls, user: caught.user }).toEqual({ tls: true, user: "catcher" });
  const link = /id="reset-url" href="([^"]+)"/.exec(caught.body)?.[1]?.replace(/&amp;/g, "&");
  expect(link?.startsWith(`${server.url}/reset-password-with-token?token=`)).toBe(true);
  return link!;
}
