/**
 * phoenix-mock's own client, PhoenixAdmin, against the target: paging through a project's spans with `limit` and the
 * `nextCursor` each page returns, as a test that uses the client would. Run against the real Phoenix in CI, and
 * against the mock compared with the answer recorded from it: the cursor is whatever Phoenix returns, never a shape
 * of the mock's choosing.
 */
import { PhoenixAdmin } from "../../admin/index.js";
import { expect } from "../expect.js";
import type { ConformanceCase } from "../harness.js";
import { exportRequest } from "../otlp.js";

export const adminClientCases: ConformanceCase[] = [
  {
    id: "admin-client-span-paging",
    title: "PhoenixAdmin.listSpans pages through 5 spans with limit 2: pages of 2, 2, 1, each span once, the last cursor null",
    covers: "§12 (GET /v1/projects/{id}/spans cursor), PhoenixAdmin",
    async run(ctx) {
      const { target } = ctx;
      const project = ctx.unique("paging");
      const names = ["s1", "s2", "s3", "s4", "s5"];
      const { body } = await exportRequest({ names, project });
      const sent = await target.fetch(`${target.baseUrl}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", authorization: `Bearer ${target.adminSecret}` },
        body,
      });
      expect(sent.status).toBe(200);
      const admin = new PhoenixAdmin({ baseUrl: target.baseUrl, token: target.adminSecret, fetch: target.fetch });
      // Phoenix stores spans from a queue: wait until all five can be read.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const all = await admin.listSpans({ project, limit: 100 }).catch(() => undefined);
        if (all?.spans.length === names.length || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const pages: string[][] = [];
      const cursors: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await admin.listSpans({ project, limit: 2, ...(cursor === undefined ? {} : { cursor }) });
        pages.push(page.spans.map((span) => span.name));
        cursor = page.nextCursor ?? undefined;
        // What the client is handed: its kind, not its value (row ids differ from run to run).
        cursors.push(page.nextCursor === null ? "null" : /^[A-Za-z0-9+/=_-]+$/.test(page.nextCursor) ? "base64-like string" : "other string");
      } while (cursor !== undefined && pages.length < 10);
      ctx.note("page sizes", pages.map((page) => page.length));
      ctx.note("cursors", cursors);
      ctx.note("spans, each page's sorted", pages.map((page) => [...page].sort()));
      expect(pages.flat().sort()).toEqual(names);
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    },
  },
];
