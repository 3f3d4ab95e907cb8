// The auth scenario a user walks through on a fresh Phoenix with auth on: an export without a key is rejected, the
// bootstrap admin logs in, changes the password, creates a system key, the export with the key is accepted and the
// span is read back. Each step is checked; returns the elapsed milliseconds.
import { randomBytes } from "node:crypto";
import { PhoenixAdmin } from "phoenix-mock";
import { bodyFactory } from "./common.mjs";

let serial = 2_000_000;

/** `fetchImpl`: global fetch (a socket) or a function over mock.handle (in process). */
export async function authScenario(baseUrl, fetchImpl, password) {
  const newPassword = `Bench-${randomBytes(12).toString("hex")}`;
  const project = `scenario-${randomBytes(4).toString("hex")}`;
  const bytes = bodyFactory(project, (serial += 1), 1)(); // a fresh project per run: real Phoenix keeps them all
  const start = performance.now();
  const post = (headers) =>
    fetchImpl(`${baseUrl}/v1/traces`, { method: "POST", headers: { "content-type": "application/x-protobuf", ...headers }, body: bytes });
  const rejected = await post({});
  await rejected.arrayBuffer();
  if (rejected.status !== 401) throw new Error(`scenario: export without a key answered ${rejected.status}, expected 401`);
  const admin = await PhoenixAdmin.login(baseUrl, "admin@localhost", password, { fetch: fetchImpl });
  await admin.changePassword({ currentPassword: password, newPassword });
  const { key } = await admin.createSystemApiKey({ name: project });
  const accepted = await post({ authorization: `Bearer ${key}` });
  await accepted.arrayBuffer();
  if (accepted.status !== 200) throw new Error(`scenario: export with the system key answered ${accepted.status}`);
  for (;;) {
    const page = await admin.listSpans({ project, limit: 1 }).catch(() => undefined);
    if (page?.spans.length) break;
    if (performance.now() - start > 60_000) throw new Error("scenario: the span was not readable within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { ms: performance.now() - start, password: newPassword };
}
