/**
 * The syntax of the trace filter expressions the mock evaluates (`GET /v1/projects/{id}/traces?filter=`): a subset of
 * the Python expression grammar Phoenix 20.26.1 parses with `ast.parse(..., mode="eval")` (phoenix/trace/dsl/
 * trace_filter.py): names, decimal numbers, plain quoted strings, `True`/`False`/`None`, comparisons (chained as in
 * Python, with `in`, `not in`, `is`, `is not`), unary minus, `not`, `and`, `or` and parentheses. A syntax error among
 * these is Phoenix's 400 (with CPython's words for the common cases); any other token is a 501 naming it.
 */
import { HttpError } from "../errors.js";

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in" | "is" | "is not";

export type FilterNode =
  | { kind: "name"; name: string }
  | { kind: "number"; value: number; text: string }
  | { kind: "string"; value: string }
  | { kind: "constant"; value: boolean | null }
  | { kind: "negate"; operand: FilterNode }
  | { kind: "compare"; operands: FilterNode[]; ops: CompareOp[] }
  | { kind: "not"; operand: FilterNode }
  | { kind: "bool"; op: "and" | "or"; operands: FilterNode[] };

type Token = { type: "name" | "number" | "string" | "op" | "end"; text: string; value?: string };

/** The 501 for a part of an expression outside the subset. */
export function unsupportedFilter(part: string): HttpError {
  return new HttpError(
    501,
    `phoenix-mock does not implement ${part} in trace filters (it evaluates trace_id, latency_ms, num_spans, error_count, ` +
      "token_count_prompt, token_count_completion, token_count_total, llm_span_count and tool_span_count compared with " +
      "numbers, quoted strings or None, joined by and/or/not; see docs/divergences.md in phoenix-mock)",
  );
}

/** Phoenix's 400 for an expression CPython cannot parse. */
export const syntaxError = (message: string, line = 1) => new HttpError(400, `${message} (<unknown>, line ${line})`);

const KEYWORDS = new Set(["and", "or", "not", "in", "is", "True", "False", "None"]);
const PYTHON_KEYWORDS = new Set(["if", "else", "lambda", "for", "async", "await", "yield", "from", "import", "def", "class", "return", "del", "pass", "with", "as", "while", "try", "except", "finally", "raise", "global", "nonlocal", "assert", "break", "continue", "elif"]);
const MAX_PARENTHESES = 200;
/** Phoenix turns the RecursionError of a deep expression into a 400; the mock draws the line at this nesting. */
const MAX_NESTING = 300;
const NUMBER = /^(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let level = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^[ \t]+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      if (rest.startsWith(quote.repeat(3))) throw unsupportedFilter("triple-quoted strings");
      const close = rest.indexOf(quote, 1);
      const body = close < 0 ? rest.slice(1) : rest.slice(1, close);
      if (body.includes("\\")) throw unsupportedFilter("backslash escapes");
      if (close < 0) throw syntaxError("unterminated string literal (detected at line 1)");
      if (tokens.at(-1)?.type === "string") throw unsupportedFilter("adjacent string literals");
      tokens.push({ type: "string", text: rest.slice(0, close + 1), value: body });
      i += close + 1;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      if (/^[A-Za-z0-9_.]/.test(rest.slice(number[0].length))) throw unsupportedFilter(`the number ${JSON.stringify(rest.slice(0, number[0].length + 1))}…`);
      tokens.push({ type: "number", text: number[0] });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name) {
      if (/^['"]/.test(rest.slice(name[0].length))) throw unsupportedFilter("string prefixes");
      if (PYTHON_KEYWORDS.has(name[0])) throw unsupportedFilter(`\`${name[0]}\``);
      tokens.push({ type: KEYWORDS.has(name[0]) ? "op" : "name", text: name[0] });
      i += name[0].length;
      continue;
    }
    const op = /^(==|!=|<=|>=|<|>|\(|\)|-)/.exec(rest);
    if (!op) throw unsupportedFilter(`${JSON.stringify(rest[0])}`);
    // CPython's tokenizer refuses a 201st nested parenthesis.
    if (op[0] === "(" && ++level > MAX_PARENTHESES) throw syntaxError("too many nested parentheses");
    if (op[0] === ")") level -= 1;
    tokens.push({ type: "op", text: op[0] });
    i += op[0].length;
  }
  tokens.push({ type: "end", text: "" });
  return tokens;
}

/** Parses a stripped, non-empty expression with Python's precedence. */
export function parseFilter(source: string): FilterNode {
  const tokens = tokenize(source);
  let at = 0;
  let depth = 0;
  let nesting = 0;
  const nested = <T>(parse: () => T): T => {
    if (++nesting > MAX_NESTING) throw new HttpError(400, "filter condition is nested too deeply");
    const node = parse();
    nesting -= 1;
    return node;
  };
  const peek = () => tokens[at]!;
  const next = () => tokens[at++]!;
  const isOp = (text: string) => peek().type === "op" && peek().text === text;
  const fail = (): never => {
    if (peek().type === "end" && depth > 0) throw syntaxError("'(' was never closed");
    if (isOp(")") && depth === 0) throw syntaxError("unmatched ')'");
    throw syntaxError("invalid syntax");
  };

  function atom(): FilterNode {
    const token = next();
    if (token.type === "name") return { kind: "name", name: token.text };
    if (token.type === "number") return { kind: "number", value: Number(token.text.replace(/_/g, "")), text: token.text };
    if (token.type === "string") return { kind: "string", value: token.value! };
    if (token.type === "op" && (token.text === "True" || token.text === "False" || token.text === "None")) {
      return { kind: "constant", value: token.text === "None" ? null : token.text === "True" };
    }
    if (token.type === "op" && token.text === "(") {
      if (isOp(")")) throw unsupportedFilter("`()`");
      depth += 1;
      const inner = nested(orTest);
      if (!isOp(")")) fail();
      next();
      depth -= 1;
      return inner;
    }
    at -= 1;
    return fail();
  }
  function factor(): FilterNode {
    if (isOp("-")) {
      next();
      return { kind: "negate", operand: nested(factor) };
    }
    return atom();
  }
  function compareOp(): CompareOp | undefined {
    const token = peek();
    if (token.type !== "op") return undefined;
    if (["==", "!=", "<", "<=", ">", ">=", "in"].includes(token.text)) return next().text as CompareOp;
    if (token.text === "not" && tokens[at + 1]?.text === "in") return (at += 2), "not in";
    if (token.text === "is") {
      next();
      if (isOp("not")) return next(), "is not";
      return "is";
    }
    return undefined;
  }
  function comparison(): FilterNode {
    const operands = [factor()];
    const ops: CompareOp[] = [];
    for (let op = compareOp(); op; op = compareOp()) {
      ops.push(op);
      operands.push(factor());
    }
    return ops.length === 0 ? operands[0]! : { kind: "compare", operands, ops };
  }
  function notTest(): FilterNode {
    if (isOp("not")) {
      next();
      return { kind: "not", operand: nested(notTest) };
    }
    return comparison();
  }
  function boolTest(op: "and" | "or", operand: () => FilterNode): FilterNode {
    const operands = [operand()];
    while (isOp(op)) {
      next();
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0]! : { kind: "bool", op, operands };
  }
  function orTest(): FilterNode {
    return boolTest("or", () => boolTest("and", notTest));
  }

  const root = orTest();
  if (peek().type !== "end") fail();
  return root;
}
