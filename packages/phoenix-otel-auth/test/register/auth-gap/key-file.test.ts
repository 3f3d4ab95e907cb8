import { mkdtempSync, rmSync, writeFileSync, renameSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KeyFile } from "../../../src/register/auth-gap/key-file.js";
import { Diagnostics } from "../../../src/register/report/logger.js";
import { freshKey, recordingLogger } from "../helpers/util.js";

const dirs: string[] = [];
const files: KeyFile[] = [];
afterEach(() => {
  for (const f of files.splice(0)) f.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(path?: (dir: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), "authgap-keyfile-"));
  dirs.push(dir);
  const logger = recordingLogger();
  let changes = 0;
  const file = new KeyFile((path ?? ((d) => join(d, "phoenix-key")))(dir), "PHOENIX_API_KEY_FILE", new Diagnostics(logger), () => void changes++);
  files.push(file);
  return { dir, file, logger, changes: () => changes };
}

const until = async (check: () => boolean, ms = 4000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("KeyFile", () => {
  it("a missing file is reported once, naming the variable and the path; it is read when it appears (watched directory)", async () => {
    const { dir, file, logger, changes } = setup();
    file.read();
    expect(file.content).toBeUndefined();
    expect(logger.lines).toEqual([
      `[phoenix-otel-auth] PHOENIX_API_KEY_FILE: cannot read the API key file ${join(dir, "phoenix-key")} (it does not exist); ` +
        "exporting without a key until it can be read. The file is re-read when it changes.",
    ]);
    file.start();
    expect(file.watching).toBe(true);
    const key = freshKey();
    writeFileSync(join(dir, "phoenix-key"), `  ${key}\n`);
    await until(() => file.content === key);
    expect(changes()).toBe(1);
    // Replaced the way secret mounts do it: write elsewhere, rename over.
    const next = freshKey();
    writeFileSync(join(dir, "tmp"), next);
    renameSync(join(dir, "tmp"), join(dir, "phoenix-key"));
    await until(() => file.content === next);
    expect(logger.text()).not.toContain(key);
    expect(logger.text()).not.toContain(next);
    expect(logger.lines).toHaveLength(1);
  });

  it("falls back to polling once a second when the directory cannot be watched (it does not exist yet)", () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const { dir, file } = setup((d) => join(d, "later", "key"));
      file.start();
      expect(file.watching).toBe(false);
      const key = freshKey();
      mkdirSync(join(dir, "later"));
      writeFileSync(join(dir, "later", "key"), key);
      vi.advanceTimersByTime(999);
      expect(file.content).toBeUndefined();
      vi.advanceTimersByTime(1);
      expect(file.content).toBe(key);
    } finally {
      vi.useRealTimers();
    }
  });

  it("re-reads after a rejection at most once a second; stop() ends watching", async () => {
    const { dir, file, changes } = setup();
    writeFileSync(join(dir, "phoenix-key"), freshKey());
    file.read();
    const base = changes();
    writeFileSync(join(dir, "phoenix-key"), freshKey());
    file.reread(); // within a second of the last read: skipped
    expect(changes()).toBe(base);
    file.stop();
    expect(file.watching).toBeUndefined();
  });
});
