import type { AnnotatorKind, SpanAnnotationInput } from "../../spans/index.js";
import type { RequestContext } from "../context.js";
import { Issues, bodyOrMissing } from "../validation.js";

/** One item of `POST /v1/span_annotations`: Phoenix's `SpanAnnotationData`, before it is keyed to a span row. */
export interface SpanAnnotationItem extends Omit<SpanAnnotationInput, "source" | "userId"> {
  readonly spanId: string;
}

const ANNOTATOR_KINDS: readonly AnnotatorKind[] = ["LLM", "CODE", "HUMAN"];
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Pydantic's lax `float`: numbers, and strings that parse as one (surrounding whitespace allowed). */
function optionalFloat(container: Record<string, unknown>, key: string, loc: (string | number)[], issues: Issues): number | null {
  const value = container[key];
  if (value === undefined || value === null) return null;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const text = value.trim();
    const number = /^[+-]?(\d+(_\d+)*(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text.replace(/_/g, "")) : Number.NaN;
    if (!Number.isNaN(number)) return number;
    issues.add({ type: "float_parsing", loc: [...loc, key], msg: "Input should be a valid number, unable to parse string as a number", input: value });
    return null;
  }
  issues.add({ type: "float_type", loc: [...loc, key], msg: "Input should be a valid number", input: value });
  return null;
}

/** A nested model given something else than an object: pydantic's `model_type`. */
function model(value: unknown, loc: (string | number)[], className: string, issues: Issues): value is Record<string, unknown> {
  if (isObject(value)) return true;
  const msg = `Input should be a valid dictionary or instance of ${className}`;
  issues.add({ type: "model_type", loc, msg, input: value, ctx: { class_name: className } });
  return false;
}

function item(raw: unknown, loc: (string | number)[], className: string, issues: Issues): SpanAnnotationItem | undefined {
  if (!model(raw, loc, className, issues)) return undefined;
  const before = issues.list.length;
  const name = issues.string(raw, "name", loc);
  const kind = raw.annotator_kind;
  if (kind === undefined) issues.missing([...loc, "annotator_kind"], raw);
  else if (typeof kind !== "string" || !ANNOTATOR_KINDS.includes(kind as AnnotatorKind)) {
    const expected = "'LLM', 'CODE' or 'HUMAN'";
    issues.add({ type: "literal_error", loc: [...loc, "annotator_kind"], msg: `Input should be ${expected}`, input: kind, ctx: { expected } });
  }
  let label: string | null = null;
  let score: number | null = null;
  let explanation: string | null = null;
  const result = raw.result;
  if (result !== undefined && result !== null && model(result, [...loc, "result"], "AnnotationResult", issues)) {
    label = issues.string(result, "label", [...loc, "result"], true) ?? null;
    score = optionalFloat(result, "score", [...loc, "result"], issues);
    explanation = issues.string(result, "explanation", [...loc, "result"], true) ?? null;
  }
  const metadata = raw.metadata;
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
    issues.add({ type: "dict_type", loc: [...loc, "metadata"], msg: "Input should be a valid dictionary", input: metadata });
  }
  const identifier = raw.identifier === undefined ? "" : issues.string(raw, "identifier", loc);
  const spanId = issues.string(raw, "span_id", loc);
  if (issues.list.length > before) return undefined;
  return {
    name: name!,
    annotatorKind: kind as AnnotatorKind,
    label,
    score,
    explanation,
    metadata: isObject(metadata) ? metadata : {},
    identifier: identifier!,
    spanId: spanId!,
  };
}

/** `AnnotateSpansRequestBody` (`{"data": [SpanAnnotationData, ...]}`), with pydantic's issues for every bad item. */
export function spanAnnotationItems(ctx: RequestContext, issues: Issues): SpanAnnotationItem[] {
  const before = issues.list.length;
  const body = bodyOrMissing(ctx, issues);
  if (issues.list.length > before || !issues.object(body, ["body"])) return issues.throwIfAny(), [];
  const data = body.data;
  if (data === undefined) issues.missing(["body", "data"], body);
  else if (!Array.isArray(data)) issues.add({ type: "list_type", loc: ["body", "data"], msg: "Input should be a valid list", input: data });
  if (!Array.isArray(data)) return issues.throwIfAny(), [];
  const items = data.map((raw, index) => item(raw, ["body", "data", index], "SpanAnnotationData", issues));
  issues.throwIfAny();
  return items as SpanAnnotationItem[];
}

/** FastAPI's `bool` query parameter (pydantic's lax boolean strings). */
export function queryBool(ctx: RequestContext, name: string, fallback: boolean, issues: Issues): boolean {
  const raw = ctx.url.searchParams.get(name);
  if (raw === null) return fallback;
  const text = raw.trim().toLowerCase();
  if (["1", "on", "t", "true", "y", "yes"].includes(text)) return true;
  if (["0", "off", "f", "false", "n", "no"].includes(text)) return false;
  issues.add({ type: "bool_parsing", loc: ["query", name], msg: "Input should be a valid boolean, unable to interpret input", input: raw });
  return fallback;
}
