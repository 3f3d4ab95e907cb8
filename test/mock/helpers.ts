import { randomBytes } from "node:crypto";
import { createMockPhoenix, type CreateMockPhoenixOptions, type MockPhoenix } from "../../src/testing.js";

/** A PHOENIX_SECRET-shaped value generated at run time (≥32 chars, a digit, a lowercase letter). */
export function generateSecret(): string {
  return `s3${randomBytes(24).toString("hex")}`;
}

export function authMock(options: CreateMockPhoenixOptions = {}): MockPhoenix {
  return createMockPhoenix({ enableAuth: true, secret: generateSecret(), adminSecret: generateSecret(), ...options });
}

export type Send = (path: string, init?: RequestInit) => Promise<Response>;

/** The two ways to reach the mock; route tests run over both (transport parity). */
export const transports: { name: string; connect(mock: MockPhoenix): Promise<Send> }[] = [
  { name: "in-process handle()", connect: async (mock) => (path, init) => mock.request(path, init) },
  {
    name: "node:http socket",
    connect: async (mock) => {
      const url = await mock.listen();
      return (path, init) => fetch(`${url}${path}`, { redirect: "manual", ...init });
    },
  },
];

export function bearer(token: string | undefined): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Logs in through POST /auth/login and returns the two cookies' values. */
export async function login(send: Send, email: string, password: string): Promise<{ access: string; refresh: string; cookie: string }> {
  const response = await send("/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 204) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const value = (name: string) => cookies.find((c) => c.startsWith(`${name}=`))!.slice(name.length + 1);
  const access = value("phoenix-access-token");
  const refresh = value("phoenix-refresh-token");
  return { access, refresh, cookie: `phoenix-access-token=${access}; phoenix-refresh-token=${refresh}` };
}

export function jsonInit(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}
