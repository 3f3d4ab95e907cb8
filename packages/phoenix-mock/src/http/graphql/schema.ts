import { GraphQLObjectType, GraphQLScalarType, Kind, buildSchema, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { parseIsoDatetime, type Instant } from "../../core/index.js";
import { RESOLVERS } from "./resolvers.js";
import { PHOENIX_AUTH_SDL } from "./sdl.js";
import { PHOENIX_SPANS_SDL } from "./sdl-spans.js";
import { PHOENIX_ANNOTATIONS_SDL } from "./sdl-annotations.js";

/**
 * Strawberry's DateTime input (dateutil's `isoparse`), microseconds kept: see parseIsoDatetime (../../core/instant.ts).
 * Phoenix stores the instant and reads it back in UTC, so the offset is not kept.
 */
export function parseDateTime(value: unknown): Instant {
  const parsed = typeof value === "string" ? parseIsoDatetime(value) : undefined;
  if (!parsed) throw new TypeError(`Value cannot represent a DateTime: ${JSON.stringify(value)}`);
  return parsed.instant;
}

function buildPhoenixAuthSchema(): GraphQLSchema {
  const schema = buildSchema(PHOENIX_AUTH_SDL + PHOENIX_SPANS_SDL + PHOENIX_ANNOTATIONS_SDL);
  const dateTime = schema.getType("DateTime") as GraphQLScalarType;
  // Resolvers already format DateTime output exactly as Phoenix does (isoformat, ../../core/instant.ts).
  dateTime.serialize = (value) => value;
  dateTime.parseValue = parseDateTime;
  dateTime.parseLiteral = (node) => {
    if (node.kind !== Kind.STRING) throw new TypeError("DateTime cannot represent a non string value");
    return parseDateTime(node.value);
  };
  for (const [typeName, fields] of Object.entries(RESOLVERS)) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`resolvers for unknown object type ${typeName}`);
    const schemaFields = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = schemaFields[fieldName];
      if (!field) throw new Error(`resolver for unknown field ${typeName}.${fieldName}`);
      // Each resolver is typed for its own source and arguments; graphql-js calls it with exactly those.
      field.resolve = resolve as unknown as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  return schema;
}

/** Phoenix's auth schema subset with the mock's resolvers, built once. */
export const PHOENIX_AUTH_SCHEMA = buildPhoenixAuthSchema();
