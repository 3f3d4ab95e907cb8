import { OtlpDecodeError, decodeExportTraceServiceRequest, encodeExportTraceServiceResponse } from "../../otlp/decode.js";
import { ingestResourceSpans } from "../../otlp/ingest.js";
import { AT_CAPACITY } from "../../pressure/capacity.js";
import { inflateBounded } from "../body.js";
import type { RequestContext } from "../context.js";
import { HttpError, respond } from "../responses.js";
import type { Route } from "../router.js";

/** Phoenix's OTLP/HTTP ingest: protobuf only, gzip/deflate, project from `x-project-name` or the resource. */
async function postTraces(ctx: RequestContext): Promise<Response> {
  const { request, state } = ctx;
  // Phoenix's route dependency is_not_at_capacity: after authentication, before the content type is looked at.
  if (state.inserter.refusesAtCapacity(state.config.maxSpansQueueSize)) throw new HttpError(503, AT_CAPACITY);
  const contentType = request.headers.get("content-type");
  if (contentType !== "application/x-protobuf") throw new HttpError(415, `Unsupported content type: ${contentType ?? "None"}`);
  const encoding = request.headers.get("content-encoding");
  if (encoding && encoding !== "gzip" && encoding !== "deflate") {
    throw new HttpError(415, `Unsupported content encoding: ${encoding}`);
  }
  let body: Uint8Array = new Uint8Array(await request.arrayBuffer());
  // A body that does not match its encoding is an unhandled exception in Phoenix (bare 500).
  if (encoding === "gzip" || encoding === "deflate") body = await inflateBounded(body, encoding, state.maxBodyBytes);
  let resourceSpans;
  try {
    resourceSpans = decodeExportTraceServiceRequest(body);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw new HttpError(422, "Request body is invalid ExportTraceServiceRequest");
    throw error;
  }
  ingestResourceSpans(state.inserter, resourceSpans, request.headers.get("x-project-name"));
  return respond(200, encodeExportTraceServiceResponse(), { "content-type": "application/x-protobuf" });
}

export const traceRoutes: Route[] = [
  { method: "POST", path: "/v1/traces", guard: "authenticated", handler: postTraces },
];
