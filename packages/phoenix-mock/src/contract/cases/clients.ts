/**
 * Phoenix's official clients against the target, call by call: the Python `arize-phoenix-client` (phoenix.client)
 * and the TypeScript `@arizeai/phoenix-client`, each run as a child process over the same projects, spans, traces,
 * span annotations and notes. Each check is a label and the call's answer (or the error the client raised).
 */
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { expect } from "../expect.js";
import { contractPath } from "../files.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { normalizeJson } from "../normalize.js";
import { conformancePython, runJsonChild, runPython } from "../python.js";
import type { Target } from "../target.js";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

interface SpanSpec {
  name: string;
  kind: string;
  parent?: string;
  start: string;
  end: string;
  status?: string;
  attributes?: Record<string, unknown>;
}

const SPECS: Array<[string, SpanSpec[]]> = [
  [
    "t1",
    [
      { name: "t1-root", kind: "CHAIN", start: "2024-07-01T09:00:00Z", end: "2024-07-01T09:00:02Z" },
      { name: "t1-llm", kind: "LLM", parent: "t1-root", start: "2024-07-01T09:00:00.5Z", end: "2024-07-01T09:00:01.5Z", attributes: { "llm.token_count.prompt": 4, "user.id": "12345" } },
      { name: "t1-tool", kind: "TOOL", parent: "t1-root", start: "2024-07-01T09:00:01Z", end: "2024-07-01T09:00:01.25Z", status: "ERROR" },
    ],
  ],
  ["t2", [{ name: "t2-root", kind: "LLM", start: "2024-07-01T09:01:00Z", end: "2024-07-01T09:01:00.75Z", attributes: { "user.id": 12345, flag: true } }]],
  ["t3", [{ name: "t3-root", kind: "TOOL", start: "2024-07-01T09:02:00Z", end: "2024-07-01T09:02:03Z", status: "ERROR", attributes: { score: 0.5 } }]],
];

/** Five spans in three traces with fixed times, kinds, statuses and attributes; their ids registered for masking. */
function clientSpans(ctx: CaseContext): Record<string, unknown>[] {
  return SPECS.flatMap(([label, specs]) => {
    const traceId = ctx.generated(hex(16), `trace-${label}`);
    const ids = new Map(specs.map((s) => [s.name, ctx.generated(hex(8), `span-${s.name}`)]));
    return specs.map((s) => ({
      name: s.name,
      context: { trace_id: traceId, span_id: ids.get(s.name) },
      span_kind: s.kind,
      parent_id: s.parent ? ids.get(s.parent) : null,
      start_time: s.start,
      end_time: s.end,
      status_code: s.status ?? "OK",
      attributes: s.attributes ?? {},
    }));
  });
}

function plan(ctx: CaseContext, prefix: string) {
  return {
    project: ctx.unique(`${prefix}proj`),
    new_project: ctx.unique(`${prefix}newproj`),
    unknown_project: ctx.unique(`${prefix}noproj`),
    api_key: ctx.target.adminSecret,
    spans: clientSpans(ctx),
  };
}

const MSW_SKIP = (language: string) =>
  `${language} cannot reach the in-process mock: MSW intercepts this process's HTTP only (mock-server covers it)`;

/** Where @arizeai/phoenix-client resolves from the script's folder, or why it does not (a devDependency only). */
function tsClientReason(): string | undefined {
  try {
    createRequire(contractPath("ts/client_checks.mjs")).resolve("@arizeai/phoenix-client");
    return undefined;
  } catch {
    return "@arizeai/phoenix-client cannot be imported (a devDependency of phoenix-mock's repository: install it to run this case)";
  }
}

/** Runs contract/ts/client_checks.mjs with `node` and `input` on stdin; resolves with its JSON stdout. */
function runNode<T>(input: unknown): Promise<T> {
  return runJsonChild(process.execPath, contractPath("ts/client_checks.mjs"), "client_checks.mjs", input);
}

function noteAll(ctx: CaseContext, out: Record<string, unknown>): void {
  for (const [label, result] of Object.entries(out)) ctx.note(label, normalizeJson(result, ctx.normalizeContext));
}

export const clientCases: ConformanceCase[] = [
  {
    id: "python-client-checks",
    title: "phoenix.client (Python): projects, spans.get_spans filters, get_spans_dataframe, log_spans, traces.get_traces, span annotations and notes, spans.delete",
    covers: "projects, spans, traces, span annotations, span notes",
    skipReason: (target: Target) => (target.name === "mock-msw" ? MSW_SKIP("Python") : conformancePython().reason),
    async run(ctx) {
      const input = plan(ctx, "py");
      const out = await runPython<Record<string, any>>("client_checks.py", input, { PHOENIX_COLLECTOR_ENDPOINT: ctx.target.baseUrl });
      noteAll(ctx, out);
      expect(out["get_spans"]).toHaveLength(5);
    },
  },
  {
    id: "ts-client-checks",
    title: "@arizeai/phoenix-client (TypeScript): projects, getSpans filters, logSpans, getTraces, span annotations and notes, deleteSpan",
    covers: "projects, spans, traces, span annotations, span notes",
    skipReason: (target: Target) => (target.name === "mock-msw" ? MSW_SKIP("A node child process") : tsClientReason()),
    async run(ctx) {
      const input = { ...plan(ctx, "ts"), base_url: ctx.target.baseUrl };
      const out = await runNode<Record<string, any>>(input);
      noteAll(ctx, out);
      expect(out["getSpans"].spans).toHaveLength(5);
    },
  },
];
