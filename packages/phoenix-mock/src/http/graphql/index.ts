import {
  GraphQLError,
  Kind,
  execute,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type OperationDefinitionNode,
} from "graphql";
import type { AuthModel, Principal } from "../../core/index.js";
import type { DecodedSpan } from "../../otlp/decode.js";
import type { TraceStore } from "../../spans/index.js";
import { PhoenixUnhandledError } from "../errors.js";
import { MASKED_MESSAGE, rewriteError } from "./errors.js";
import { MaxAliasesRule, MaxDepthRule, nestingError } from "./limits.js";
import { PHOENIX_AUTH_SCHEMA } from "./schema.js";
import type { GraphqlContext } from "./values.js";

export { PHOENIX_AUTH_SDL } from "./sdl.js";

export interface GraphqlRequest {
  model: AuthModel;
  /**
   * Who sent the request (`model.authenticate(...)`); undefined when anonymous. With auth on, Phoenix rejects an
   * unauthenticated /graphql request with 401 before GraphQL runs: the HTTP layer does that, not this function.
   */
  principal: Principal | undefined;
  /** The span store, for the span-side queries (getSpanByOtelId, Span/Trace/Project nodes). */
  traces?: TraceStore<DecodedSpan>;
  /** Phoenix's server log (a welcome email that could not be sent); default: nowhere. */
  log?: (message: string) => void;
  /** The request body as `JSON.parse` returned it. */
  body: unknown;
  /** The body was not valid JSON (then `body` is ignored). */
  invalidJson?: boolean;
  /** GET (query, variables and operationName from the URL, in `body`) cannot run mutations. Default POST. */
  method?: "GET" | "POST";
}

export interface GraphqlResponse {
  status: number;
  /** Exactly one of `json` (application/json) or `text` (text/plain; charset=utf-8) is set. */
  json?: unknown;
  text?: string;
  /** Cookie names to delete on this response, in this order (patchViewer with a new password). */
  deleteCookies?: string[];
}

/** graphql-js's rules plus Phoenix's depth and alias limits (these report first, as in strawberry). */
const VALIDATION_RULES = [...specifiedRules, MaxDepthRule, MaxAliasesRule];

const text = (status: number, body: string): GraphqlResponse => ({ status, text: body });

/**
 * POST /graphql of the mock Phoenix: Phoenix's users/roles/API-key schema with its permission classes, messages
 * and error masking. Resolver errors become GraphQL errors; what Phoenix itself does not handle (a JSON scalar
 * body: PhoenixUnhandledError) or a bug of the mock throws, and the HTTP handler, the one owner of error → Response,
 * logs it and answers Phoenix's bare 500.
 */
export async function executeGraphql(request: GraphqlRequest): Promise<GraphqlResponse> {
  if (request.invalidJson) return text(400, "Unable to parse request body as JSON");
  const body = request.body;
  if (Array.isArray(body)) return text(400, "Batching is not enabled");
  if (typeof body !== "object" || body === null) throw new PhoenixUnhandledError("the GraphQL body is a JSON scalar");
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (query != null && typeof query !== "string") {
    return text(400, "The GraphQL operation's `query` must be a string or null, if provided.");
  }
  if (variables != null && (typeof variables !== "object" || Array.isArray(variables))) {
    return text(400, "The GraphQL operation's `variables` must be an object or null, if provided.");
  }
  if (!query) return text(400, "No GraphQL query found in the request");

  const tooDeep = nestingError(query);
  if (tooDeep) return result([tooDeep], null);
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    if (error instanceof GraphQLError) return result([error], null);
    throw error;
  }
  const validationErrors = validate(PHOENIX_AUTH_SCHEMA, document, VALIDATION_RULES);
  if (validationErrors.length > 0) return result(validationErrors, null);

  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  // Without a name Phoenix runs the first operation, even when several are sent.
  const operation = operationName != null ? operations.find((op) => op.name?.value === String(operationName)) : operations[0];
  if (!operation) return text(400, `Unknown operation named "${String(operationName)}".`);
  if (request.method === "GET" && operation.operation === "mutation") return text(400, "mutations are not allowed when using GET");

  const context: GraphqlContext = {
    model: request.model,
    principal: request.principal,
    authEnabled: request.model.config.enableAuth,
    traces: request.traces,
    deleteCookies: [],
    log: request.log ?? (() => undefined),
  };
  const executed = await execute({
    schema: PHOENIX_AUTH_SCHEMA,
    document,
    variableValues: (variables as Record<string, unknown> | null | undefined) ?? undefined,
    operationName: operation.name?.value,
    contextValue: context,
  });
  // No `data` at all: the variables could not be coerced. graphql-core (Phoenix) keeps the cause on every such
  // error, so all of them are masked; graphql-js keeps it only for some (and echoes the values in the message).
  const errors = "data" in executed ? (executed.errors ?? []) : (executed.errors ?? []).map(asInternal);
  const response = result(errors, executed.data ?? null, request.model.config.maskInternalServerErrors);
  if (context.deleteCookies.length > 0) response.deleteCookies = context.deleteCookies;
  return response;
}

/** A variable-coercion error: always masked, since graphql-js echoes the offending values (passwords included). */
function asInternal(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: new Error(MASKED_MESSAGE, { cause: error }),
  });
}

function result(errors: readonly GraphQLError[], data: unknown, mask = true): GraphqlResponse {
  if (errors.length === 0) return { status: 200, json: { data } };
  return { status: 200, json: { data, errors: errors.map((e) => rewriteError(e, mask).toJSON()) } };
}
