import { existsSync, readFileSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./helpers/paths.js";

// Every relative link in the repository's Markdown resolves: the file exists, and an anchor (#…) names a heading of
// that file as GitHub and npm slug it. Absolute links (https:, mailto:) are not fetched (npm test needs no network).
const files = execFileSync("git", ["ls-files", "*.md"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\n").filter(Boolean);

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

describe("Markdown links", () => {
  it("finds the files and their links", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((f) => links(readFileSync(join(REPO_ROOT, f), "utf8"))).length).toBeGreaterThan(20);
  });

  it.each(files)("%s: every relative link and anchor resolves", (file) => {
    const markdown = readFileSync(join(REPO_ROOT, file), "utf8");
    const broken: string[] = [];
    for (const { target, line } of links(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [path = "", anchor] = target.split("#");
      const resolved = path ? join(dirname(join(REPO_ROOT, file)), decodeURIComponent(path)) : join(REPO_ROOT, file);
      if (!existsSync(resolved)) {
        broken.push(`${file}:${line}: ${target} (no ${relative(REPO_ROOT, resolved)})`);
        continue;
      }
      if (anchor && statSync(resolved).isFile() && resolved.endsWith(".md") && !slugs(readFileSync(resolved, "utf8")).has(anchor)) {
        broken.push(`${file}:${line}: ${target} (no heading with that anchor)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("the checks see a broken link and a wrong anchor", () => {
    expect(links("see [x](docs/a.md#b) and `[y](not-a-link)`")).toEqual([{ target: "docs/a.md#b", line: 1 }]);
    expect([...slugs("# Faults and capacity\n## mock.listen({ port = 0 })\n# Faults and capacity")]).toEqual(["faults-and-capacity", "mocklisten-port--0-", "faults-and-capacity-1"]);
  });
});
