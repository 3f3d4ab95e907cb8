import fc from "fast-check";

/**
 * Arbitrary HTTP/1.x requests as raw bytes, for the request-shape property (shapes-property.ts): request-target forms,
 * Host values, methods, header names and values, oversized lines and header sets, body framings, and two requests
 * pipelined on one keep-alive connection. Every generated request is complete (a declared body is sent whole), so a
 * server that answers nothing is hanging, not waiting for the client.
 */
export interface RequestShape {
  /** The bytes written to one connection (one request, or two pipelined). */
  bytes: Buffer;
  /** The method of each request in order (a HEAD answer has no body). */
  methods: string[];
  /** The path of each request (for the documented-500 check). */
  paths: string[];
  /** Whether a request carries the test's valid API key (auth on: only then do handlers read bodies). */
  authenticated: boolean;
}

const CONTROL = fc.constantFrom("\x00", "\x01", "\x07", "\t", "\x0b", "\x0c", "\x1b", "\x7f", "\r", "\n", "\r\n");
const ODD = fc.constantFrom("//", "/./", "/../", "%2e%2e/", "%zz", "%", "%C3", "%00", "%2F", ";a=b", "?", "??", "#frag", "\u00e9", "\u{1F600}", "~", "@", ":", "[", "]", "{", "|", "\\", "^", "`", '"', "<", "'", " ");
const ROUTES = [
  "/healthz", "/v1/traces", "/graphql", "/auth/login", "/auth/logout", "/auth/refresh", "/v1/projects", "/v1/projects/default",
  "/v1/projects/default/spans?limit=5", "/v1/projects/default/spans/otlpv1", "/v1/system/api_keys", "/v1/users", "/v1/user",
  "/", "/login", "/projects", "/.well-known/oauth-protected-resource", "/arize_phoenix_version", "/exports", "/no/such/route",
];

const pathPart = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/) },
  { weight: 3, arbitrary: ODD },
  { weight: 1, arbitrary: CONTROL },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
);
const originForm = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ROUTES) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), fc.array(pathPart, { maxLength: 5 })).map(([route, parts]) => route + parts.join("")) },
  { weight: 1, arbitrary: fc.constantFrom(...ROUTES).map((route) => `${route}${route.includes("?") ? "&" : "?"}cursor=%zz&limit=%ff&x=%`) },
);
const host = fc.constantFrom(
  "127.0.0.1", "localhost", "example.com", "", "a b", "[::1]", "[::1]:6006", "::1", "[::1", "a]b", "[", "]", "user@host",
  "user:pw@host", "host:port", "host:99999", "host:-1", "host:", ":80", "%zz", "%41", "exa mple.com:80", "\u00e9.com", "h\x00st", "a,b", "127.0.0.1:0",
);
const target = fc.oneof(
  { weight: 12, arbitrary: originForm },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom("http://", "https://", "HTTP://", "ftp://", "//"), host, originForm).map(([scheme, h, path]) => `${scheme}${h}${path}`) },
  { weight: 1, arbitrary: fc.constant("*") },
  { weight: 1, arbitrary: fc.tuple(host, fc.constantFrom("", ":443", ":80", ":99999")).map(([h, port]) => `${h}${port}`) },
  { weight: 1, arbitrary: fc.constant("") },
  // Oversized request lines: around node's 128 KiB header limit (uvicorn answers 400 past its own).
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 140_000 }).map((n) => `/${"a".repeat(n)}`) },
);
const method = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH") },
  { weight: 1, arbitrary: fc.constantFrom("TRACE", "CONNECT", "PROPFIND", "PRI", "get", "Get", "G\x00T", "", "M-SEARCH") },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Z!#$%&'*+.^_`|~-]{1,12}$/) },
);
const version = fc.oneof(
  { weight: 12, arbitrary: fc.constant("HTTP/1.1") },
  { weight: 3, arbitrary: fc.constant("HTTP/1.0") },
  { weight: 1, arbitrary: fc.constantFrom("", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "http/1.1", "HTTP/1.1 x", "HTTP/11", "HTTP/1.") },
);

const headerName = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "Accept", "Content-Type", "User-Agent", "Cookie", "Origin", "Referer", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto",
      "Connection", "Upgrade", "Content-Encoding", "Accept-Encoding", "Authorization", "Range", "If-None-Match", "TE", "Trailer",
    ),
  },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/) },
  { weight: 1, arbitrary: fc.constantFrom("", " Space", "Bad Name", "Colon:", "Tab\t", "Nul\x00", "\u00e9", "X-A\r\nInjected") },
);
const headerValue = fc.oneof(
  { weight: 14, arbitrary: fc.string({ maxLength: 40 }).map((v) => v.replace(/[\r\n]/g, "")) },
  { weight: 2, arbitrary: fc.constantFrom("close", "keep-alive", "Upgrade", "websocket", "gzip", "deflate", "br", "application/json", "application/x-protobuf", "text/html", "bytes=0-5", "session=garbage; phoenix-access-token=eyJ.x.y", "Bearer", "Bearer ", "Basic YTpi", "null") },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 5 }), CONTROL, fc.string({ maxLength: 5 })).map(([a, c, b]) => a + c + b) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }).map((v) => v.replace(/[\r\n]/g, "")) },
  { weight: 1, arbitrary: fc.constant("folded\r\n continued") },
);
const headers = fc.oneof(
  { weight: 10, arbitrary: fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }) },
  // Large header sets and one oversized value, around node's 128 KiB limit.
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 2_500 }).map((n) => Array.from({ length: n }, (_, i): [string, string] => [`X-H${i}`, "v".repeat(40)])) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 140_000 }).map((n): [string, string][] => [["X-Big", "v".repeat(n)]]) },
);

