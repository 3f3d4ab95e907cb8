/** OTLP/HTTP ingest (POST /v1/traces): credentials, content type, encodings, bad bodies, project routing, read-back. */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase, RequestOptions } from "../harness.js";
import { deflate, exportRequest, gzip } from "../otlp.js";

const PROTOBUF = { "content-type": "application/x-protobuf" };

async function ingest(ctx: CaseContext, label: string, options: RequestOptions & { body?: Uint8Array | string }) {
  return ctx.req(label, "POST", "/v1/traces", { ...options, headers: { ...PROTOBUF, ...options.headers } });
}

async function spanBody(ctx: CaseContext, project: string, names = ["root"]) {
  const batch = await exportRequest({ names, project });
  ctx.generated(batch.traceId, "trace-id");
  batch.spanIds.forEach((id, i) => ctx.generated(id, `span-id-${i + 1}`));
  return batch;
}

const CREATE_SYSTEM_KEY = "mutation($input:CreateApiKeyInput!){createSystemApiKey(input:$input){jwt apiKey{id expiresAt}}}";
const DELETE_SYSTEM_KEY = "mutation($id:ID!){deleteSystemApiKey(input:{id:$id}){apiKeyId}}";

export const traceCases: ConformanceCase[] = [
  {
    id: "traces-accepted-credentials",
    title: "Admin secret, system key, member key, admin and member sessions → 200, empty application/x-protobuf body",
    covers: "§11.1, §15.6 #56, §15.11 #89",
    async run(ctx) {
      const { body } = await spanBody(ctx, ctx.unique("proj"));
      const member = await ctx.userWithSession("MEMBER");
      const admin = await ctx.userWithSession("ADMIN");
      const sys = await ctx.createSystemKey();
      const memberKey = await ctx.createUserKey(member.session);
      for (const [label, creds] of [
        ["admin-secret", ctx.admin],
        ["system-key", { bearer: sys.key }],
        ["member-key", { bearer: memberKey.key }],
        ["member-session-cookie", { cookies: { "phoenix-access-token": member.session.access } }],
        ["admin-session", { bearer: admin.session.access }],
      ] as const) {
        const res = await ingest(ctx, label, { ...creds, body });
        expect([res.status, res.text, res.headers.get("content-type")], label).toEqual([200, "", "application/x-protobuf"]);
      }
      const empty = await ingest(ctx, "empty-request", { ...ctx.admin, body: new Uint8Array() });
      expect(empty.status).toBe(200);
    },
  },
  {
    id: "traces-rejected-credentials",
    title: "No header, empty Bearer, garbage, a deleted key → 401 Invalid token with the challenge",
    covers: "§15.6 #55-#56",
    async run(ctx) {
      const { body } = await spanBody(ctx, ctx.unique("proj"));
      for (const [label, creds] of [
        ["no-header", {}],
        ["empty-bearer", { authorization: "Bearer " }],
        ["garbage", { bearer: "garbage" }],
      ] as const) {
        const res = await ingest(ctx, label, { ...creds, body });
        expect([res.status, res.text], label).toEqual([401, "Invalid token"]);
      }
      const sys = await ctx.createSystemKey();
      await ctx.send("DELETE", `/v1/system/api_keys/${sys.id}`, ctx.admin);
      expect((await ingest(ctx, "deleted-system-key", { bearer: sys.key, body })).status).toBe(401);
    },
  },
  {
    id: "traces-viewer-forbidden",
    title: "A viewer (session or key) → 403 Viewers cannot perform this action. — checked before the content type",
    covers: "§11.1, §15.7 #59",
    async run(ctx) {
      const { body } = await spanBody(ctx, ctx.unique("proj"));
      const viewer = await ctx.userWithSession("VIEWER");
      const key = await ctx.createUserKey(viewer.session);
      const session = await ingest(ctx, "viewer-session", { bearer: viewer.session.access, body });
      expect([session.status, session.text]).toEqual([403, "Viewers cannot perform this action."]);
      expect((await ingest(ctx, "viewer-key", { bearer: key.key, body })).status).toBe(403);
      expect((await ctx.req("viewer-key-json", "POST", "/v1/traces", { bearer: key.key, headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(403);
      expect((await ctx.req("bad-token-json", "POST", "/v1/traces", { bearer: "garbage", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(401);
    },
  },
  {
    id: "traces-content-type",
    title: "Content-Type must be exactly application/x-protobuf → otherwise 415 Unsupported content type: <value>",
    covers: "§11.1, §15.7 #59",
    async run(ctx) {
      const { body } = await spanBody(ctx, ctx.unique("proj"));
      const none = await ctx.req("none", "POST", "/v1/traces", ctx.admin);
      expect([none.status, none.text]).toEqual([415, "Unsupported content type: None"]);
      const json = await ctx.req("json", "POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/json" }, body: "{}" });
      expect([json.status, json.text]).toEqual([415, "Unsupported content type: application/json"]);
      const charset = await ctx.req("with-parameter", "POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf; charset=utf-8" }, body });
      expect(charset.status).toBe(415);
      const upper = await ctx.req("upper-case", "POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "Application/X-Protobuf" }, body });
      expect([upper.status, upper.text]).toEqual([415, "Unsupported content type: Application/X-Protobuf"]);
    },
  },
  {
    id: "traces-content-encoding",
    title: "Content-Encoding gzip and deflate are read; any other → 415 Unsupported content encoding: <value>",
    covers: "§11.1",
    async run(ctx) {
      const project = ctx.unique("proj");
      const { body } = await spanBody(ctx, project);
      expect((await ingest(ctx, "gzip", { ...ctx.admin, headers: { "content-encoding": "gzip" }, body: gzip(body) })).status).toBe(200);
      const { body: body2 } = await spanBody(ctx, project);
      expect((await ingest(ctx, "deflate", { ...ctx.admin, headers: { "content-encoding": "deflate" }, body: deflate(body2) })).status).toBe(200);
      const br = await ingest(ctx, "br", { ...ctx.admin, headers: { "content-encoding": "br" }, body });
      expect([br.status, br.text]).toEqual([415, "Unsupported content encoding: br"]);
      expect((await ingest(ctx, "identity", { ...ctx.admin, headers: { "content-encoding": "identity" }, body })).status).toBe(415);
      await ctx.waitForSpans(project, 2);
    },
  },
  {
    id: "traces-bad-protobuf",
    title: "A body that is not an ExportTraceServiceRequest → 422 Request body is invalid ExportTraceServiceRequest",
    covers: "§11.1",
    async run(ctx) {
      const res = await ingest(ctx, "garbage-bytes", { ...ctx.admin, body: new Uint8Array([0xff, 0xff, 0xff]) });
      expect([res.status, res.text]).toEqual([422, "Request body is invalid ExportTraceServiceRequest"]);
      const gz = await ingest(ctx, "gzip-of-garbage", { ...ctx.admin, headers: { "content-encoding": "gzip" }, body: gzip(new Uint8Array([0xff, 0xff, 0xff])) });
      expect(gz.status).toBe(422);
    },
  },
  {
    id: "traces-project-routing",
    title: "x-project-name wins over the resource attribute; the attribute wins over default; spans read back per project",
    covers: "§11.1, §15.11 #90",
    async run(ctx) {
      const headerProject = ctx.unique("hdrproj");
      const resourceProject = ctx.unique("resproj");
      const a = await spanBody(ctx, resourceProject, ["from-resource"]);
      const b = await exportRequest({ names: ["from-header"], project: resourceProject });
      ctx.generated(b.traceId, "trace-id-header");
      b.spanIds.forEach((id) => ctx.generated(id, "span-id-header"));
      expect((await ingest(ctx, "resource-attribute", { ...ctx.admin, body: a.body })).status).toBe(200);
      expect((await ingest(ctx, "header", { ...ctx.admin, headers: { "x-project-name": headerProject }, body: b.body })).status).toBe(200);
      await ctx.waitForSpans(headerProject, 1);
      await ctx.waitForSpans(resourceProject, 1);
      const fromHeader = await ctx.req("header-project-spans", "GET", `/v1/projects/${headerProject}/spans`, ctx.admin);
      expect(fromHeader.json().data.map((s: any) => s.name)).toEqual(["from-header"]);
      const fromResource = await ctx.req("resource-project-spans", "GET", `/v1/projects/${resourceProject}/spans`, ctx.admin);
      expect(fromResource.json().data.map((s: any) => s.name)).toEqual(["from-resource"]);
      const c = await exportRequest({ names: [ctx.unique("defaultspan")] });
      expect((await ingest(ctx, "no-project", { ...ctx.admin, body: c.body })).status).toBe(200);
      const deadline = Date.now() + 15_000;
      let found = false;
      while (!found && Date.now() < deadline) {
        const spans = (await ctx.send("GET", "/v1/projects/default/spans?limit=1000", ctx.admin)).json().data as Array<{ context: { trace_id: string } }>;
        found = spans.some((s) => s.context.trace_id === c.traceId);
        if (!found) await new Promise((r) => setTimeout(r, 250));
      }
      ctx.note("no-project span landed in default", found);
      expect(found).toBe(true);
    },
  },
  {
    id: "spans-hostile-attribute-keys",
    title: "Attribute keys named __proto__, constructor, toString, hasOwnProperty are stored and read back like any other",
    covers: "spans read-back (issue: the read-back never fails on what ingest accepted)",
    async run(ctx) {
      const project = ctx.unique("hostile");
      const batch = await exportRequest({
        names: ["hostile"],
        project,
        rootAttributes: {
          ["__proto__"]: ["q", "r"],
          constructor: "c",
          toString: 3,
          hasOwnProperty: true,
          // An array of mixed kinds holding a map with a `toString` key (it crashed the mock's OTLP JSON read-back).
          mixed: { raw: { array_value: { values: [{ string_value: "s" }, { kvlist_value: { values: [{ key: "toString", value: { string_value: "x" } }] } }, { bool_value: true }, { int_value: 5 }, { double_value: 1.5 }] } } },
        },
        rootEvent: { name: "e", attributes: { ["__proto__"]: "v" } },
      });
      ctx.generated(batch.traceId, "trace-id");
      batch.spanIds.forEach((id, i) => ctx.generated(id, `span-id-${i + 1}`));
      expect((await ingest(ctx, "ingest", { ...ctx.admin, body: batch.body })).status).toBe(200);
      await ctx.waitForSpans(project, 1);
      const spans = await ctx.send("GET", `/v1/projects/${project}/spans`, ctx.admin);
      expect(spans.status).toBe(200);
      const [span] = spans.json().data as Array<{ attributes: Record<string, unknown>; events: Array<{ attributes: Record<string, unknown> }> }>;
      // Sorted: Phoenix rebuilds attributes from a nested dict, and its order is not the point here.
      ctx.note("span attributes", Object.entries(span!.attributes).sort(([a], [b]) => (a < b ? -1 : 1)));
      ctx.note("event attributes", Object.entries(span!.events[0]!.attributes));
      const otlp = await ctx.send("GET", `/v1/projects/${project}/spans/otlpv1`, ctx.admin);
      expect(otlp.status).toBe(200);
      const otlpAttributes = otlp.json().data[0].attributes as Array<{ key: string; value: unknown }>;
      ctx.note("otlpv1 attribute keys", otlpAttributes.map((a) => a.key).sort());
      ctx.note("otlpv1 mixed array", otlpAttributes.find((a) => a.key === "mixed")?.value);
      expect(Object.keys(span!.attributes)).toContain("__proto__");
    },
  },
  {
    id: "spans-read-back",
    title: "GET /v1/projects/{name}/spans and /spans/otlpv1 return the ingested spans; unknown project → 404",
    covers: "spans read-back",
    async run(ctx) {
      const project = ctx.unique("proj");
      const batch = await spanBody(ctx, project, ["parent", "child"]);
      expect((await ingest(ctx, "ingest", { ...ctx.admin, body: batch.body })).status).toBe(200);
      await ctx.waitForSpans(project, 2);
      const spans = await ctx.req("spans", "GET", `/v1/projects/${project}/spans`, ctx.admin);
      const data = spans.json().data as any[];
      expect(data.map((s) => s.name).sort()).toEqual(["child", "parent"]);
      expect(data.every((s) => s.context.trace_id === batch.traceId)).toBe(true);
      const child = data.find((s) => s.name === "child");
      const parent = data.find((s) => s.name === "parent");
      expect(child.parent_id).toBe(parent.context.span_id);
      const otlp = await ctx.req("otlpv1", "GET", `/v1/projects/${project}/spans/otlpv1`, ctx.admin);
      expect(otlp.json().data.map((s: any) => s.name).sort()).toEqual(["child", "parent"]);
      // Real Phoenix's attribute order here varies from run to run (it rebuilds them from a nested dict): compare sorted.
      for (const span of (ctx.observation.steps.at(-1)?.body as { data: Array<{ attributes: Array<{ key: string }> }> }).data) {
        span.attributes.sort((a, b) => a.key.localeCompare(b.key));
      }
      const page = await ctx.req("limit-1", "GET", `/v1/projects/${project}/spans?limit=1`, ctx.admin);
      expect(page.json().data).toHaveLength(1);
      expect(typeof page.json().next_cursor).toBe("string");
      const project404 = ctx.unique("noproj");
      const missing = await ctx.req("unknown-project", "GET", `/v1/projects/${project404}/spans`, ctx.admin);
      expect([missing.status, missing.text]).toEqual([404, `Project with name ${project404} not found`]);
      const byViewer = await ctx.userWithSession("VIEWER");
      expect((await ctx.req("viewer-reads", "GET", `/v1/projects/${project}/spans`, { bearer: byViewer.session.access })).status).toBe(200);
      expect((await ctx.req("no-credentials", "GET", `/v1/projects/${project}/spans`)).status).toBe(401);
    },
  },
  {
    id: "spans-duplicate-ignored",
    title: "The same span (trace and span id) sent twice is stored once",
    covers: "spans read-back",
    async run(ctx) {
      const project = ctx.unique("proj");
      const batch = await spanBody(ctx, project, ["once"]);
      const other = await spanBody(ctx, project, ["marker"]);
      expect((await ingest(ctx, "first", { ...ctx.admin, body: batch.body })).status).toBe(200);
      expect((await ingest(ctx, "duplicate", { ...ctx.admin, body: batch.body })).status).toBe(200);
      expect((await ingest(ctx, "marker", { ...ctx.admin, body: other.body })).status).toBe(200);
      await ctx.waitForSpans(project, 2);
      // Spans are written in the background: give a stray duplicate the same time the marker needed.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const spans = await ctx.req("spans", "GET", `/v1/projects/${project}/spans`, ctx.admin);
      expect(spans.json().data.map((s: any) => s.name).sort()).toEqual(["marker", "once"]);
    },
  },
  {
    id: "projects-read",
    title: "GET /v1/projects/{name} and the project list include an ingested project",
    covers: "spans read-back",
    async run(ctx) {
      const project = ctx.unique("proj");
      const batch = await spanBody(ctx, project);
      await ingest(ctx, "ingest", { ...ctx.admin, body: batch.body });
      await ctx.waitForSpans(project, 1);
      const one = await ctx.req("project", "GET", `/v1/projects/${project}`, ctx.admin);
      expect(one.json().data).toMatchObject({ name: project, description: null });
      const list = (await ctx.send("GET", "/v1/projects?limit=1000", ctx.admin)).json();
      expect(list.data.some((p: any) => p.name === project)).toBe(true);
      expect(list.data.some((p: any) => p.name === "default" && p.id === "UHJvamVjdDox" && p.description === "Default project")).toBe(true);
    },
  },
  {
    id: "span-export-system-key-graphql",
    title: "System key from GraphQL (expiring tomorrow, or never): export succeeds twice; after deleteSystemApiKey → 401 (at once, or after the token cache's next reload when one raced the delete)",
    covers: "§15.6 #52-#53",
    async run(ctx) {
      const { body } = await spanBody(ctx, ctx.unique("proj"));
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      for (const [label, expiresAt] of [["tomorrow", tomorrow], ["no-expiry", undefined]] as const) {
        const created = await ctx.gql(`${label}-create`, CREATE_SYSTEM_KEY, { input: { name: label, ...(expiresAt ? { expiresAt } : {}) } }, ctx.admin);
        const { jwt, apiKey } = created.json().data.createSystemApiKey;
        expect((await ingest(ctx, `${label}-export-1`, { bearer: jwt, body })).status).toBe(200);
        expect((await ingest(ctx, `${label}-export-2`, { bearer: jwt, body })).status).toBe(200);
        await ctx.gql(`${label}-delete`, DELETE_SYSTEM_KEY, { id: apiKey.id }, ctx.admin);
        // Phoenix evicts the key at once, but a token-cache reload (every 10 s) that read the rows just before the
        // delete can put it back until the next reload (seen once in CI: 200 right after the delete). So the exports
        // after the delete are not recorded one by one (their number depends on that race); the case notes how it
        // ended: 401 at once, or within one reload period.
        let answer = { status: 0, text: "", challenge: null as string | null };
        for (const started = Date.now(); answer.status !== 401 && Date.now() - started < 12_000; ) {
          if (answer.status) await new Promise((resolve) => setTimeout(resolve, 500));
          const res = await ctx.send("POST", "/v1/traces", { bearer: jwt, body, headers: PROTOBUF });
          answer = { status: res.status, text: res.text, challenge: res.headers.get("www-authenticate")?.replaceAll(ctx.target.baseUrl, "<origin>") ?? null };
        }
        ctx.note(`${label}: export after the delete, within one cache reload`, answer);
        expect(answer.status).toBe(401);
      }
    },
  },
  {
    id: "span-export-expired-key",
    title: "A system key created with a past expiresAt is created, but export with it → 401",
    covers: "§15.6 #54",
    async run(ctx) {
      const { body } = await spanBody(ctx, ctx.unique("proj"));
      const created = await ctx.gql("create", CREATE_SYSTEM_KEY, { input: { name: "expired", expiresAt: "2020-01-01T00:00:00+00:00" } }, ctx.admin);
      const { jwt, apiKey } = created.json().data.createSystemApiKey;
      // Phoenix says "Expired token" until its 10-second cache sweep, then "Invalid token": record the status only.
      const res = await ctx.send("POST", "/v1/traces", { bearer: jwt, headers: PROTOBUF, body });
      ctx.note("export with expired key: status", res.status);
      expect(res.status).toBe(401);
      expect(["Expired token", "Invalid token"]).toContain(res.text);
      await ctx.send("POST", "/graphql", { ...ctx.admin, json: { query: DELETE_SYSTEM_KEY, variables: { id: apiKey.id } } });
    },
  },
];
