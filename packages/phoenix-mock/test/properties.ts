import fc from "fast-check";
import protobuf from "protobufjs";
import { expect } from "vitest";
import { OTLP_PACKAGE, OTLP_TRACE_SCHEMA } from "../src/otlp/schema.js";
import { decodeExportTraceServiceRequest, otlpSpanCodec, spansOf } from "../src/otlp/decode.js";
import { type MockPhoenix } from "../src/index.js";
import { authMock, bearer, otlpBody } from "./helpers.js";

/**
 * Property-based checks of the mock's invariants under hostile input: no crash (the handler always resolves), no
 * 5xx Phoenix does not give, no forged or altered token accepted. The same properties run with few cases in
 * `npm test` and with ≥10,000 each in `npm run test:stress`; fast-check prints the seed and the shrunk
 * counterexample of a failure (`fc.assert` throws with them), replay it with `{ seed, path }`.
 */
export interface PropertyRun {
  numRuns: number;
}

const type = protobuf.parse(OTLP_TRACE_SCHEMA, { keepCase: true }).root.lookupType(`${OTLP_PACKAGE}.ExportTraceServiceRequest`);

/**
 * Attribute keys: arbitrary text, and the names JavaScript's objects already use (`__proto__` set a prototype once,
 * `constructor`, `toString`, …), and dotted keys Phoenix nests and flattens back (`a.b`, `.`, `a..b`, `__proto__.x`).
 */
const hostileKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "prototype", "length", "then", "a.b", ".", "a..b", "__proto__.x", "x.__proto__", ""),
  fc.string({ unit: "binary", maxLength: 20 }),
);

/** Every AnyValue kind, nested: strings with lone surrogates, int64 extremes, NaN/±Infinity/-0, bytes, deep arrays and maps. */
const { anyValue } = fc.letrec<{ anyValue: Record<string, unknown> }>((tie) => ({
  anyValue: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ string_value: fc.string({ unit: "binary", maxLength: 30 }) }),
    fc.record({ int_value: fc.oneof(fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n, -(2n ** 53n) - 1n, 0n), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })).map(String) }),
    fc.record({ double_value: fc.oneof(fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 2, 1e300), fc.double()) }),
    fc.record({ bool_value: fc.boolean() }),
    fc.record({ bytes_value: fc.uint8Array({ maxLength: 10 }) }),
    fc.record({ array_value: fc.record({ values: fc.array(tie("anyValue"), { maxLength: 4 }) }) }),
    fc.record({ kvlist_value: fc.record({ values: fc.array(fc.record({ key: hostileKey, value: tie("anyValue") }), { maxLength: 4 }) }) }),
    fc.constant({}),
  ),
}));

const keyValues = fc.array(fc.record({ key: hostileKey, value: anyValue }), { maxLength: 5 });

/** An OTLP request with arbitrary (often odd) field values that still encodes: what a buggy exporter could send. */
const oddSpan = fc.record({
  trace_id: fc.uint8Array({ minLength: 0, maxLength: 20 }),
  span_id: fc.uint8Array({ minLength: 0, maxLength: 10 }),
  parent_span_id: fc.uint8Array({ maxLength: 10 }),
  name: fc.string({ unit: "binary", maxLength: 40 }),
  kind: fc.integer({ min: -5, max: 10 }),
  start_time_unix_nano: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
  end_time_unix_nano: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
  attributes: keyValues,
  status: fc.record({ code: fc.integer({ min: -2, max: 5 }), message: fc.string({ unit: "binary", maxLength: 20 }) }),
  events: fc.array(fc.record({ name: fc.string({ maxLength: 10 }), time_unix_nano: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String), attributes: keyValues }), { maxLength: 2 }),
  links: fc.array(fc.record({ trace_id: fc.uint8Array({ minLength: 16, maxLength: 16 }), span_id: fc.uint8Array({ minLength: 8, maxLength: 8 }), attributes: keyValues }), { maxLength: 1 }),
});
const oddRequest = fc.array(oddSpan, { minLength: 1, maxLength: 3 }).map((spans) =>
  type.encode(type.fromObject({ resource_spans: [{ resource: { attributes: [] }, scope_spans: [{ scope: { name: "p" }, spans }] }] })).finish(),
);

