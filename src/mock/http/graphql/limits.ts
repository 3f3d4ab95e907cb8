import {
  GraphQLError,
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
