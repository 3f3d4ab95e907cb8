/**
 * OTLP over gRPC, driven by Phoenix's own Python exporter (`phoenix.otel.register()` with a base-URL
 * PHOENIX_COLLECTOR_ENDPOINT and no protocol, so it picks gRPC on PHOENIX_GRPC_PORT) and raw grpcio calls.
 */
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase } from "../harness.js";
import { conformancePython, runPython } from "../python.js";
import type { Target } from "../target.js";

interface Exported {
  transport: string;
  endpoint_is_grpc_port: boolean;
  result: string[];
  trace_id: string;
  span_id: string;
}
type Step =
  | { kind: "register"; label: string; project: string; span: string; api_key?: string }
  | { kind: "raw"; label: string; body: string; authorization?: string; gzip?: boolean };

function skipReason(target: Target, noAuth = false): string | undefined {
  const port = noAuth ? target.noAuthGrpcPort : target.grpcPort;
  if (port === undefined) return `the ${target.name} target has no OTLP/gRPC port (PHOENIX_CONFORMANCE_GRPC_PORT)`;
  return conformancePython().reason;
}

/** Runs the steps in one Python process; records each step's outcome (trace/span ids normalised) as a note. */
async function drive(ctx: CaseContext, steps: Step[], noAuth = false): Promise<Record<string, any>> {
  const base = noAuth ? ctx.target.noAuthUrl! : ctx.target.baseUrl;
  const port = noAuth ? ctx.target.noAuthGrpcPort : ctx.target.grpcPort;
  const out = await runPython<Record<string, any>>("grpc_export.py", { steps }, {
    PHOENIX_COLLECTOR_ENDPOINT: base,
    PHOENIX_GRPC_PORT: String(port),
  });
  for (const step of steps) {
    const result = { ...out[step.label] };
    if (step.kind === "register") {
      ctx.generated(result.trace_id, "trace-id");
      ctx.generated(result.span_id, "span-id");
      result.trace_id = "<trace-id>";
      result.span_id = "<span-id>";
    }
    ctx.note(step.label, result);
  }
  return out;
}

/** What REST reads back of the spans in `project` (admin secret), without row ids and times. */
async function readBack(ctx: CaseContext, project: string, exported: Exported[], noAuth = false) {
  const spans = noAuth
    ? ((await ctx.send("GET", `/v1/projects/${project}/spans?limit=100`, { noAuth: true })).json<{ data: any[] }>().data)
    : await ctx.waitForSpans(project, exported.length);
  return spans.map((span) => ({
    name: span.name,
    span_kind: span.span_kind,
    matches_export: exported.some((e) => e.trace_id === span.context.trace_id && e.span_id === span.context.span_id),
  }));
}

