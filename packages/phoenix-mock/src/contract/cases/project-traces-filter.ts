/**
 * GET /v1/projects/{project_identifier}/traces with `session_identifier` (session ids and ProjectSession GlobalIDs, as
 * the Python client's `get_traces(session_id=...)` and `@arizeai/phoenix-client`'s `getTraces({ sessionId })` send
 * them) and `filter` expressions over the trace's id, latency and per-trace aggregates; Phoenix's 400s for the
 * expressions it rejects and where they fall among the other refusals.
 */
import { randomBytes } from "node:crypto";
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { list, trace } from "./project-traces.js";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

const SESSION_OF_SPAN = "query ($s: String!) { getSpanByOtelId(spanId: $s) { trace { session { id sessionId } } } }";

export const projectTraceFilterCases: ConformanceCase[] = [
  {
    id: "project-traces-session-and-filter",
    title: "GET /v1/projects/{id}/traces: session_identifier (session ids, ProjectSession GlobalIDs) and filter expressions; their 400s and order",
    covers: "traces list",
    async run(ctx) {
      const project = ctx.unique("tfproj");
      const s1 = ctx.generated(`sess-${hex(6)}`, "session");
      const s2 = ctx.generated(`sess-${hex(6)}`, "session");
      const spans = [
        ...trace(ctx, "a", [
          { name: "a-root", start: "2024-07-01T10:00:00Z", end: "2024-07-01T10:00:02Z", attributes: { "session.id": s1 } },
          { name: "a-llm", kind: "LLM", parent: "a-root", start: "2024-07-01T10:00:00.5Z", end: "2024-07-01T10:00:01Z", attributes: { "llm.token_count.prompt": 10, "llm.token_count.completion": 5 } },
        ]),
        ...trace(ctx, "b", [{ name: "b-root", start: "2024-07-01T10:01:00Z", end: "2024-07-01T10:01:00.5Z", status: "ERROR", attributes: { session: { id: ` ${s1} ` } } }]),
        ...trace(ctx, "c", [
          { name: "c-root", kind: "TOOL", start: "2024-07-01T10:02:00Z", end: "2024-07-01T10:02:01Z" },
          { name: "c-llm", kind: "LLM", parent: "c-root", start: "2024-07-01T10:02:00.1Z", end: "2024-07-01T10:02:00.2Z", status: "ERROR", attributes: { "session.id": s2, "llm.token_count.prompt": 1 } },
        ]),
        ...trace(ctx, "d", [{ name: "d-root", kind: "LLM", start: "2024-07-01T10:03:00Z", end: "2024-07-01T10:03:01.25Z", attributes: { "llm.token_count.prompt": 3 } }], "abcdef01"),
      ];
      const logged = await ctx.send("POST", `/v1/projects/${project}/spans`, { ...ctx.admin, json: { data: spans } });
      if (logged.status !== 202) throw new Error(`setup: log spans → ${logged.status} ${logged.text}`);
      await ctx.waitForSpans(project, spans.length);
      const base = `/v1/projects/${project}/traces`;
      const names = async (label: string, query: string) => {
        const res = await list(ctx, label, base, query);
        return res?.data.map((t: any) => t.trace_id);
      };
      const q = (filter: string) => `?order=asc&filter=${encodeURIComponent(filter)}`;

      // Sessions: by session id (the first span of a trace to name one gives it its session), by GlobalID.
      expect(await names("session-s1", `?order=asc&session_identifier=${s1}`)).toHaveLength(2);
      await names("session-s1-s2", `?order=asc&session_identifier=${s1}&session_identifier=${s2}`);
      const c = spans.find((s) => s.name === "c-llm")!.context as { span_id: string };
      const session = (await ctx.send("POST", "/graphql", { ...ctx.admin, json: { query: SESSION_OF_SPAN, variables: { s: c.span_id } } })).json();
      const s2Id = session.data.getSpanByOtelId.trace.session.id as string;
      ctx.note("session-s2 GlobalID type", Buffer.from(s2Id, "base64").toString().split(":")[0]);
      await list(ctx, "session-global-id", base, `?session_identifier=${encodeURIComponent(s2Id)}`);
      await names("session-unknown", `?session_identifier=${ctx.unique("nosession")}`);
      await names("session-other-type-global-id", `?session_identifier=${encodeURIComponent(Buffer.from("Trace:1").toString("base64"))}`);
      await names("session-empty", "?session_identifier=");
      await names("session-and-filter", `?order=asc&session_identifier=${s1}&filter=${encodeURIComponent("error_count > 0")}`);
      await names("session-and-error", `?order=asc&session_identifier=${s1}&error=false`);

      // Filters over the trace's columns and aggregates.
      for (const [label, filter] of [
        ["latency", "latency_ms > 1000"],
        ["latency-chain", "500 <= latency_ms < 1250.0"],
        ["errors", "error_count > 0"],
        ["no-errors-several-spans", "error_count == 0 and num_spans >= 2"],
        ["tokens", "token_count_total >= 15 or token_count_prompt == 3"],
        ["token-completion", "not token_count_completion == 0"],
        ["kind-counts", "llm_span_count == 0 or tool_span_count > 0"],
        ["trace-id-contains", "'ABCDEF01' in trace_id"],
        ["trace-id-not-contains", "'abcdef01' not in trace_id and latency_ms is not None"],
        ["none", "num_spans == None"],
        ["constants", "(5 > 3) == True and -num_spans < -1.5"],
        ["padded", "  latency_ms >= 0  "],
      ] as const) {
        await names(`filter-${label}`, q(filter));
      }
      await names("filter-with-window-and-sort", `?sort=latency_ms&start_time=2024-07-01T10:01:00Z&filter=${encodeURIComponent("num_spans < 2 or error_count >= 1")}`);
      await names("filter-limit-page", `${q("latency_ms > 0")}&limit=1`);

      // Phoenix's 400s, and their place among the other refusals.
      for (const [label, filter] of [
        ["syntax", "latency_ms >"],
        ["unclosed", "(latency_ms > 5"],
        ["unmatched", "latency_ms > 5)"],
        ["unterminated", "trace_id == 'x"],
        ["unknown-name", "span_kind == 'LLM'"],
        ["number-vs-text", "latency_ms > '5'"],
        ["text-ordered", "trace_id < 'b'"],
        ["order-none", "latency_ms > None"],
        ["not-a-condition", "error_count"],
        ["operand-not-a-condition", "error_count > 0 and num_spans"],
        ["constant-alone", "True"],
        ["literal-in-literal", "'a' in 'abc'"],
        ["whitespace-only", "   "],
        ["too-many-parentheses", "(".repeat(201) + "latency_ms > 1" + ")".repeat(201)],
      ] as const) {
        await ctx.req(`bad-filter-${label}`, "GET", `${base}?filter=${encodeURIComponent(filter)}`, ctx.admin);
      }
      const unknown = ctx.unique("noproj");
      await ctx.req("bad-filter-unknown-project", "GET", `/v1/projects/${unknown}/traces?filter=foo`, ctx.admin);
      await ctx.req("bad-filter-bad-cursor", "GET", `${base}?filter=foo&cursor=garbage`, ctx.admin);
      await ctx.req("bad-filter-bad-limit", "GET", `${base}?filter=foo&limit=0`, ctx.admin);
      const viewer = await ctx.userWithSession("VIEWER");
      await list(ctx, "viewer-filter", base, q("num_spans == 1"), { bearer: viewer.session.access });
    },
  },
];
