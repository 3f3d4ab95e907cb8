import { stringAttribute, type DecodedResourceSpans, type DecodedSpan } from "./decode.js";
import { holdsBytes } from "./values.js";

const holdsBytesAttribute = (span: DecodedSpan) => Object.values(span.attributes).some(holdsBytes);

/** What ingest hands a project's spans to: the span store, or Phoenix's span queue in front of it (src/pressure). */
export interface SpanSink {
  add(project: string, spans: readonly DecodedSpan[]): unknown;
}

const PROJECT_NAME_ATTRIBUTE = "openinference.project.name";

/**
 * Files decoded OTLP resource spans into the store, for both transports (OTLP/HTTP and OTLP/gRPC): each resource
 * under `projectOverride` (HTTP's `x-project-name`), else its `openinference.project.name`, else `default`.
 */
export function ingestResourceSpans(
  traces: SpanSink,
  resourceSpans: readonly DecodedResourceSpans[],
  projectOverride?: string | null,
): void {
  // Phoenix keeps one row per span_id: the store skips later copies of a span (in this request or stored before).
  for (const rs of resourceSpans) {
    const all = rs.scopeSpans.length === 1 ? rs.scopeSpans[0]!.spans : rs.scopeSpans.flatMap((ss) => ss.spans);
    // Phoenix accepts a span with a bytes attribute and then fails to store it (its JSON column cannot hold bytes):
    // the export answers 200 and the span never appears (recorded: conformance case spans-bytes-attribute).
    const spans = all.some(holdsBytesAttribute) ? all.filter((span) => !holdsBytesAttribute(span)) : all;
    if (spans.length === 0) continue;
    const project = projectOverride ?? (stringAttribute(rs.resource.attributes, PROJECT_NAME_ATTRIBUTE) || "default");
    traces.add(project, spans);
  }
}
