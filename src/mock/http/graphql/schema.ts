import { GraphQLObjectType, GraphQLScalarType, Kind, buildSchema, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { RESOLVERS } from "./resolvers.js";
import { PHOENIX_AUTH_SDL } from "./sdl.js";

/**
 * ISO 8601 as Python's `datetime.fromisoformat` reads it: a date, optionally `T` or a space and a time
 * (HH:MM[:SS[.fraction]]), optionally `Z` or `±HH:MM`. A value without an offset is UTC (Phoenix normalises to UTC).
 */
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseDateTime(value: unknown): Date {
  const match = typeof value === "string" ? ISO_DATETIME.exec(value) : null;
  if (!match) throw new TypeError(`Value cannot represent a DateTime: ${JSON.stringify(value)}`);
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", zone = "Z"] = match;
  const millis = fraction.padEnd(3, "0").slice(0, 3);
  const offset = zone === "Z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}${offset}`);
  if (Number.isNaN(date.getTime())) throw new TypeError(`Value cannot represent a DateTime: ${JSON.stringify(value)}`);
  return date;
}

function buildPhoenixAuthSchema(): GraphQLSchema {
  const schema = buildSchema(PHOENIX_AUTH_SDL);
  const dateTime = schema.getType("DateTime") as GraphQLScalarType;
  // Resolvers already format DateTime output exactly as Phoenix does (see isoformat in ../responses.ts).
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
