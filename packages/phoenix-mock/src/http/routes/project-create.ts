import { toGlobalId } from "../../core/index.js";
import type { RequestContext } from "../context.js";
import { PhoenixUnhandledError } from "../errors.js";
import { json } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, bodyOrMissing } from "../validation.js";

/**
 * Phoenix's `POST /v1/projects` (`create_project`): `{name, description?}` with `name` at least one character;
 * answers 200 `{"data": {name, description, id}}`. A name that exists already is an IntegrityError in Phoenix: a
 * bare 500, which the handler's unhandled-error path reproduces.
 */
function createProject(ctx: RequestContext): Response {
  const issues = new Issues();
  const body = bodyOrMissing(ctx, issues);
  issues.throwIfAny();
  if (!issues.object(body, ["body"])) issues.throwIfAny();
  const value = body as Record<string, unknown>;
  const name = issues.string(value, "name", ["body"]);
  if (name !== undefined && name.length < 1) {
    issues.add({ type: "string_too_short", loc: ["body", "name"], msg: "String should have at least 1 character", input: name, ctx: { min_length: 1 } });
  }
  const description = issues.string(value, "description", ["body"], true) ?? null;
  issues.throwIfAny();
  const { traces } = ctx.state;
  if (traces.project(name!)) throw new PhoenixUnhandledError(`IntegrityError: UNIQUE constraint failed: projects.name (${name})`);
  const project = traces.ensureProject(name!, description);
  return json(200, { data: { name: project.name, description: project.description, id: toGlobalId("Project", project.id) } });
}

export const projectCreateRoutes: Route[] = [
  { method: "POST", path: "/v1/projects", guard: "authenticated", body: true, handler: createProject },
];
