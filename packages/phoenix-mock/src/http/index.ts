import type { MockState } from "./context.js";
import { createFetchHandler, type FetchHandler, type RequestLogEntry } from "./handler.js";
import { Router } from "./router.js";
import { apiKeyRoutes } from "./routes/api-keys.js";
import { authRoutes } from "./routes/auth.js";
import { clientErrorRoutes } from "./routes/client-errors.js";
import { authorizationServerRoutes, discoveryRoutes } from "./routes/discovery.js";
import { graphqlRoutes } from "./routes/graphql.js";
import { healthRoutes } from "./routes/health.js";
import { notImplementedRoutes } from "./routes/not-implemented.js";
import { projectCreateRoutes } from "./routes/project-create.js";
import { projectRoutes } from "./routes/projects.js";
import { projectTraceRoutes } from "./routes/project-traces.js";
import { spanCreateRoutes } from "./routes/span-create.js";
import { spanAnnotationRoutes } from "./routes/span-annotations.js";
import { spanAnnotationDeleteRoutes } from "./routes/span-annotations-delete.js";
import { projectAdminRoutes } from "./routes/project-admin.js";
import { spanDeleteRoutes } from "./routes/span-delete.js";
import { spanNoteRoutes } from "./routes/span-notes.js";
import { spanQueryRoutes } from "./routes/span-query.js";
import { traceRoutes } from "./routes/traces.js";
import { userRoutes } from "./routes/users.js";

export type { MockState } from "./context.js";
export type { FetchHandler, HandleOptions, RequestLogEntry } from "./handler.js";
export { PHOENIX_VERSION } from "./responses.js";

/** The mock's HTTP surface over `state`: Phoenix mounts /auth and its OAuth2 authorization server only when auth is on. */
export function createPhoenixHandler(state: MockState, onLog: (entry: RequestLogEntry) => void): FetchHandler {
  const router = new Router().add(
    ...healthRoutes,
    ...discoveryRoutes,
    ...clientErrorRoutes,
    ...userRoutes,
    ...apiKeyRoutes,
    ...projectRoutes,
    ...projectCreateRoutes,
    ...spanQueryRoutes,
    ...spanAnnotationRoutes,
    ...spanAnnotationDeleteRoutes,
    ...projectAdminRoutes,
    ...spanDeleteRoutes,
    ...spanNoteRoutes,
    ...traceRoutes,
    ...spanCreateRoutes,
    ...projectTraceRoutes,
    ...graphqlRoutes,
  );
  if (state.config.enableAuth) router.add(...authRoutes, ...authorizationServerRoutes);
  router.add(...notImplementedRoutes);
  return createFetchHandler(state, router, onLog);
}
