import type { RequestContext } from "../context.js";
import { HttpError } from "../errors.js";
import { json, noContent } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, bodyOrMissing } from "../validation.js";
import { projectByIdentifier, projectJson } from "./projects.js";

/**
 * Phoenix 20.26.1's `PUT` and `DELETE /v1/projects/{project_identifier}` (admins only: the route table's
 * `require_admin` answers members and viewers 403). PUT takes `{description?}` (a name cannot change) and answers the
 * project; DELETE removes the project with all its spans and answers 204, except the `default` project (403).
 */
function updateProject(ctx: RequestContext): Response {
  const issues = new Issues();
  const body = bodyOrMissing(ctx, issues);
  issues.throwIfAny();
  if (!issues.object(body, ["body"])) issues.throwIfAny();
  const description = issues.string(body as Record<string, unknown>, "description", ["body"], true);
  issues.throwIfAny();
  const project = projectByIdentifier(ctx);
  if (description !== undefined && description !== null) project.description = description;
  return json(200, { data: projectJson(project) });
}

function deleteProject(ctx: RequestContext): Response {
  const project = projectByIdentifier(ctx);
  if (project.name === "default") throw new HttpError(403, "The default project cannot be deleted");
  ctx.state.traces.deleteProject(project.name);
  return noContent();
}

export const projectAdminRoutes: Route[] = [
  { method: "PUT", path: "/v1/projects/{project_identifier}", guard: "authenticated", body: true, handler: updateProject },
  { method: "DELETE", path: "/v1/projects/{project_identifier}", guard: "authenticated", handler: deleteProject },
];
