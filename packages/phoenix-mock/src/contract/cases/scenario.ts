/**
 * The setup Phoenix's authentication docs describe, end to end: an app's OTLP exports against a Phoenix with auth on
 * and no key are rejected, the admin logs in, sets a new password and creates a system key (PhoenixAdmin), the app's
 * exports with that key are accepted and read back, and deleting the key stops ingestion again. (What register() says
 * and holds along the way is phoenix-otel-auth's own end-to-end test, test/register/auth-gap/auth-gap.test.ts.)
 */
import { expect } from "../expect.js";
import { PhoenixAdmin } from "../../admin/index.js";
import { exportRequest } from "../otlp.js";
import { generatePassword } from "../secrets.js";
import type { ConformanceCase } from "../harness.js";

export const scenarioCases: ConformanceCase[] = [
  {
    id: "scenario-auth-docs",
    title: "Auth docs scenario: no key → rejected; admin sets password, creates system key → accepted and read back; key deleted → rejected",
    covers: "issue 4 scenario",
    async run(ctx) {
      const { target } = ctx;
      const project = ctx.unique("scenario");
      let apiKey: string | undefined;
      // An app's exports, counted as an OTLP client sees them: accepted (2xx) or rejected, with the last refusal's status.
      const counts = { exported: 0, rejected: 0, lastStatus: undefined as number | undefined };
      const emit = async (name: string) => {
        const { body } = await exportRequest({ names: [name], project });
        const headers: Record<string, string> = { "content-type": "application/x-protobuf", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
        const response = await target.fetch(`${target.baseUrl}/v1/traces`, { method: "POST", headers, body });
        await response.arrayBuffer();
        if (response.ok) counts.exported++;
        else [counts.rejected, counts.lastStatus] = [counts.rejected + 1, response.status];
      };
      const newPassword = generatePassword("pw-");
      let admin: PhoenixAdmin | undefined;
      let passwordChanged = false;
      try {
        // 1. Auth on, the app has no key: the span is rejected and the app says so once.
        await emit("before-key-1");
        await emit("before-key-2");
        // Notes hold what Phoenix decided (counts, statuses).
        ctx.note("1 stats", { exported: counts.exported, rejected: counts.rejected, status: counts.lastStatus });
        expect(counts.exported).toBe(0);
        expect(counts.rejected).toBe(2);
        expect(counts.lastStatus).toBe(401);

        // 2. The admin logs in with the bootstrap password, sets a new one, creates a system key.
        admin = await PhoenixAdmin.login(target.baseUrl, "admin@localhost", target.adminPassword, { fetch: target.fetch });
        await admin.changePassword({ currentPassword: target.adminPassword, newPassword });
        passwordChanged = true;
        const key = await admin.createSystemApiKey({ name: ctx.unique("appkey") });

        // 3. The app gets the key: spans are accepted and can be read back.
        apiKey = key.key;
        await emit("with-key");
        ctx.note("3 stats", { exported: counts.exported, rejected: counts.rejected });
        expect(counts.exported).toBe(1);
        const deadline = Date.now() + 15_000;
        let names: string[] = [];
        while (Date.now() < deadline) {
          try {
            names = (await admin.listSpans({ project })).spans.map((span) => span.name);
          } catch {
            names = []; // the project appears with its first span
          }
          if (names.length > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        ctx.note("3 spans read back", names);
        expect(names).toEqual(["with-key"]);

        // 4. The key is deleted: spans are rejected again.
        await admin.deleteSystemApiKey(key.id);
        await emit("after-delete");
        ctx.note("4 stats", { exported: counts.exported, rejected: counts.rejected, status: counts.lastStatus });
        expect(counts.rejected).toBe(3);
        expect(counts.lastStatus).toBe(401);
      } finally {
        // Leave the server as we found it: the bootstrap password back (the flag it cleared stays cleared).
        if (admin && passwordChanged) await admin.changePassword({ currentPassword: newPassword, newPassword: target.adminPassword });
      }
    },
  },
];
