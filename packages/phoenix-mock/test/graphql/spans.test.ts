import { describe, expect, it } from "vitest";
import { executeGraphql } from "../../src/http/graphql/index.js";
import type { DecodedSpan, OtlpAttributes } from "../../src/otlp/decode.js";
import { sessionIdOf } from "../../src/otlp/session-id.js";
import { TraceStore } from "../../src/spans/index.js";
import { setup } from "./harness.js";

const resource = { attributes: {}, droppedAttributesCount: 0 };
const scope = { name: "t", version: "", attributes: {}, droppedAttributesCount: 0 };

function span(spanId: string, attributes: OtlpAttributes = {}, traceId = "ab".repeat(16)): DecodedSpan {
  return {
    traceId, spanId, parentSpanId: undefined, traceState: "", name: `span ${spanId}`, kind: "SPAN_KIND_INTERNAL",
    startTimeUnixNano: "1700000000000123000", endTimeUnixNano: "1700000000500000000", attributes, droppedAttributesCount: 0,
    events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0, status: { code: "STATUS_CODE_UNSET", message: "" },
    flags: 0, resource, scope,
  };
}

function world() {
  const h = setup({ enableAuth: true });
  const traces = new TraceStore<DecodedSpan>({ now: () => 0, idOf: (s) => s.spanId, traceIdOf: (s) => s.traceId, sessionIdOf });
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const principal = await h.adminSecret();
    return (await executeGraphql({ model: h.model, principal, traces, body: { query, variables } })).json as any;
  };
  return { h, traces, gql };
}

const gid = (type: string, id: string | number) => Buffer.from(`${type}:${id}`).toString("base64");
const ATTRIBUTES = "query ($id: ID!) { node(id: $id) { ... on Span { attributes } } }";

describe("GraphQL span lookups under hostile input", () => {
  it("answers null for unknown, empty and huge span ids, and refuses a non-string id", async () => {
    const { traces, gql } = world();
    traces.add("p", [span("00000000000000aa")]);
    const q = "query ($s: String!) { getSpanByOtelId(spanId: $s) { spanId } }";
    expect((await gql(q, { s: "00000000000000aa" })).data.getSpanByOtelId.spanId).toBe("00000000000000aa");
    for (const s of ["", "nope", "x".repeat(1_000_000)]) expect((await gql(q, { s })).data.getSpanByOtelId).toBeNull();
    for (const s of [5, null, ["a"], { a: 1 }]) expect((await gql(q, { s })).errors[0].message).toBe("an unexpected error occurred");
  });

  it("masks the fields of Span, Trace, Project and ProjectSession ids that name no row, for any integer", async () => {
    const { traces, gql } = world();
    traces.add("p", [span("00000000000000aa")]);
    const q = "query ($id: ID!) { node(id: $id) { id ... on Span { name } ... on Trace { traceId } ... on Project { name } ... on ProjectSession { sessionId } } }";
    for (const type of ["Span", "Trace", "Project", "ProjectSession"]) {
      for (const n of [0, -1, 987654321, "99999999999999999999999"]) {
        const answer = await gql(q, { id: gid(type, n) });
        expect(answer.data).toBeNull();
        expect(answer.errors).toEqual([expect.objectContaining({ message: "an unexpected error occurred" })]);
      }
    }
    expect((await gql(q, { id: gid("Span", "1; DROP") })).errors[0].message).toMatch(/^Invalid node id: .* must be an integer, but got: 1; DROP$/);
  });

  it("writes list indices present in the keys only: a huge index neither allocates nor hangs", async () => {
    const { traces, gql } = world();
    const attributes: OtlpAttributes = {
      "a.99999999999999999999.b": "far",
      "a.1.b": "near",
      "a.2": "scalar index",
      "n": Number.NaN,
      "inf": Number.POSITIVE_INFINITY,
      "bytes": new Uint8Array([1, 255]),
      "é": "ü",
    };
    traces.add("p", [span("00000000000000aa", attributes)]);
    // Only the two indices present are written (a sparse list up to 10^20 would never finish or fit).
    const text = (await gql(ATTRIBUTES, { id: gid("Span", 1) })).data.node.attributes as string;
    expect(text.length).toBeLessThan(300);
    expect(text).toContain("NaN");
    expect(text).toContain("Infinity");
    expect(text).toContain("\\u00e9");
    expect(JSON.parse(text.replace(/NaN|Infinity/g, "0")).a).toEqual([{ b: "near" }, { b: "far" }]);
  });

  it("fails span fields without a span store (masked), and never crashes", async () => {
    const h = setup({ enableAuth: true });
    const principal = await h.adminSecret();
    const answer = (await executeGraphql({ model: h.model, principal, body: { query: '{ getSpanByOtelId(spanId: "a") { id } }' } })).json as any;
    expect(answer).toEqual({ data: { getSpanByOtelId: null }, errors: [expect.objectContaining({ message: "an unexpected error occurred" })] });
  });

  it("pages a trace's spans newest first from its own index, through eviction, and masks a junk cursor", async () => {
    const h = setup({ enableAuth: true });
    const traces = new TraceStore<DecodedSpan>({ now: () => 0, idOf: (s) => s.spanId, traceIdOf: (s) => s.traceId, sessionIdOf, maxSpans: 3000 });
    const principal = await h.adminSecret();
    const gql = async (query: string, variables?: Record<string, unknown>) =>
      (await executeGraphql({ model: h.model, principal, traces, body: { query, variables } })).json as any;
    const ids = Array.from({ length: 5000 }, (_, i) => i.toString(16).padStart(16, "0"));
    traces.add("p", ids.map((id) => span(id)));
    const q = `query ($t: ID!, $after: String) { node(id: "${gid("Project", 2)}") { ... on Project { trace(traceId: $t) {
      spans(first: 2, after: $after) { edges { node { spanId } } pageInfo { hasNextPage endCursor } } } } } }`;
    const first = (await gql(q, { t: "ab".repeat(16) })).data.node.trace.spans;
    expect(first.edges.map((e: any) => e.node.spanId)).toEqual([ids[4999], ids[4998]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const before = traces.spansVisited;
    const next = (await gql(q, { t: "ab".repeat(16), after: first.pageInfo.endCursor })).data.node.trace.spans;
    expect(next.edges.map((e: any) => e.node.spanId)).toEqual([ids[4997], ids[4996]]);
    expect(traces.spansVisited - before).toBeLessThan(10);
    const oldest = Buffer.from(String(2001)).toString("base64");
    expect((await gql(q, { t: "ab".repeat(16), after: oldest })).data.node.trace.spans).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    for (const after of ["%%%", Buffer.from("1:INT:2").toString("base64"), "x".repeat(100_000)]) {
      expect((await gql(q, { t: "ab".repeat(16), after })).errors[0].message).toBe("an unexpected error occurred");
    }
  });
});
