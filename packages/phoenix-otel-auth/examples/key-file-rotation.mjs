// Turning auth on, and rotating the key, without losing a span. The app reads its key from a file (as a container
// secret is mounted: PHOENIX_API_KEY_FILE or `apiKeyFile`); a mock Phoenix plays the server:
//   1. Phoenix runs without auth; the key file does not exist yet; spans are accepted.
//   2. Phoenix is restarted with PHOENIX_ENABLE_AUTH=true: spans are rejected with 401 and held by register().
//   3. The admin logs in, changes the password, creates a system API key; it is written to the key file.
//   4. register() sees the file change and sends every held span once.
//   5. Rotation: a new key is written to the file, then the old one is deleted in Phoenix. Nothing is lost.
// The story goes to stdout; phoenix-otel-auth's own diagnostics go to stderr.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { trace } from "@opentelemetry/api";
import { register } from "phoenix-otel-auth";
import { PhoenixAdmin, createMockPhoenix } from "phoenix-mock";

const say = (line) => console.log(`rotation> ${line}`);
const dir = mkdtempSync(join(tmpdir(), "phoenix-key-"));
const keyFile = join(dir, "phoenix-api-key");
const phoenix = createMockPhoenix({});
const url = await phoenix.listen();

const provider = register({ url, apiKeyFile: keyFile, projectName: "rotation", batch: { scheduledDelayMillis: 100 } });
const tracer = trace.getTracer("rotation");
const sent = new Set();
const work = (name) => {
  const span = tracer.startSpan(name);
  sent.add(span.spanContext().spanId);
  span.end();
};
const until = async (check) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
};
const stored = () => phoenix.spans({ project: "rotation" });

say("1. Phoenix without auth");
work("before-auth");
await provider.forceFlush();
say(`   Phoenix stored ${stored().length} span(s)`);

say("2. Phoenix restarted with PHOENIX_ENABLE_AUTH=true");
phoenix.restart({ enableAuth: true, secret: `${randomBytes(24).toString("hex")}a1` });
for (const name of ["gap-1", "gap-2", "gap-3"]) work(name);
await provider.forceFlush();
say(`   held ${provider.phoenix.stats().held} span(s); Phoenix stored ${stored().length}`);

say("3. the admin logs in, changes the password, creates a system key; it is written to the key file");
const initial = phoenix.config.defaultAdminInitialPassword;
const admin = await PhoenixAdmin.login(url, "admin@localhost", initial);
await admin.changePassword({ currentPassword: initial, newPassword: `pw-${randomBytes(12).toString("hex")}` });
const first = await admin.createSystemApiKey({ name: "app key 1" });
writeFileSync(keyFile, `${first.key}\n`);
await until(() => stored().length === 4 && provider.phoenix.stats().held === 0);
say(`   Phoenix stored ${stored().length} span(s); redelivered ${provider.phoenix.stats().redelivered}`);

say("4. rotation: the new key into the file, then the old key deleted");
const second = await admin.createSystemApiKey({ name: "app key 2" });
writeFileSync(keyFile, second.key);
await new Promise((r) => setTimeout(r, 200)); // the file watcher picks it up
await admin.deleteSystemApiKey(first.id);
work("after-rotation");
await provider.forceFlush();

await provider.shutdown();
const ids = stored().map((s) => s.spanId);
const once = ids.length === sent.size && ids.every((id) => sent.has(id)) && new Set(ids).size === ids.length;
say(`5. ${ids.length} of ${sent.size} spans stored, each exactly once: ${once}`);
const { exported, held, redelivered, heldDropped } = provider.phoenix.stats();
say(`   exported=${exported} held=${held} redelivered=${redelivered} heldDropped=${heldDropped}`);
await phoenix.close();
rmSync(dir, { recursive: true, force: true });
