import { parseGlobalId, toGlobalId } from "../../core/index.js";
import { type Project } from "../../spans/index.js";
import type { RequestContext } from "../context.js";
import { HttpError } from "../errors.js";
import { cursorId, pageNewestFirst } from "../pagination.js";
import { otlpSpanJson, spanJson } from "../readback/span-json.js";
import { stringifyJson } from "../readback/value-encoders.js";
import { checkSpanQueryFilters, parseSpanQuery, spanPage, type SpanRoute } from "../readback/span-query.js";
import { JSON_TYPE, json, respond } from "../responses.js";
import type { Route } from "../router.js";
import { Issues, queryInt } from "../validation.js";

export function projectJson(project: Project): Record<string, unknown> {
  return { name: project.name, description: project.description, id: toGlobalId("Project", project.id) };
}

/** Phoenix's `get_project_by_identifier`: a Project GlobalID, else a name. */
export function projectByIdentifier(ctx: RequestContext): Project {
  const identifier = ctx.params.project_identifier!;
  const { traces } = ctx.state;
  const decoded = parseGlobalId(identifier);
  if (decoded?.type === "Project") {
    const project = traces.project(decoded.id);
    if (!project) throw new HttpError(404, `Project with ID ${identifier} not found`);
    return project;
  }
  const project = traces.project(identifier);
  if (!project) throw new HttpError(404, `Project with name ${identifier} not found`);
  return project;
}

function listProjects(ctx: RequestContext): Response {
  const issues = new Issues();
  const limit = queryInt(ctx.url, "limit", 100, { gt: 0 }, issues);
  issues.throwIfAny();
  let projects = ctx.state.traces.projects();
  const nameContains = ctx.url.searchParams.get("name_contains");
  if (nameContains) projects = projects.filter((p) => p.name.toLowerCase().includes(nameContains.toLowerCase()));
  const { page, nextCursor } = pageNewestFirst(projects, { limit, cursorId: cursorId(ctx.url), type: "Project" });
  return json(200, { data: page.map(projectJson), next_cursor: nextCursor });
}

function getProject(ctx: RequestContext): Response {
  return json(200, { data: projectJson(projectByIdentifier(ctx)) });
}

/**
 * Phoenix's order of refusals: query validation (422), the project (404), invalid `span_kind` / `status_code` values
 * (422), then the mock's unsupported filter (`attribute`, 501) and the cursor (422).
 */
function readSpans(ctx: RequestContext, route: SpanRoute) {
  const query = parseSpanQuery(ctx.url, route);
  const project = projectByIdentifier(ctx);
  checkSpanQueryFilters(query);
  return spanPage(ctx.state.traces, project.name, query);
}

function listSpans(ctx: RequestContext): Response {
  const { page, nextCursor } = readSpans(ctx, "spans");
  return respond(200, stringifyJson({ data: page.map(spanJson), next_cursor: nextCursor }), { "content-type": JSON_TYPE });
}

function listOtlpSpans(ctx: RequestContext): Response {
  const { page, nextCursor } = readSpans(ctx, "otlpv1");
  return respond(200, stringifyJson({ data: page.map(otlpSpanJson), next_cursor: nextCursor }), { "content-type": JSON_TYPE });
}

export const projectRoutes: Route[] = [
  { method: "GET", path: "/v1/projects", guard: "authenticated", handler: listProjects },
  { method: "GET", path: "/v1/projects/{project_identifier}", guard: "authenticated", handler: getProject },
  { method: "GET", path: "/v1/projects/{project_identifier}/spans", guard: "authenticated", handler: listSpans },
  {
    method: "GET",
    path: "/v1/projects/{project_identifier}/spans/otlpv1",
    guard: "authenticated",
   
    handler: listOtlpSpans,
  },
];
