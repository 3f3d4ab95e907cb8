import {
  GraphQLError,
  Lexer,
  Source,
  TokenKind,
  Kind,
  type ASTNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

/** Phoenix's schema extensions: operations nest at most 20 fields deep and a document holds at most 50 aliases. */
export const MAX_DEPTH = 20;
export const MAX_ALIASES = 50;

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/**
 * Reports every field nested deeper than MAX_DEPTH (root fields are depth 0; fragments add no depth; introspection
 * fields are not followed), as `'<operation>' exceeds maximum operation depth of 20` at that field.
 */
export const MaxDepthRule: ValidationRule = (context) => {
  const fragments = fragmentsOf(context);
  const walk = (selectionSet: SelectionSetNode, depth: number, operation: string, visited: ReadonlySet<string>): void => {
    for (const selection of selectionSet.selections) {
      if (depth > MAX_DEPTH) {
        context.reportError(new GraphQLError(`'${operation}' exceeds maximum operation depth of ${MAX_DEPTH}`, { nodes: selection as ASTNode }));
        continue;
      }
      if (selection.kind === Kind.FIELD) {
        if (selection.selectionSet && !selection.name.value.startsWith("__")) walk(selection.selectionSet, depth + 1, operation, visited);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, depth, operation, visited);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !visited.has(fragment.name.value)) {
          walk(fragment.selectionSet, depth, operation, new Set([...visited, fragment.name.value]));
        }
      }
    }
  };
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) walk(definition.selectionSet, 0, definition.name?.value ?? "anonymous", new Set());
  }
  return {};
};

/** Counts aliased fields across all operations (through fragments); more than MAX_ALIASES is one location-less error. */
export const MaxAliasesRule: ValidationRule = (context) => {
  const fragments = fragmentsOf(context);
  const count = (selectionSet: SelectionSetNode, visited: ReadonlySet<string>): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !visited.has(fragment.name.value)) total += count(fragment.selectionSet, new Set([...visited, fragment.name.value]));
        continue;
      }
      if (selection.kind === Kind.FIELD && selection.alias) total += 1;
      if (selection.selectionSet) total += count(selection.selectionSet, visited);
    }
    return total;
  };
  let total = 0;
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) total += count(definition.selectionSet, new Set());
  }
  if (total > MAX_ALIASES) context.reportError(new GraphQLError(`${total} aliases found. Allowed: ${MAX_ALIASES}`));
  return {};
};

/** graphql-core's parser limit: selection sets, list and object values and list types nest at most 200 deep. */
export const MAX_NESTING_DEPTH = 200;

/**
 * graphql-core's "Document is nested too deeply. Parsing aborted." syntax error, at the token that opens the 201st
 * level, or undefined. Checked on the tokens before parsing, so that graphql-js's recursive parser never sees a
 * 5,000-deep literal (a stack overflow there was a 500). A lexer error is left to `parse`, which reports it.
 */
export function nestingError(query: string): GraphQLError | undefined {
  const source = new Source(query);
  const lexer = new Lexer(source);
  let depth = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (token.kind === TokenKind.BRACE_L || token.kind === TokenKind.BRACKET_L) {
        if (++depth > MAX_NESTING_DEPTH) {
          return new GraphQLError("Syntax Error: Document is nested too deeply. Parsing aborted.", { source, positions: [token.start] });
        }
      } else if (token.kind === TokenKind.BRACE_R || token.kind === TokenKind.BRACKET_R) depth--;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
