import { defaultResource, resourceFromAttributes, type Resource } from "@opentelemetry/resources";
import type { RegisterOptions } from "../types.js";
import type { ResolvedConfig } from "./resolve.js";

const PROJECT_NAME_ATTRIBUTE = "openinference.project.name";
const SERVICE_NAME_ATTRIBUTE = "service.name";

/** The SDK default resource, then OTEL_RESOURCE_ATTRIBUTES, the options, the service name and the project on top. */
export function buildResource(config: ResolvedConfig, options: RegisterOptions): Resource {
  let resource = defaultResource().merge(resourceFromAttributes(config.envResourceAttributes));
  const serviceName = config.serviceName;
  if (serviceName.source.from === "env") resource = resource.merge(resourceFromAttributes({ [SERVICE_NAME_ATTRIBUTE]: serviceName.value }));
  if (options.resource) resource = resource.merge(options.resource);
  if (options.resourceAttributes) resource = resource.merge(resourceFromAttributes(options.resourceAttributes));
  if (serviceName.source.from === "option") resource = resource.merge(resourceFromAttributes({ [SERVICE_NAME_ATTRIBUTE]: serviceName.value }));
  return resource.merge(resourceFromAttributes({ [PROJECT_NAME_ATTRIBUTE]: config.projectName.value }));
}
