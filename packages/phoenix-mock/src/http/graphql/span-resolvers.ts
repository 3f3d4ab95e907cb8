import type { DecodedSpan } from "../../otlp/decode.js";
import { isoFromMicros, microsOf, spanAttributes, STATUS_NAMES } from "../readback/otlp-readback.js";
import {
  attributesJson,
  loadProject,
  loadSession,
  loadSpan,
  loadTrace,
  projectRef,
  sessionRef,
  spanByOtelId,
  spanSideId,
  spanSideRef,
  traceOfSpan,
  type SpanSideRef,
} from "./span-values.js";
import { spanAnnotations, spanNotes } from "./annotation-resolvers.js";
import { projectTrace, traceSpans, type TraceSpansArgs } from "./trace-spans.js";
import type { GraphqlContext } from "./values.js";

const SPAN_SIDE_TYPES = new Set<SpanSideRef["__typename"]>(["Span", "Trace", "Project", "ProjectSession"]);

/** `node(id)` of a span-side type: Phoenix returns the node without looking the row up (its fields fail if absent). */
export function spanSideNode(type: string, rowId: number): SpanSideRef | undefined {
  return SPAN_SIDE_TYPES.has(type as SpanSideRef["__typename"]) ? spanSideRef(type as SpanSideRef["__typename"], rowId) : undefined;
}

const SPAN_KINDS = new Set(["CHAIN", "TOOL", "LLM", "PROMPT", "RETRIEVER", "EMBEDDING", "AGENT", "RERANKER", "EVALUATOR", "GUARDRAIL", "DECISION"]);

/** Phoenix's `SpanKind(value)` of the stored kind: an unknown kind is `unknown`. */
function spanKind(span: DecodedSpan): string {
  const value = spanAttributes(span)["openinference.span.kind"];
  const upper = typeof value === "string" ? value.toUpperCase() : "";
  return SPAN_KINDS.has(upper) ? upper.toLowerCase() : "unknown";
}

type Ctx = GraphqlContext;

export const spanQueryFields = {
  getSpanByOtelId: (_: unknown, args: { spanId: string }, ctx: Ctx) => spanByOtelId(ctx, args.spanId),
};

export const SPAN_RESOLVERS = {
  Span: {
    id: (ref: SpanSideRef) => spanSideId(ref),
    name: (ref: SpanSideRef, _: unknown, ctx: Ctx) => loadSpan(ctx, ref).span.name,
    statusCode: (ref: SpanSideRef, _: unknown, ctx: Ctx) => STATUS_NAMES[String(loadSpan(ctx, ref).span.status.code)] ?? "UNSET",
    statusMessage: (ref: SpanSideRef, _: unknown, ctx: Ctx) => loadSpan(ctx, ref).span.status.message,
    startTime: (ref: SpanSideRef, _: unknown, ctx: Ctx) => isoFromMicros(microsOf(loadSpan(ctx, ref).span.startTimeUnixNano)),
    endTime: (ref: SpanSideRef, _: unknown, ctx: Ctx) => isoFromMicros(microsOf(loadSpan(ctx, ref).span.endTimeUnixNano)),
    parentId: (ref: SpanSideRef, _: unknown, ctx: Ctx) => loadSpan(ctx, ref).span.parentSpanId ?? null,
    spanKind: (ref: SpanSideRef, _: unknown, ctx: Ctx) => spanKind(loadSpan(ctx, ref).span),
    spanId: (ref: SpanSideRef, _: unknown, ctx: Ctx) => loadSpan(ctx, ref).span.spanId,
    trace: (ref: SpanSideRef, _: unknown, ctx: Ctx) => spanSideRef("Trace", traceOfSpan(ctx, ref).rowId),
    context: (ref: SpanSideRef, _: unknown, ctx: Ctx) => {
      const { span } = loadSpan(ctx, ref);
      return { traceId: span.traceId, spanId: span.spanId };
    },
    attributes: (ref: SpanSideRef, _: unknown, ctx: Ctx) => attributesJson(loadSpan(ctx, ref).span),
    project: (ref: SpanSideRef, _: unknown, ctx: Ctx) => projectRef(ctx, loadSpan(ctx, ref).project),
    spanAnnotations: (ref: SpanSideRef, args: Parameters<typeof spanAnnotations>[2], ctx: Ctx) => spanAnnotations(ctx, ref, args),
    spanNotes: (ref: SpanSideRef, _: unknown, ctx: Ctx) => spanNotes(ctx, ref),
  },
  Trace: {
    id: (ref: SpanSideRef) => spanSideId(ref),
    traceId: (ref: SpanSideRef, _: unknown, ctx: Ctx) => loadTrace(ctx, ref).key,
    project: (ref: SpanSideRef, _: unknown, ctx: Ctx) => projectRef(ctx, loadTrace(ctx, ref).data.project),
    projectId: (ref: SpanSideRef, _: unknown, ctx: Ctx) => spanSideId(projectRef(ctx, loadTrace(ctx, ref).data.project)),
    projectSessionId: (ref: SpanSideRef, _: unknown, ctx: Ctx) => {
      const session = sessionRef(ctx, loadTrace(ctx, ref).data.sessionId);
      return session ? spanSideId(session) : null;
    },
    session: (ref: SpanSideRef, _: unknown, ctx: Ctx) => sessionRef(ctx, loadTrace(ctx, ref).data.sessionId),
    spans: (ref: SpanSideRef, args: TraceSpansArgs, ctx: Ctx) => traceSpans(ctx, ref, args),
  },
  Project: {
    id: (ref: SpanSideRef) => spanSideId(ref),
    name: (ref: SpanSideRef, _: unknown, ctx: Ctx) => loadProject(ctx, ref).name,
    description: (ref: SpanSideRef, _: unknown, ctx: Ctx) => loadProject(ctx, ref).description,
    trace: (ref: SpanSideRef, args: { traceId: string }, ctx: Ctx) => projectTrace(ctx, ref, args.traceId),
  },
  ProjectSession: {
    id: (ref: SpanSideRef) => spanSideId(ref),
    sessionId: (ref: SpanSideRef, _: unknown, ctx: Ctx) => loadSession(ctx, ref).key,
    project: (ref: SpanSideRef, _: unknown, ctx: Ctx) => projectRef(ctx, loadSession(ctx, ref).data.project),
  },
};
