import protobuf from "protobufjs";
import { OTLP_PACKAGE, OTLP_TRACE_SCHEMA } from "../src/otlp/schema.js";
import { createMockPhoenix, type CreateMockPhoenixOptions, type MockPhoenix } from "../src/index.js";
import { generateSecret } from "../../../test/helpers/secrets.js";

export { generateSecret };

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

/**
 * Builds an OTLP ExportTraceServiceRequest body: one ResourceSpans per entry, one span each. Entry i gets trace and
 * span ids filled with the byte `firstId + i` (Phoenix ignores a span id it already stored).
 */
export function otlpBody(
  resources: { attributes?: Record<string, string>; spanName: string; spanAttributes?: Record<string, string> }[],
  firstId = 1,
): Uint8Array {
  const keyValues = (attributes: Record<string, string> = {}) =>
    Object.entries(attributes).map(([key, value]) => ({ key, value: { string_value: value } }));
  const root = protobuf.parse(OTLP_TRACE_SCHEMA, { keepCase: true }).root;
  const type = root.lookupType(`${OTLP_PACKAGE}.ExportTraceServiceRequest`);
  const message = type.fromObject({
    resource_spans: resources.map((r, i) => ({
      resource: { attributes: keyValues(r.attributes) },
      scope_spans: [
        {
          spans: [
            {
              trace_id: Buffer.alloc(16, firstId + i),
              span_id: Buffer.alloc(8, firstId + i),
              name: r.spanName,
              attributes: keyValues(r.spanAttributes),
              kind: 1,
              start_time_unix_nano: "1795701195387354000",
              end_time_unix_nano: "1795701195388354000",
            },
          ],
        },
      ],
    })),
  });
  return type.encode(message).finish();
}
