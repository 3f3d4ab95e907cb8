/**
 * The span-query route's Arrow answer (POST /v1/spans without `Accept: application/json`): what Phoenix sends the
 * legacy `px.Client` (arize-phoenix before 5.9), one Arrow IPC stream per query with pandas metadata, read here the
 * way that client read it, with Phoenix's SpanQuery DSL and pyarrow from the venv (python/spans_arrow.py), and compared as schema, pandas
 * metadata and the `read_pandas()` frame (normalised ids and times).
 */
import { expect } from "vitest";
import type { ConformanceCase } from "../harness.js";
import { normalizeJson } from "../normalize.js";
import { conformancePython, runPython } from "../python.js";
import { seed } from "./span-query.js";

/** Attributes of every kind the frame holds: int, float, bool, a list, a JSON-string (parsed), a nested name. */
const ROOT_ATTRIBUTES = { n: 3, f: 1.5, b: true, tags: ["a", "b"], metadata: '{"k": 1, "nested": {"deep": "x"}}', "llm.token_count.prompt": 5 };

export const spanQueryArrowCases: ConformanceCase[] = [
  {
    id: "span-query-arrow-legacy-client",
    title:
      "POST /v1/spans without Accept: application/json → application/x-pandas-arrow, read as the legacy px.Client did (pyarrow): same schema, pandas metadata and frame; a column Arrow cannot type ends the body; no key 401, viewer 403",
    covers: "issue #13 (2)",
    skipReason: (target) =>
      target.name === "mock-msw" ? "Python cannot reach the in-process mock: MSW intercepts this process's HTTP only (mock-server covers it)" : conformancePython().reason,
    async run(ctx) {
      const project = await seed(ctx, { rootAttributes: ROOT_ATTRIBUTES, rootEvent: { name: "ev", attributes: { x: 1, label: "e" } } });
      // `conformance.kind` is 7 on this root and "child" on its children: no common Arrow type for the column.
      const mixed = await seed(ctx, { rootAttributes: { "conformance.kind": 7 } });
      const viewer = await ctx.userWithSession("VIEWER");
      const viewerKey = await ctx.createUserKey(viewer.session);
      const api = { project_name: project, api_key: ctx.target.adminSecret };
      const out = await runPython<Record<string, any>>(
        "spans_arrow.py",
        {
          steps: [
            { label: "all", ...api },
            { label: "two-queries", ...api, where: ["name == 'root'", "span_kind == 'LLM'"] },
            { label: "llm-limit-1", ...api, where: ["span_kind == 'LLM'"], limit: 1 },
            { label: "future", ...api, start_time: "2999-01-01T00:00:00+00:00" },
            { label: "explicit-accept", ...api, accept: "application/x-pandas-arrow" },
            { label: "unknown-project", ...api, project_name: ctx.unique("noproj") },
            { label: "mixed-types-one-query", ...api, project_name: mixed },
            { label: "mixed-types-root-then-all", ...api, project_name: mixed, where: ["name == 'root'", null] },
            { label: "no-key", project_name: project },
            { label: "viewer-key", project_name: project, api_key: viewerKey.key },
          ],
        },
        { PHOENIX_COLLECTOR_ENDPOINT: ctx.target.baseUrl },
      );
      for (const [label, answer] of Object.entries(out)) ctx.note(label, normalizeJson(answer, ctx.normalizeContext));
      expect(out.all.content_type).toBe("application/x-pandas-arrow");
      expect(out.all.streams).toHaveLength(1);
      expect(out.all.streams[0].frame.rows).toHaveLength(3);
      expect(out["two-queries"].streams).toHaveLength(2);
      expect([out["no-key"].status, out["viewer-key"].status]).toEqual([401, 403]);
    },
  },
];
