// The span store: what OTLP ingest stored, per project, with Phoenix's retention and the mock's own bound. It knows
// nothing of the auth model (src/core) or of HTTP; the read-back routes and ingest use it through these names.
export { TraceStore } from "./traces.js";
export type { Project, SpanStoreStats, StoredSpan } from "./traces.js";
export { CLI_DEFAULT_MAX_SPANS, MAX_SPANS_VARIABLE, resolveMaxSpans } from "./retention.js";
export type { SessionRow, TraceRow } from "./traces.js";
export { MAX_SPAN_ANNOTATIONS, SpanAnnotations, type AnnotatorKind, type SpanAnnotationInput, type StoredSpanAnnotation } from "./annotations.js";
