/**
 * Trace filter expressions as Phoenix 20.26.1 checks and applies them to `GET /v1/projects/{id}/traces?filter=`
 * (phoenix/server/trace_filters.py, phoenix/trace/dsl/trace_filter.py), in the subset the mock evaluates: the trace's
 * `trace_id` (text) and `latency_ms`, and its per-trace aggregates `num_spans`, `error_count`, `token_count_prompt`,
 * `token_count_completion`, `token_count_total`, `llm_span_count`, `tool_span_count` (numbers, 0 when absent). Phoenix's
 * 400s: syntax, an unknown name, comparing a number with text, ordering text, ordering against None, a value where a
 * condition belongs. Names Phoenix knows beyond these (times, costs, the root span's input, output and attributes,
 * span and annotation iterables, reductions) answer 501 naming them.
 */
import { HttpError } from "../errors.js";
import { parseFilter, syntaxError, unsupportedFilter, type CompareOp, type FilterNode } from "./trace-filter-parse.js";

export const TRACE_FILTER_NUMBERS = [
  "latency_ms",
  "num_spans",
  "error_count",
  "token_count_prompt",
  "token_count_completion",
  "token_count_total",
  "llm_span_count",
  "tool_span_count",
] as const;
export type TraceFilterNumber = (typeof TRACE_FILTER_NUMBERS)[number];

/** What a filter reads of one trace: `trace_id`, or one of the numbers. */
export type TraceFacts = (name: "trace_id" | TraceFilterNumber) => string | number;

const NUMBER_NAMES = new Set<string>(TRACE_FILTER_NUMBERS);
/** Names Phoenix's trace filter binds that the mock does not evaluate. */
const PHOENIX_ONLY_NAMES = new Set([
  "start_time", "end_time", "prompt_cost", "completion_cost", "total_cost", "input", "output", "attributes", "metadata",
  "user", "spans", "trace_annotations", "span_annotations", "span_cost_details", "any", "all", "len", "max", "min", "sum",
  "annotations", "evals",
]);

type Kind = "number" | "text" | "condition" | "none";
const KIND_WORDS: Record<Kind, string> = { number: "a number", text: "text", condition: "a condition", none: "None" };

/** `ast.unparse` of a node, for the messages. */
function show(node: FilterNode): string {
  switch (node.kind) {
    case "name":
      return node.name;
    case "number":
      return node.text;
    case "string":
      return node.value.includes("'") && !node.value.includes('"') ? `"${node.value}"` : `'${node.value}'`;
    case "constant":
      return node.value === null ? "None" : node.value ? "True" : "False";
    case "negate":
      return `-${show(node.operand)}`;
    default:
      return "(…)";
  }
}

function kindOf(node: FilterNode): Kind {
  switch (node.kind) {
    case "name":
      return node.name === "trace_id" ? "text" : "number";
    case "number":
    case "negate":
      return "number";
    case "string":
      return "text";
    case "constant":
      return node.value === null ? "none" : "condition";
    default:
      return "condition";
  }
}

function checkNames(node: FilterNode): void {
  if (node.kind === "name") {
    if (node.name === "trace_id" || NUMBER_NAMES.has(node.name)) return;
    if (PHOENIX_ONLY_NAMES.has(node.name)) throw unsupportedFilter(`\`${node.name}\``);
    throw new HttpError(400, `invalid name \`${node.name}\``);
  }
  if (node.kind === "negate" || node.kind === "not") checkNames(node.operand);
  if (node.kind === "compare" || node.kind === "bool") node.operands.forEach(checkNames);
}

function checkCondition(node: FilterNode): void {
  if (kindOf(node) === "condition") return check(node);
  const word = kindOf(node) === "text" ? "text" : KIND_WORDS[kindOf(node)];
  throw new HttpError(400, `\`${show(node)}\` is ${word}, expected a condition`);
}

