/**
 * The gRPC surface's words for the core's decisions: Phoenix's `ApiKeyInterceptor` (phoenix/server/bearer_auth.py)
 * and what grpcio answers around it. Phoenix aborts with a bare status code (empty details).
 */
import { isViewer, type Principal } from "../core/index.js";

/** The gRPC status codes the mock answers with (grpc/doc/statuscodes.md), so that refusals need no gRPC library. */
export const status = { OK: 0, UNKNOWN: 2, PERMISSION_DENIED: 7, UNAUTHENTICATED: 16 } as const;

export interface GrpcRefusal {
  readonly code: number;
  readonly details: string;
}

/** A body that is not an ExportTraceServiceRequest: grpc_interceptor's wrapping of protobuf's DecodeError. */
export const DECODE_REFUSAL: GrpcRefusal = {
  code: status.UNKNOWN,
  details:
    "Unexpected <class 'google.protobuf.message.DecodeError'>: Error parsing message with type " +
    "'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest': Wire format was corrupt",
};

/**
 * The interceptor's decision for an authenticated (or not) caller, with auth on. Only the admin secret, an API key or
 * an access token that is VALID passes (an expired one is UNAUTHENTICATED here, not "Expired token" as over HTTP);
 * a VIEWER's is PERMISSION_DENIED, because an export is a write.
 */
export function grpcRefusal(principal: Principal | undefined): GrpcRefusal | undefined {
  if (!principal) return { code: status.UNAUTHENTICATED, details: "" };
  if (principal.kind === "admin-secret") return undefined;
  if (principal.status !== "VALID") return { code: status.UNAUTHENTICATED, details: "" };
  if (isViewer(principal)) return { code: status.PERMISSION_DENIED, details: "" };
  return undefined;
}