/** A valid body, then cut, bit-flipped or spliced with random bytes. */
const mutatedBody = fc
  .tuple(fc.nat({ max: 50 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.option(fc.nat()), fc.uint8Array({ maxLength: 16 }))
  .map(([id, flips, cut, junk]) => {
    const body = new Uint8Array(otlpBody([{ spanName: `m${id}`, spanAttributes: { a: "b" } }], id + 1));
    for (const [at, value] of flips) body[at % body.length] = value;
    const end = cut === null ? body.length : cut % (body.length + 1);
    return new Uint8Array([...body.subarray(0, end), ...junk]);
  });

/** Several resources of several scopes, with fields the schema does not know before, between and after the spans. */
const unknownField = fc.constantFrom([], [0xf8, 0x3e, 0x01], [0xfa, 0x3e, 0x02, 0x68, 0x69], [0xfd, 0x3e, 1, 2, 3, 4]);
const nestedRequest = fc
  .array(fc.tuple(fc.array(fc.array(oddSpan, { maxLength: 3 }), { maxLength: 3 }), unknownField), { minLength: 1, maxLength: 3 })
  .map((resources) => {
    const parts = resources.map(([scopes, junk]) => {
      const message = type.encode(type.fromObject({ resource_spans: [{ resource: { attributes: [] }, scope_spans: scopes.map((spans, i) => ({ scope: { name: `s${i}` }, spans })) }] })).finish();
      return new Uint8Array([...junk, ...message, ...junk]);
    });
    return new Uint8Array(parts.flatMap((part) => [...part]));
  });

const protobufBodies = fc.oneof(oddRequest, mutatedBody, fc.uint8Array({ maxLength: 200 }));

/**
 * The span store keeps each span as its own protobuf bytes (src/otlp/wire.ts, src/spans/arena.ts) and decodes them on
 * every read: whatever a body holds, a span read back equals the span decoded from the request.
 */
export function storedBytesProperty({ numRuns }: PropertyRun): void {
  let packed = 0;
  fc.assert(
    fc.property(fc.oneof(nestedRequest, oddRequest, mutatedBody), (body) => {
      let decoded;
      try {
        decoded = decodeExportTraceServiceRequest(body);
      } catch {
        return; // refused at decode: never stored
      }
      for (const span of spansOf(decoded)) {
        const encoded = otlpSpanCodec.encoded(span);
        if (!encoded) continue;
        packed += 1;
        expect(otlpSpanCodec.decode(new Uint8Array(encoded.bytes), encoded.context)).toEqual(span);
      }
    }),
    { numRuns },
  );
  expect(packed, "spans kept as bytes").toBeGreaterThan(numRuns);
}

/** Phoenix's 5xx for input: a gzip/deflate body that does not inflate (its bare 500). Nothing else. */
function expectNoCrash(status: number): void {
  expect(status, `status ${status}`).toBeLessThan(500);
}

/** Every page of both span routes, and the span query as pandas JSON and as Arrow: each answers 200 and decodes. */
async function readBack(mock: MockPhoenix, key: string): Promise<void> {
  for (const route of ["/v1/projects/default/spans", "/v1/projects/default/spans/otlpv1"]) {
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `${route}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const response = await mock.request(path, { headers: bearer(key) });
      expect(response.status, `${path}: ${response.status}`).toBe(200);
      cursor = ((await response.json()) as { next_cursor: string | null }).next_cursor;
    } while (cursor !== null && ++pages < 100);
  }
  for (const accept of ["application/json", "application/x-pandas-arrow"]) {
    const response = await mock.request("/v1/spans?project_name=default", {
      method: "POST",
      headers: { ...bearer(key), "content-type": "application/json", accept },
      body: JSON.stringify({ queries: [{}] }),
    });
    // 200, or Phoenix's 404 while the project has no span yet; never a 5xx.
    expect([200, 404], `span query (${accept}): ${response.status}`).toContain(response.status);
    await response.arrayBuffer();
  }
}

/** Protobuf bodies (odd values, mutations, random bytes): ingest answers < 500, read-back always 200 afterwards. */
export async function protobufProperty({ numRuns, seed }: PropertyRun & { seed?: number }): Promise<void> {
  const errors: string[] = [];
  const mock = authMock({ maxSpans: 2000, logger: (message) => errors.push(message) });
  const { key } = await mock.createSystemApiKey();
  let stored = 0;
  await fc.assert(
    fc.asyncProperty(protobufBodies, async (body) => {
      const response = await mock.request("/v1/traces", {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", ...bearer(key) },
        body,
      });
      expectNoCrash(response.status);
      if (response.status === 200 && ++stored % 25 === 1) await readBack(mock, key);
      // The mock's own errors (a 500 it gives where Phoenix would not) are named in the failure, not only counted.
      expect(errors.filter((line) => /mock error/.test(line))).toEqual([]);
    }),
    { numRuns, ...(seed === undefined ? {} : { seed }) },
  );
  await readBack(mock, key);
}

const jsonValue = fc.jsonValue({ maxDepth: 4 });
const restTargets = ["/v1/users", "/v1/system/api_keys", "/v1/user/api_keys", "/auth/login", "/auth/refresh", "/graphql"] as const;

function isJsonScalar(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value === null || typeof value !== "object";
  } catch {
    return false;
  }
}

/** JSON and GraphQL bodies: random JSON, random text, GraphQL-ish strings. No 5xx but Phoenix's own (see below). */
export async function jsonGraphqlProperty({ numRuns }: PropertyRun): Promise<void> {
  const mock = authMock({ disableRateLimit: true });
  const body = fc.oneof(
    jsonValue.map((v) => JSON.stringify(v)),
    fc.string({ unit: "binary", maxLength: 60 }),
    fc.record({ query: fc.string({ unit: fc.constantFrom(..."{}[]()!:$@ ,.\"'queryviewerusers#\n01"), maxLength: 80 }), variables: fc.option(fc.dictionary(fc.string({ maxLength: 4 }), jsonValue)) }).map((v) => JSON.stringify(v)),
    fc.record({ data: fc.record({ name: fc.string({ maxLength: 5 }), expires_at: fc.oneof(fc.double(), fc.string({ maxLength: 25 }), fc.integer()) }) }).map((v) => JSON.stringify(v)),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...restTargets), body, fc.boolean(), async (path, text, admin) => {
      const response = await mock.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", ...(admin ? bearer(mock.adminSecret) : {}) },
        body: text,
      });
      // Phoenix's own bare 500s for input (recorded against 20.26.1): its /auth handlers call request.json() and
      // .get(), so a body that is not a JSON object fails; /graphql fails on a JSON scalar (null, 1, "x", true).
      if (response.status >= 500) {
        const phoenixFails = path.startsWith("/auth/") || (path === "/graphql" && isJsonScalar(text));
        expect(phoenixFails, `${path} answered ${response.status} to ${JSON.stringify(text)}`).toBe(true);
        expect(await response.text()).toBe("Internal Server Error");
      }
    }),
    { numRuns },
  );
}

/** Tokens: no mutation of a valid key (characters, segments, algorithms, jti kinds, encodings) authenticates. */
export async function tokenProperty({ numRuns }: PropertyRun): Promise<void> {
  const mock = authMock();
  const { key } = await mock.createSystemApiKey();
  const [header, payload, signature] = key.split(".") as [string, string, string];
  const b64 = (value: string) => Buffer.from(value).toString("base64url");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=. \t";
  const mutation = fc.oneof(
    fc.tuple(fc.nat(), fc.constantFrom(...alphabet)).map(([at, c]) => {
      const i = at % key.length;
      return key.slice(0, i) + c + key.slice(i + 1);
    }),
    fc.tuple(fc.nat(), fc.nat({ max: 8 })).map(([at, n]) => key.slice(0, at % key.length) + key.slice((at % key.length) + n + 1)),
    fc.constantFrom("none", "HS384", "HS512", "RS256", "ES256", "hs256", "").map((alg) => `${b64(JSON.stringify({ typ: "JWT", alg }))}.${payload}.${alg === "none" ? "" : signature}`),
    fc.tuple(fc.constantFrom("ApiKey", "AccessToken", "RefreshToken", "PasswordResetToken", "User", "apikey"), fc.oneof(fc.nat(), fc.string({ maxLength: 4 }))).map(
      ([kind, id]) => `${header}.${b64(JSON.stringify({ jti: `${kind}:${id}` }))}.${signature}`,
    ),
    fc.constantFrom(`${key}=`, `${key}.`, `.${key}`, key.replace(/-/g, "+").replace(/_/g, "/"), `${header}.${payload}`, `${header}.${payload}.`, key.toUpperCase()),
  );
  await fc.assert(
    fc.asyncProperty(mutation, async (token) => {
      fc.pre(token !== key && token.trim() !== key);
      let response: Response;
      try {
        response = await mock.request("/v1/user", { headers: { authorization: `Bearer ${token}` } });
      } catch {
        return; // the Fetch API refuses the header value itself (a tab, a newline): nothing reaches the mock
      }
      expect(response.status, `accepted ${JSON.stringify(token)}`).toBe(401);
    }),
    { numRuns },
  );
}
