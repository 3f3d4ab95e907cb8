import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CORE = join(import.meta.dirname, "../../src/core");
const files = readdirSync(CORE).filter((name) => name.endsWith(".ts"));

/** HTTP vocabulary that belongs to src/http: header and cookie names, Response/Request, status handling. */
const HEADER_WORDS = /\b(set-cookie|cookies?|authorization|www-authenticate|content-type|status code)\b|["'`](Bearer|Basic) /i;
const HTTP_TYPES = /\b(HttpError|Response|Request|Headers)\b|\bstatus:\s*[1-5]\d\d\b/;
const isHttp = (line: string): boolean => HEADER_WORDS.test(line) || HTTP_TYPES.test(line);

describe("src/core has no HTTP in it", () => {
  it.each(files)("%s imports nothing from the HTTP layer, msw or node:http", (name) => {
    const source = readFileSync(join(CORE, name), "utf8");
    const imports = [...source.matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(imports.filter((path) => /(^|\/)http(\/|$)|^msw|^node:https?$|\/server\//.test(path))).toEqual([]);
  });

  it.each(files)("%s contains no header, cookie, status-code or body text", (name) => {
    const source = readFileSync(join(CORE, name), "utf8");
    const hits = source.split("\n").filter(isHttp);
    expect(hits).toEqual([]);
  });

  it("the check sees a violation when there is one", () => {
    expect(isHttp('throw new HttpError(401, "Invalid token")')).toBe(true);
    expect(isHttp('headers.append("set-cookie", value)')).toBe(true);
    expect(isHttp('const scheme = "Bearer ";')).toBe(true);
    expect(isHttp("return { status: 403 };")).toBe(true);
    expect(isHttp("/** Who a request authenticated as. */")).toBe(false);
  });
});

/**
 * An auth rule decided outside the core: a role or credential-status comparison, or the core's role predicates called
 * directly (surfaces ask the core's `…Problem` functions and translate the reason). Logging who called is not a rule.
 */
const RULE = /\bisAdmin\(|\bisViewer\(|\brole\s*[!=]==\s*["'](ADMIN|MEMBER|VIEWER)["']|\.status\s*[!=]==\s*["'](VALID|EXPIRED)["']/;
const SRC = join(import.meta.dirname, "../../src");
function surfaceFiles(dir: string): string[] {
  return readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === "pages/client" ? [] : surfaceFiles(path); // the browser's script: shows what the server answered
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("each auth rule is decided in src/core only", () => {
  const surfaces = ["http", "grpc", "pages", "server", "msw"].flatMap(surfaceFiles);
  it.each(surfaces)("%s decides no auth rule itself", (file) => {
    const hits = readFileSync(join(SRC, file), "utf8").split("\n").filter((line) => RULE.test(line));
    expect(hits).toEqual([]);
  });

  it("the check sees a rule decided outside the core", () => {
    expect(surfaces.length).toBeGreaterThan(30);
    expect(RULE.test('if (ctx.state.config.enableAuth && !isAdmin(ctx.principal)) reject("admin-only");')).toBe(true);
    expect(RULE.test('if (principal.status !== "VALID") return { code: status.UNAUTHENTICATED, details: "" };')).toBe(true);
    expect(RULE.test('if (user.role === "VIEWER") throw new Rejection("viewer-forbidden");')).toBe(true);
    expect(RULE.test('const problem = adminProblem(ctx.state.config, ctx.principal, "allowed");')).toBe(false);
    expect(RULE.test('.filter((u) => u.role !== "SYSTEM")')).toBe(false);
  });
});

/** A rule of the auth model written into the browser's script: who the default admin is, a password length. */
const PAGE_RULE = /admin@localhost|username\s*===\s*["']admin["']|\.length\s*<\s*\d/;
describe("the pages' browser script decides no rule: it shows what the server answered", () => {
  const client = readdirSync(join(SRC, "pages/client")).filter((name) => name.endsWith(".ts"));
  it.each(client)("pages/client/%s names no default admin and no password length of its own", (name) => {
    const hits = readFileSync(join(SRC, "pages/client", name), "utf8").split("\n").filter((line) => PAGE_RULE.test(line));
    expect(hits).toEqual([]);
  });

  it("the check sees such a rule", () => {
    expect(PAGE_RULE.test('function isDefaultAdmin(user) { return user.email === "admin@localhost"; }')).toBe(true);
    expect(PAGE_RULE.test("check(password, password.input.value.length < 4 ? message : null);")).toBe(true);
    expect(PAGE_RULE.test("var protectedUser = user.isManagementUser;")).toBe(false);
  });
});

describe("src/spans, the span store, is a home of its own", () => {
  const SPANS = join(import.meta.dirname, "../../src/spans");
  const spanFiles = readdirSync(SPANS).filter((name) => name.endsWith(".ts"));
  it.each(spanFiles)("%s imports nothing of the auth model or of HTTP (core/config.ts only, for its error class)", (name) => {
    const imports = [...readFileSync(join(SPANS, name), "utf8").matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(imports.filter((path) => /(^|\/)(http|grpc|pages|otlp)(\/|$)|^msw|^node:https?$|\/core\/(?!config\.js$)/.test(path))).toEqual([]);
  });

  it("and the auth core imports nothing of it", () => {
    expect(spanFiles.length).toBeGreaterThanOrEqual(4);
    for (const name of files) {
      const imports = [...readFileSync(join(CORE, name), "utf8").matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1]!);
      expect(imports.filter((path) => /spans\//.test(path)), name).toEqual([]);
    }
  });
});
