import { existsSync, readFileSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/paths.js";

// Every relative link in the repository's Markdown resolves: the file exists, and an anchor (#…) names a heading of
// that file as GitHub and npm slug it. A package README is its npm page, where relative links to files outside the
// tarball break, so it links to the docs with absolute URLs into this repository's main branch
// (https://github.com/phoenix-otel-auth/phoenix-otel-auth/blob/main/<path>, or tree/main/ for a folder): those are
// checked as the repository-relative path they name. Other absolute links (https:, mailto:) are not fetched (npm test
// needs no network).
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.md"], { cwd: REPO_ROOT, encoding: "utf8" })
  .split("\n")
  .filter((file, i, all) => file && all.indexOf(file) === i);

/** GitHub's heading slug: lower case, punctuation other than - and _ removed, spaces to -; repeats get -1, -2 … */
export function slugs(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^```/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]!.replace(/`/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** This repository on GitHub: a link to its main branch names a file of this checkout. */
export const REPOSITORY = "https://github.com/phoenix-otel-auth/phoenix-otel-auth";

/** The repository-relative path (with its #anchor) an absolute link into this repository's main branch names, or undefined. */
export function inRepository(target: string): string | undefined {
  const match = /^https:\/\/github\.com\/phoenix-otel-auth\/phoenix-otel-auth\/(?:blob|tree)\/main\/([^?]*)$/.exec(target);
  return match ? match[1] : undefined;
}

/** `[text](target)` links outside code, with their line numbers. */
export function links(markdown: string): { target: string; line: number }[] {
  const found: { target: string; line: number }[] = [];
  let fenced = false;
  markdown.split("\n").forEach((line, i) => {
    if (/^```/.test(line)) fenced = !fenced;
    if (fenced) return;
    const text = line.replace(/`[^`]*`/g, "");
    for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) found.push({ target: match[1]!, line: i + 1 });
  });
  return found;
}

/** What is broken among the links of `markdown`, the text of `file` (repository-relative), one line each. */
export function brokenLinks(file: string, markdown: string): string[] {
  const broken: string[] = [];
  for (const { target, line } of links(markdown)) {
    const absolute = inRepository(target);
    if (absolute === undefined && /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [path = "", anchor] = (absolute ?? target).split("#");
    const resolved = absolute !== undefined ? join(REPO_ROOT, decodeURIComponent(path)) : path ? join(dirname(join(REPO_ROOT, file)), decodeURIComponent(path)) : join(REPO_ROOT, file);
    if (!existsSync(resolved)) {
      broken.push(`${file}:${line}: ${target} (no ${relative(REPO_ROOT, resolved)})`);
      continue;
    }
    if (anchor && statSync(resolved).isFile() && resolved.endsWith(".md") && !slugs(readFileSync(resolved, "utf8")).has(anchor)) {
      broken.push(`${file}:${line}: ${target} (no heading with that anchor)`);
    }
  }
  return broken;
}

describe("Markdown links", () => {
  it("finds the files and their links", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((f) => links(readFileSync(join(REPO_ROOT, f), "utf8"))).length).toBeGreaterThan(20);
  });

  it.each(files)("%s: every relative link and anchor resolves", (file) => {
    expect(brokenLinks(file, readFileSync(join(REPO_ROOT, file), "utf8"))).toEqual([]);
  });

  it("an absolute link into this repository's main branch is checked as the path it names; other URLs are not", () => {
    expect(inRepository(`${REPOSITORY}/blob/main/packages/phoenix-mock/docs/api.md#mockreset`)).toBe("packages/phoenix-mock/docs/api.md#mockreset");
    expect(inRepository(`${REPOSITORY}/tree/main/packages/phoenix-mock/examples`)).toBe("packages/phoenix-mock/examples");
    expect(inRepository(`${REPOSITORY}/blob/v1.0.0/README.md`)).toBeUndefined();
    expect(inRepository("https://github.com/Arize-ai/phoenix/blob/main/README.md")).toBeUndefined();
    // Both packages' READMEs link into docs/ this way, and the check above resolves every one of them.
    const absolute = ["packages/phoenix-otel-auth/README.md", "packages/phoenix-mock/README.md"].flatMap((f) => links(readFileSync(join(REPO_ROOT, f), "utf8")).filter((l) => inRepository(l.target)));
    expect(absolute.length).toBeGreaterThan(10);
    const page = `[a](${REPOSITORY}/blob/main/packages/phoenix-mock/docs/api.md#mockreset) [b](${REPOSITORY}/blob/main/packages/phoenix-mock/docs/nope.md) [c](${REPOSITORY}/blob/main/packages/phoenix-mock/docs/api.md#nope) [d](https://example.com/x.md)`;
    expect(brokenLinks("packages/phoenix-mock/README.md", page)).toEqual([
      `packages/phoenix-mock/README.md:1: ${REPOSITORY}/blob/main/packages/phoenix-mock/docs/nope.md (no packages/phoenix-mock/docs/nope.md)`,
      `packages/phoenix-mock/README.md:1: ${REPOSITORY}/blob/main/packages/phoenix-mock/docs/api.md#nope (no heading with that anchor)`,
    ]);
  });

  it("the checks see a broken link and a wrong anchor", () => {
    expect(links("see [x](docs/a.md#b) and `[y](not-a-link)`")).toEqual([{ target: "docs/a.md#b", line: 1 }]);
    expect([...slugs("# Faults and capacity\n## mock.listen({ port = 0 })\n# Faults and capacity")]).toEqual(["faults-and-capacity", "mocklisten-port--0-", "faults-and-capacity-1"]);
  });
});
