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

  it.each(files.filter((name) => name !== "config.ts"))("%s contains no header, cookie, status-code or body text", (name) => {
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
