/**
 * Timestamp precision and zones: what a client sends (API-key expiries over GraphQL and REST) comes back with
 * microseconds, a 7–9 digit fraction cut to six, `Z` as `+00:00`; REST's create echo keeps the sent offset, everything
 * read from the database is UTC. Span times read back with Phoenix's microseconds. The exact strings are notes
 * (the observation's time normalisation would hide them).
 */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { exportRequest } from "../otlp.js";

const CREATE_SYSTEM_KEY = "mutation($input:CreateApiKeyInput!){createSystemApiKey(input:$input){apiKey{id name expiresAt}}}";
const CREATE_USER_KEY = "mutation($input:CreateUserApiKeyInput!){createUserApiKey(input:$input){apiKey{id name expiresAt}}}";

/** Sent → (GraphQL) no naive values: Phoenix reads those in the server's local time zone. */
const AWARE_EXPIRIES = [
  "2030-01-02T03:04:05.123456+00:00",
  "2030-01-02T03:04:05.1234567Z",
  "2030-01-02T03:04:05.123456789-08:00",
  "2030-01-02T03:04:05.000000+05:30",
  "2030-01-02T03:04:05.000001+0100",
  "2030-01-02T03:04:05,5Z",
];
/** REST also takes naive values (its validator makes them UTC), dates and Unix seconds. */
const REST_EXPIRIES: unknown[] = [...AWARE_EXPIRIES, "2030-01-02T03:04:05.25", "2030-01-02 03:04", "2030-01-02", 1893553445.5];

async function deleteSystemKeys(ctx: CaseContext, ids: string[]): Promise<void> {
  for (const id of ids) await ctx.send("DELETE", `/v1/system/api_keys/${id}`, ctx.admin).catch(() => undefined);
}

