/**
 * Dev-time check, run by hand (NOT part of the test suite): compares every type the mock's GraphQL SDL declares with
 * a Phoenix schema — names, kinds, interfaces, enum values, field types (nullability, lists), arguments and defaults.
 *
 *   npx esbuild test/graphql/check-sdl.ts --bundle --platform=node --format=esm --log-level=warning \
 *     | node --input-type=module - <phoenix schema.graphql> [more schema files...]
 *
 * A Phoenix schema file: the reference schema.graphql, or a real server's, printed from introspection
 * (`printSchema(buildClientSchema(introspectionResult))`). Exits 1 when anything differs.
 */
import { readFileSync } from "node:fs";
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, print, type GraphQLField, type GraphQLInputField } from "graphql";
import { PHOENIX_AUTH_SDL } from "../../src/http/graphql/sdl.js";
import { PHOENIX_SPANS_SDL } from "../../src/http/graphql/sdl-spans.js";
import { PHOENIX_ANNOTATIONS_SDL } from "../../src/http/graphql/sdl-annotations.js";

const BUILT_IN = new Set(["String", "Boolean", "Int", "Float", "ID"]);
const mock = buildSchema(PHOENIX_AUTH_SDL + PHOENIX_SPANS_SDL + PHOENIX_ANNOTATIONS_SDL);
let failed = false;

const defaultOf = (node: { defaultValue?: Parameters<typeof print>[0] } | undefined | null) =>
  node?.defaultValue ? print(node.defaultValue) : undefined;

for (const file of process.argv.slice(2)) {
  const phoenix = buildSchema(readFileSync(file, "utf8"));
  const problems: string[] = [];
  let checked = 0;
  for (const type of Object.values(mock.getTypeMap())) {
    if (type.name.startsWith("__") || BUILT_IN.has(type.name)) continue;
    const other = phoenix.getType(type.name);
    if (!other || other.constructor !== type.constructor) {
      problems.push(`${type.name}: ${other ? "different kind" : "absent"} in Phoenix`);
      continue;
    }
    checked += 1;
    if (isEnumType(type) && isEnumType(other)) {
      const [a, b] = [type, other].map((t) => t.getValues().map((v) => v.name).join(","));
      if (a !== b) problems.push(`${type.name}: values ${a} vs ${b}`);
    }
    if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(other) || isInterfaceType(other))) {
      const [a, b] = [type, other].map((t) => t.getInterfaces().map((i) => i.name).sort().join(" & "));
      if (a !== b) problems.push(`${type.name}: implements ${a} vs ${b}`);
    }
    if (!(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) continue;
    const theirs = (other as typeof type).getFields() as Record<string, GraphQLField<unknown, unknown> | GraphQLInputField>;
    for (const field of Object.values(type.getFields()) as (GraphQLField<unknown, unknown> | GraphQLInputField)[]) {
      const where = `${type.name}.${field.name}`;
      const counterpart = theirs[field.name];
      if (!counterpart) {
        problems.push(`${where}: absent in Phoenix`);
        continue;
      }
      if (String(field.type) !== String(counterpart.type)) problems.push(`${where}: ${field.type} vs ${counterpart.type}`);
      if (defaultOf(field.astNode as never) !== defaultOf(counterpart.astNode as never)) problems.push(`${where}: default differs`);
      const args = "args" in field ? field.args : [];
      const theirArgs = "args" in counterpart ? counterpart.args : [];
      if (args.map((a) => a.name).join(",") !== theirArgs.map((a) => a.name).join(",")) problems.push(`${where}: arguments differ`);
      for (const arg of args) {
        const their = theirArgs.find((a) => a.name === arg.name);
        if (their && String(arg.type) !== String(their.type)) problems.push(`${where}(${arg.name}): ${arg.type} vs ${their.type}`);
        if (their && defaultOf(arg.astNode) !== defaultOf(their.astNode)) problems.push(`${where}(${arg.name}): default differs`);
      }
    }
  }
  console.log(`${file}: ${checked} types compared, ${problems.length} differences`);
  for (const problem of problems) console.log(`  ${problem}`);
  failed ||= problems.length > 0;
}
process.exitCode = failed ? 1 : 0;