type Framing = { headers: [string, string][]; body: string };
const bodyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  // The login body's "x" is a literal on purpose: a one-character password no user can have, never a credential.
  fc.constantFrom("{}", "null", "1", '{"email":"a@b.co","password":"x"}', '{"query":"{ viewer { id } }"}', "[", "\x1f\x8b\x08\x00garbage"),
  fc.string({ unit: "binary", maxLength: 60 }),
);
const framing: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Framing>({ headers: [], body: "" }) },
  { weight: 4, arbitrary: bodyText.map((body): Framing => ({ headers: [["Content-Length", String(Buffer.byteLength(body))]], body })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.array(bodyText.filter((c) => c.length > 0), { maxLength: 3 }), fc.constantFrom("", ";ext=1"), fc.constantFrom("", "X-Trailer: t\r\n")).map(
      ([chunks, ext, trailer]): Framing => ({
        headers: [["Transfer-Encoding", "chunked"]],
        body: `${chunks.map((c) => `${Buffer.byteLength(c).toString(16)}${ext}\r\n${c}\r\n`).join("")}0\r\n${trailer}\r\n`,
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Framing>(
      { headers: [["Content-Length", "abc"]], body: "" },
      { headers: [["Content-Length", "-1"]], body: "" },
      { headers: [["Content-Length", "99999999999999999999999"]], body: "" },
      { headers: [["Content-Length", "2"], ["Content-Length", "3"]], body: "abc" },
      { headers: [["Content-Length", "3"], ["Content-Length", "3"]], body: "abc" },
      { headers: [["Content-Length", "3"], ["Transfer-Encoding", "chunked"]], body: "0\r\n\r\n" },
      { headers: [["Transfer-Encoding", "gzip"]], body: "" },
      { headers: [["Transfer-Encoding", "chunked, gzip"]], body: "0\r\n\r\n" },
      { headers: [["Transfer-Encoding", "identity"]], body: "" },
      { headers: [["Transfer-Encoding", "chunked"]], body: "zz\r\nabc\r\n0\r\n\r\n" },
      { headers: [["Transfer-Encoding", "chunked"]], body: "3\r\nabcdef\r\n0\r\n\r\n" },
      // A declared length shorter than the body: the rest is read as the next request (a garbage one).
      { headers: [["Content-Length", "2"]], body: "abcdef\r\n\r\n" },
    ),
  },
);

const hostHeaders = fc.oneof(
  { weight: 6, arbitrary: fc.constant([["Host", "127.0.0.1"]] as [string, string][]) },
  { weight: 1, arbitrary: fc.constant([] as [string, string][]) },
  { weight: 4, arbitrary: host.map((h): [string, string][] => [["Host", h]]) },
  { weight: 1, arbitrary: fc.tuple(host, host).map(([a, b]): [string, string][] => [["Host", a], ["Host", b]]) },
);

interface OneRequest {
  bytes: Buffer;
  method: string;
  path: string;
  authenticated: boolean;
}

/** Stands for the test's API key in generated bytes; replaced just before sending, so no counterexample prints the key. */
export const API_KEY_PLACEHOLDER = "<<PHOENIX-API-KEY>>";

function oneRequest(): fc.Arbitrary<OneRequest> {
  return fc
    .record({ method, target, version, hosts: hostHeaders, headers, framing, auth: fc.boolean(), close: fc.boolean() })
    .map(({ method: m, target: t, version: v, hosts, headers: extra, framing: f, auth, close }) => {
      const all: [string, string][] = [...hosts, ...(auth ? [["Authorization", `Bearer ${API_KEY_PLACEHOLDER}`] as [string, string]] : []), ...extra, ...f.headers];
      if (close) all.push(["Connection", "close"]);
      const line = v === "" ? `${m} ${t}` : `${m} ${t} ${v}`;
      const head = `${line}\r\n${all.map(([name, value]) => `${name}: ${value}`).join("\r\n")}${all.length ? "\r\n" : ""}\r\n`;
      return { bytes: Buffer.concat([Buffer.from(head, "utf8"), Buffer.from(f.body, "utf8")]), method: m, path: t, authenticated: auth };
    });
}

/** One request, or two pipelined on the same connection (the second often a plain health check). */
export function requestShapes(): fc.Arbitrary<RequestShape> {
  const health: OneRequest = { bytes: Buffer.from("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), method: "GET", path: "/healthz", authenticated: false };
  const single = oneRequest();
  return fc
    .tuple(single, fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(health) }, { weight: 1, arbitrary: single }))
    .map(([first, second]) => {
      const requests = second ? [first, second] : [first];
      return {
        bytes: Buffer.concat(requests.map((r) => r.bytes)),
        methods: requests.map((r) => r.method),
        paths: requests.map((r) => r.path),
        authenticated: requests.some((r) => r.authenticated),
      };
    });
}
