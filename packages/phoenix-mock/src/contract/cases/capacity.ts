/**
 * Phoenix under pressure: its span queue full (PHOENIX_MAX_SPANS_QUEUE_SIZE on the auth-off server, see
 * NOAUTH_MAX_SPANS_QUEUE_SIZE). A real Phoenix is filled by one export of three times the bound (it stores 100 spans
 * per transaction, so it stays full for seconds); a mock holds its inserts (`target.holdInserts`). Either way the
 * case polls with one-span exports until one is refused, records that answer, and waits until ingest is open again.
 */
import { loadGrpc } from "../../grpc/load.js";
import { expect } from "../expect.js";
import type { CaseContext, ConformanceCase, Exchange } from "../harness.js";
import { exportRequest } from "../otlp.js";
import type { Target } from "../target.js";

const PROTOBUF = { "content-type": "application/x-protobuf" };
const POLL_MS = 20;
const FILL_TIMEOUT_MS = 20_000;
const DRAIN_TIMEOUT_MS = 120_000;
const EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `attempt` until it returns a value (or the time is up: undefined). */
async function until<T>(timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await attempt();
    if (value !== undefined) return value;
    await sleep(POLL_MS);
  }
  return undefined;
}

/** One raw Export call to the auth-off server's gRPC port: its status code and details. */
async function grpcExport(target: Target, body: Uint8Array): Promise<{ code: number; details: string }> {
  const grpc = await loadGrpc();
  const identity = (b: Buffer) => b;
  const Client = grpc.makeGenericClientConstructor(
    { Export: { path: EXPORT, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity } },
    "TraceService",
  );
  const client = new Client(`${new URL(target.noAuthUrl!).hostname}:${target.noAuthGrpcPort}`, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    (client as unknown as Record<string, Function>).Export!(Buffer.from(body), new grpc.Metadata(), (error: { code: number; details: string } | null) => {
      client.close();
      resolve(error ? { code: error.code, details: error.details } : { code: 0, details: "" });
    });
  });
}

async function fill(ctx: CaseContext, project: string, bound: number): Promise<void> {
  await ctx.target.holdInserts?.(true);
  const { body } = await exportRequest({ names: Array.from({ length: 3 * bound }, (_, i) => `fill-${i}`), project });
  const filled = await ctx.send("POST", "/v1/traces", { noAuth: true, headers: PROTOBUF, body });
  ctx.note("fill: status", filled.status);
}

async function drain(ctx: CaseContext, label: string, one: Uint8Array): Promise<void> {
  await ctx.target.holdInserts?.(false);
  const open = await until(DRAIN_TIMEOUT_MS, async () => {
    const answer = await ctx.send("POST", "/v1/traces", { noAuth: true, headers: PROTOBUF, body: one });
    return answer.status === 200 ? answer : undefined;
  });
  ctx.note(`${label}: accepted again`, open !== undefined);
}

export const capacityCases: ConformanceCase[] = [
  {
    id: "traces-at-capacity",
    title: "Span queue full (PHOENIX_MAX_SPANS_QUEUE_SIZE): OTLP/HTTP answers 503 with Phoenix's text, OTLP/gRPC UNAVAILABLE; both accept again once it drains",
    covers: "issue #24 (3)",
    noAuth: true,
    skipReason(target) {
      if (target.noAuthMaxSpansQueueSize === undefined) return "the auth-off server's PHOENIX_MAX_SPANS_QUEUE_SIZE is not known (PHOENIX_CONFORMANCE_NOAUTH_MAX_SPANS_QUEUE_SIZE)";
      if (target.name === "mock-server" && !target.holdInserts) return "a phoenix-mock is filled by holding its inserts, through its control route (--control), which this target does not have";
      return target.noAuthGrpcPort === undefined ? "the auth-off server has no OTLP/gRPC port (PHOENIX_CONFORMANCE_NOAUTH_GRPC_PORT)" : undefined;
    },
    async run(ctx) {
      const bound = ctx.target.noAuthMaxSpansQueueSize!;
      const project = ctx.unique("capacity");
      const one = (await exportRequest({ names: ["one"], project })).body;

      await fill(ctx, project, bound);
      const refused = await until(FILL_TIMEOUT_MS, async () => {
        const answer = await ctx.send("POST", "/v1/traces", { noAuth: true, headers: PROTOBUF, body: one });
        return answer.status === 200 ? undefined : answer;
      });
      expect(refused, "an export refused while the queue is full").toBeDefined();
      ctx.record("http-at-capacity", "POST /v1/traces (auth off, queue full)", refused as Exchange);
      await drain(ctx, "http", one);

      await fill(ctx, project, bound);
      const unavailable = await until(FILL_TIMEOUT_MS, async () => {
        const answer = await grpcExport(ctx.target, one);
        return answer.code === 0 ? undefined : answer;
      });
      ctx.note("grpc-at-capacity", unavailable ?? "never refused");
      await drain(ctx, "grpc", one);
      expect([refused!.status, refused!.text, unavailable]).toEqual([503, "Server is at capacity and cannot process more requests", { code: 14, details: "Server is at capacity and cannot process more requests" }]);
    },
  },
];
