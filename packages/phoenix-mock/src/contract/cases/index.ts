import type { ConformanceCase } from "../harness.js";
import { adminClientCases } from "./admin-client.js";
import { apiKeyCases } from "./api-keys.js";
import { attributeKindCases } from "./attribute-kinds.js";
import { capacityCases } from "./capacity.js";
import { clientErrorCases } from "./client-errors.js";
import { clientCases } from "./clients.js";
import { discoveryCases } from "./discovery.js";
import { grpcCases } from "./grpc.js";
import { spanFilterCases } from "./span-filters.js";
import { spanAttributeFilterCases } from "./span-attribute-filter.js";
import { spanJsonStringCases } from "./span-json-strings.js";
import { spanCreateCases } from "./span-create.js";
import { projectTraceCases } from "./project-traces.js";
import { projectTraceFilterCases } from "./project-traces-filter.js";
import { spanAnnotationCases } from "./span-annotations.js";
import { spanAnnotationDeleteCases } from "./span-annotations-delete.js";
import { spanGraphqlCases } from "./span-graphql.js";
import { spanAnnotationGraphqlCases } from "./span-annotation-graphql.js";
import { spanQueryCases } from "./span-query.js";
import { spanQueryArrowCases } from "./span-query-arrow.js";
import { tokenCacheCases } from "./token-cache.js";
import { projectCases } from "./projects.js";
import { projectAdminCases } from "./project-admin.js";
import { spanDeleteCases } from "./span-delete.js";
import { spanNoteCases } from "./span-notes.js";
import { noAuthCases } from "./noauth.js";
import { publicCases } from "./public.js";
import { routeCases } from "./routes.js";
import { scenarioCases } from "./scenario.js";
import { sessionCases } from "./sessions.js";
import { timestampCases } from "./timestamps.js";
import { tokenCases } from "./tokens.js";
import { traceCases } from "./traces.js";
import { userCases } from "./users.js";
import { externalUserCases } from "./users-external.js";

/** Every conformance case, in run order. Ids are unique (checked here). */
export const CASES: ConformanceCase[] = [
  ...publicCases,
  ...discoveryCases,
  ...clientErrorCases,
  ...routeCases,
  ...sessionCases,
  ...tokenCases,
  ...userCases,
  ...externalUserCases,
  ...apiKeyCases,
  ...timestampCases,
  ...traceCases,
  ...attributeKindCases,
  ...grpcCases,
  ...spanFilterCases,
  ...spanAttributeFilterCases,
  ...spanJsonStringCases,
  ...spanCreateCases,
  ...projectTraceCases,
  ...projectTraceFilterCases,
  ...spanGraphqlCases,
  ...spanAnnotationGraphqlCases,
  ...spanAnnotationCases,
  ...spanAnnotationDeleteCases,
  ...spanQueryCases,
  ...spanQueryArrowCases,
  ...adminClientCases,
  ...tokenCacheCases,
  ...projectCases,
  ...projectAdminCases,
  ...spanDeleteCases,
  ...spanNoteCases,
  ...clientCases,
  ...noAuthCases,
  ...capacityCases,
  ...scenarioCases,
];

const seen = new Set<string>();
for (const c of CASES) {
  if (seen.has(c.id)) throw new Error(`duplicate conformance case id ${c.id}`);
  seen.add(c.id);
}