export const timestampCases: ConformanceCase[] = [
  {
    id: "timestamps-graphql-key-expiry",
    title: "createSystemApiKey/createUserApiKey echo expiresAt with microseconds (7–9 digits cut to 6, offsets as UTC), and list it so",
    covers: "issue 13 §4",
    async run(ctx) {
      const created: string[] = [];
      const names = new Map<string, string>();
      for (const [i, expiresAt] of AWARE_EXPIRIES.entries()) {
        const name = ctx.unique("tskey");
        names.set(name, expiresAt);
        const res = await ctx.gql(`system-${i}`, CREATE_SYSTEM_KEY, { input: { name, expiresAt } }, ctx.admin);
        const apiKey = res.json().data?.createSystemApiKey?.apiKey;
        if (apiKey) created.push(apiKey.id);
        ctx.note(`system ${expiresAt} → echo`, apiKey?.expiresAt ?? res.json().errors);
      }
      // The example, written inline in the query (a literal, not a variable).
      const literal = ctx.unique("tskey");
      const inline = await ctx.gql("system-literal", `mutation{createSystemApiKey(input:{name:"${literal}",expiresAt:"2030-01-02T03:04:05.123456+00:00"}){apiKey{id expiresAt}}}`, {}, ctx.admin);
      const inlineKey = inline.json().data?.createSystemApiKey?.apiKey;
      if (inlineKey) created.push(inlineKey.id);
      ctx.note("system literal → echo", inlineKey?.expiresAt ?? inline.json().errors);
      expect(inlineKey?.expiresAt).toBe("2030-01-02T03:04:05.123456+00:00");

      const list = await ctx.send("POST", "/graphql", { ...ctx.admin, json: { query: "{systemApiKeys{name createdAt expiresAt}}" } });
      for (const key of list.json().data.systemApiKeys as { name: string; createdAt: string; expiresAt: string }[]) {
        if (names.has(key.name)) ctx.note(`system ${names.get(key.name)} → listed`, key.expiresAt);
        if (names.has(key.name)) ctx.note(`system ${names.get(key.name)} → createdAt shape`, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/.test(key.createdAt));
      }

      const { session } = await ctx.userWithSession("MEMBER");
      const mine = await ctx.gql("user-key", CREATE_USER_KEY, { input: { name: "mine", expiresAt: "2030-06-07T08:09:10.654321+02:00" } }, { cookies: session.cookies });
      ctx.note("user +02:00 → echo", mine.json().data?.createUserApiKey?.apiKey?.expiresAt ?? mine.json().errors);
      const viewer = await ctx.send("POST", "/graphql", { cookies: session.cookies, json: { query: "{viewer{apiKeys{expiresAt}}}" } });
      ctx.note("user +02:00 → listed", viewer.json().data?.viewer?.apiKeys?.map((k: { expiresAt: string }) => k.expiresAt));
      await deleteSystemKeys(ctx, created);
      expect(ctx.observation.notes["system 2030-01-02T03:04:05.1234567Z → echo"]).toBe("2030-01-02T03:04:05.123456+00:00");
    },
  },
  {
    id: "timestamps-rest-key-expiry",
    title: "POST /v1/system/api_keys and /v1/user/api_keys echo expires_at with the sent offset and microseconds; GET lists them in UTC",
    covers: "issue 13 §4",
    async run(ctx) {
      const created: string[] = [];
      const names = new Map<string, unknown>();
      for (const [i, expires_at] of REST_EXPIRIES.entries()) {
        const name = ctx.unique("tskey");
        names.set(name, expires_at);
        const res = await ctx.req(`system-${i}`, "POST", "/v1/system/api_keys", { ...ctx.admin, json: { data: { name, expires_at } } });
        const data = res.json().data;
        if (data) created.push(data.id);
        ctx.note(`system ${String(expires_at)} → echo`, data?.expires_at ?? res.json().detail);
      }
      const list = await ctx.send("GET", "/v1/system/api_keys", ctx.admin);
      for (const key of list.json().data as { name: string; expires_at: string }[]) {
        if (names.has(key.name)) ctx.note(`system ${String(names.get(key.name))} → listed`, key.expires_at);
      }

      const { session } = await ctx.userWithSession("MEMBER");
      const auth = { bearer: session.access };
      const mine = await ctx.req("user-key", "POST", "/v1/user/api_keys", { ...auth, json: { data: { name: "mine", expires_at: "2030-06-07T08:09:10.654321+02:00" } } });
      ctx.note("user +02:00 → echo", mine.json().data?.expires_at);
      const listed = await ctx.send("GET", "/v1/user/api_keys", auth);
      ctx.note("user +02:00 → listed", listed.json().data.map((k: { expires_at: string }) => k.expires_at));
      await deleteSystemKeys(ctx, created);
      expect(ctx.observation.notes["user +02:00 → echo"]).toBe("2030-06-07T08:09:10.654321+02:00");
    },
  },
  {
    id: "timestamps-span-readback",
    title: "Span times (OTLP nanoseconds) read back over REST with Phoenix's microseconds",
    covers: "issue 13 §4",
    async run(ctx) {
      const project = ctx.unique("proj");
      // Fixed times (2026-01-01T00:00:00Z + 0.000123 s, + 0.001234 s, …), so the notes are the same on every run.
      const batch = await exportRequest({ names: ["root", "child"], project, startSeconds: 1_767_225_600 });
      ctx.generated(batch.traceId, "trace-id");
      batch.spanIds.forEach((id, i) => ctx.generated(id, `span-id-${i + 1}`));
      const sent = await ctx.send("POST", "/v1/traces", { ...ctx.admin, headers: { "content-type": "application/x-protobuf" }, body: batch.body });
      expect(sent.status).toBe(200);
      const spans = await ctx.waitForSpans(project, 2);
      for (const span of [...spans].sort((a, b) => String(a.name).localeCompare(String(b.name)))) {
        ctx.note(`${span.name} start_time`, span.start_time);
        ctx.note(`${span.name} end_time`, span.end_time);
      }
    },
  },
];