function checkPair(left: FilterNode, op: CompareOp, right: FilterNode): void {
  const [a, b] = [kindOf(left), kindOf(right)];
  if (op === "is" || op === "is not") {
    if (b !== "none") throw unsupportedFilter(`\`${op}\` with anything but None`);
    return;
  }
  if (op === "in" || op === "not in") {
    if (right.kind === "string") {
      throw new HttpError(400, left.kind === "string" ? `\`in\` expects a collection or a text field on the right, got \`${show(right)}\`` : `\`${show(right)}\` is searched for a text literal, e.g. \`'text' in ${show(right)}\``);
    }
    if (a !== "text" || right.kind !== "name" || b !== "text") throw unsupportedFilter(`\`${op}\` other than a text in trace_id`);
    return;
  }
  if (op === "==" || op === "!=") {
    if (a === "none" || b === "none" || a === b) return;
  } else {
    if (a === "none" || b === "none") throw new HttpError(400, `\`${op}\` cannot compare against None; use \`is None\``);
    if (a === "text" && b === "text") throw new HttpError(400, `\`${op}\` does not order text`);
    if (a === "condition" && b === "condition") throw unsupportedFilter("ordering conditions");
    if (a === b) return;
  }
  throw new HttpError(400, `cannot compare \`${show(left)}\` (${KIND_WORDS[a]}) with \`${show(right)}\` (${KIND_WORDS[b]})`);
}

function check(node: FilterNode): void {
  if (node.kind === "negate" && kindOf(node.operand) !== "number") throw unsupportedFilter("unary minus on a non-number");
  if (node.kind === "not") checkCondition(node.operand);
  if (node.kind === "bool") node.operands.forEach(checkCondition);
  if (node.kind === "compare") {
    node.operands.forEach(check);
    node.ops.forEach((op, i) => checkPair(node.operands[i]!, op, node.operands[i + 1]!));
  }
}

type Value = string | number | boolean | null;

function evaluate(node: FilterNode, facts: TraceFacts): Value {
  switch (node.kind) {
    case "name":
      return facts(node.name as "trace_id" | TraceFilterNumber);
    case "number":
    case "string":
    case "constant":
      return node.value;
    case "negate":
      return -(evaluate(node.operand, facts) as number);
    case "not":
      return !evaluate(node.operand, facts);
    case "bool":
      return node.op === "and" ? node.operands.every((o) => evaluate(o, facts)) : node.operands.some((o) => evaluate(o, facts));
    case "compare": {
      const values = node.operands.map((o) => evaluate(o, facts));
      return node.ops.every((op, i) => compare(values[i]!, op, values[i + 1]!));
    }
  }
}

/** SQL's answer: a comparison with None is a null test (`== None` is `IS NULL`); `in` is case-insensitive containment. */
function compare(a: Value, op: CompareOp, b: Value): boolean {
  if (a === null || b === null) return op === "==" || op === "is" ? a === b : a !== b;
  switch (op) {
    case "==":
    case "is":
      return a === b;
    case "!=":
    case "is not":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "in":
      return String(b).toLowerCase().includes(String(a).toLowerCase());
    case "not in":
      return !String(b).toLowerCase().includes(String(a).toLowerCase());
  }
}

/** Checks `source` as Phoenix does (400 for what it rejects, 501 beyond the subset); the predicate over a trace. */
export function compileTraceFilter(source: string): (facts: TraceFacts) => boolean {
  const text = source.trim();
  if (source.includes("\0")) throw new HttpError(400, "condition cannot contain a NUL character");
  if (text === "") throw syntaxError("invalid syntax", 0);
  const root = parseFilter(text);
  // The whole expression must be a condition before any name is looked at (`x` alone is "not a condition").
  if (root.kind === "constant") {
    throw new HttpError(400, `\`${show(root)}\` is not a condition on its own, it can only be used as an operand of \`and\` / \`or\` / \`not\``);
  }
  if (root.kind === "negate") throw new HttpError(400, `invalid expression: ${show(root)}`);
  if (kindOf(root) !== "condition") throw new HttpError(400, `\`${show(root)}\` is not a condition, expected a comparison such as \`${show(root)} == ...\``);
  checkNames(root);
  check(root);
  return (facts) => Boolean(evaluate(root, facts));
}
