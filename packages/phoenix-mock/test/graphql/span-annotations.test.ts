import { describe, expect, it } from "vitest";
import { executeGraphql } from "../../src/http/graphql/index.js";
import type { DecodedSpan } from "../../src/otlp/decode.js";
import { sessionIdOf } from "../../src/otlp/session-id.js";
import { TraceStore, type SpanAnnotationInput } from "../../src/spans/index.js";
import { setup } from "./harness.js";

const span = (spanId: string): DecodedSpan => ({
  traceId: "ab".repeat(16), spanId, parentSpanId: undefined, traceState: "", name: `span ${spanId}`, kind: "SPAN_KIND_INTERNAL",
  startTimeUnixNano: "1700000000000123000", endTimeUnixNano: "1700000000500000000", attributes: {}, droppedAttributesCount: 0,
  events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0, status: { code: "STATUS_CODE_UNSET", message: "" },
  flags: 0, resource: { attributes: {}, droppedAttributesCount: 0 }, scope: { name: "t", version: "", attributes: {}, droppedAttributesCount: 0 },
});

const input = (name: string, extra: Partial<SpanAnnotationInput> = {}): SpanAnnotationInput => ({
  name, annotatorKind: "HUMAN", label: null, score: null, explanation: null, metadata: {}, identifier: "", source: "API", userId: null, ...extra,
});

async function world() {
  const h = setup({ enableAuth: true });
  const traces = new TraceStore<DecodedSpan>({ now: () => 0, idOf: (s) => s.spanId, traceIdOf: (s) => s.traceId, sessionIdOf });
  traces.add("p", [span("00000000000000aa")]);
  const spanRow = traces.get("00000000000000aa")!.rowId;
  const annotate = (name: string, extra: Partial<SpanAnnotationInput> = {}) =>
    traces.annotations.upsert(spanRow, input(name, extra), { createdAt: 1n, updatedAt: 1n });
  const principal = await h.adminSecret();
  const gql = async (query: string, variables?: Record<string, unknown>) =>
    (await executeGraphql({ model: h.model, principal, traces, body: { query, variables } })).json as any;
  return { h, annotate, gql };
}

const gid = (type: string, id: string | number) => Buffer.from(`${type}:${id}`).toString("base64");
const LIST = (args = "") => `{ getSpanByOtelId(spanId: "00000000000000aa") { spanAnnotations${args} { name score user { id } } } }`;

describe("GraphQL SpanAnnotation", () => {
  it("reads a deleted user's annotation with user null, as Phoenix's ON DELETE SET NULL leaves it", async () => {
    const { h, annotate, gql } = await world();
    const member = await h.addUser("MEMBER", "annotator");
    annotate("by-member", { userId: member.id });
    expect((await gql(LIST())).data.getSpanByOtelId.spanAnnotations[0].user).toEqual({ id: gid("User", member.id) });
    h.model.users.deleteOne(member);
    expect((await gql(LIST())).data.getSpanByOtelId.spanAnnotations[0].user).toBeNull();
    expect((await gql(LIST("(filter: { include: { userIds: [null] } })"))).data.getSpanByOtelId.spanAnnotations).toHaveLength(1);
  });

  it("masks a userIds filter naming another node type (Phoenix's ValueError), once a row is checked", async () => {
    const { annotate, gql } = await world();
    annotate("two", { score: 2 });
    const answer = await gql(LIST(`(filter: { include: { userIds: ["${gid("Span", 1)}"] } })`));
    expect(answer.errors[0].message).toBe("an unexpected error occurred");
    expect((await gql(LIST(`(filter: { include: { names: ["two"] } })`))).data.getSpanByOtelId.spanAnnotations).toEqual([{ name: "two", score: 2, user: null }]);
  });
});