export const grpcCases: ConformanceCase[] = [
  {
    id: "grpc-python-register-system-key",
    title: "Python phoenix.otel.register() with a base URL exports over gRPC with a system key: stored, read back over REST",
    covers: "issue #13 (1)",
    skipReason: (target) => skipReason(target),
    async run(ctx) {
      const project = ctx.unique("grpcproj");
      const key = await ctx.createSystemKey("grpc-key");
      const out = await drive(ctx, [{ kind: "register", label: "system-key", project, span: "python-grpc", api_key: key.key }]);
      const exported = out["system-key"] as Exported;
      expect([exported.transport, exported.endpoint_is_grpc_port, exported.result]).toEqual(["gRPC", true, ["SUCCESS"]]);
      const spans = await readBack(ctx, project, [exported]);
      ctx.note("read back", spans);
      expect(spans).toEqual([{ name: "python-grpc", span_kind: "CHAIN", matches_export: true }]);
    },
  },
  {
    id: "grpc-python-register-refused",
    title: "Python register() over gRPC without a key and with a viewer's key fails, storing nothing; grpcio sees UNAUTHENTICATED / PERMISSION_DENIED",
    covers: "issue #13 (1)",
    skipReason: (target) => skipReason(target),
    async run(ctx) {
      const project = ctx.unique("grpcproj");
      const viewer = await ctx.userWithSession("VIEWER");
      const viewerKey = await ctx.createUserKey(viewer.session);
      const out = await drive(ctx, [
        { kind: "register", label: "no-key", project, span: "refused" },
        { kind: "register", label: "viewer-key", project, span: "refused", api_key: viewerKey.key },
        { kind: "raw", label: "raw-no-key", body: "empty" },
        { kind: "raw", label: "raw-viewer-key", body: "empty", authorization: `Bearer ${viewerKey.key}` },
        { kind: "raw", label: "raw-viewer-session", body: "empty", authorization: `Bearer ${viewer.session.access}` },
      ]);
      expect([out["no-key"].result, out["viewer-key"].result]).toEqual([["FAILURE"], ["FAILURE"]]);
      const listed = await ctx.send("GET", `/v1/projects/${project}/spans`, ctx.admin);
      ctx.note("project after refusals", listed.status === 404 ? "absent" : listed.json<{ data: unknown[] }>().data.length);
    },
  },
  {
    id: "grpc-raw-credentials",
    title: "Raw gRPC Export: admin secret, system key, member session, gzip → OK; Basic, empty Bearer, garbage, refresh token → UNAUTHENTICATED; corrupt body → UNKNOWN before auth",
    covers: "issue #13 (1)",
    skipReason: (target) => skipReason(target),
    async run(ctx) {
      const key = await ctx.createSystemKey("grpc-raw");
      const member = await ctx.userWithSession("MEMBER");
      const out = await drive(ctx, [
        { kind: "raw", label: "admin-secret", body: "empty", authorization: `Bearer ${ctx.target.adminSecret}` },
        { kind: "raw", label: "system-key", body: "empty", authorization: `Bearer ${key.key}` },
        { kind: "raw", label: "system-key-gzip", body: "empty", authorization: `Bearer ${key.key}`, gzip: true },
        { kind: "raw", label: "member-session", body: "empty", authorization: `Bearer ${member.session.access}` },
        { kind: "raw", label: "lower-case-bearer", body: "empty", authorization: `bearer ${key.key}` },
        { kind: "raw", label: "basic", body: "empty", authorization: `Basic ${key.key}` },
        { kind: "raw", label: "empty-bearer", body: "empty", authorization: "Bearer " },
        { kind: "raw", label: "garbage", body: "empty", authorization: "Bearer garbage" },
        { kind: "raw", label: "refresh-token", body: "empty", authorization: `Bearer ${member.session.refresh}` },
        { kind: "raw", label: "corrupt-no-key", body: "corrupt" },
        { kind: "raw", label: "corrupt-system-key", body: "corrupt", authorization: `Bearer ${key.key}` },
      ]);
      expect(out["system-key"]).toEqual({ code: "OK", details: "" });
      expect(out["garbage"].code).toBe("UNAUTHENTICATED");
    },
  },
  {
    id: "grpc-message-too-large",
    title: "A gRPC message over 4 MiB → RESOURCE_EXHAUSTED, before auth",
    covers: "issue #13 (1)",
    skipReason: (target) => skipReason(target),
    async run(ctx) {
      const out = await drive(ctx, [{ kind: "raw", label: "5-mib-no-key", body: `zeros:${5 * 1024 * 1024}` }]);
      expect(out["5-mib-no-key"].code).toBe("RESOURCE_EXHAUSTED");
    },
  },
  {
    id: "grpc-auth-off",
    title: "Auth off: Python register() over gRPC without a key is stored; a garbage key is ignored",
    covers: "issue #13 (1)",
    noAuth: true,
    skipReason: (target) => skipReason(target, true),
    async run(ctx) {
      const project = ctx.unique("grpcproj");
      const out = await drive(
        ctx,
        [
          { kind: "register", label: "no-key", project, span: "open-grpc" },
          { kind: "raw", label: "raw-garbage-key", body: "empty", authorization: "Bearer garbage" },
        ],
        true,
      );
      expect(out["no-key"].result).toEqual(["SUCCESS"]);
      let spans: unknown[] = [];
      for (let i = 0; i < 40 && spans.length === 0; i++) {
        spans = await readBack(ctx, project, [out["no-key"]], true).catch(() => []);
        if (spans.length === 0) await new Promise((r) => setTimeout(r, 250));
      }
      ctx.note("read back", spans);
    },
  },
];
