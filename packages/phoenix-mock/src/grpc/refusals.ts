/**
 * The gRPC surface's words for the core's decisions: Phoenix's `ApiKeyInterceptor` (phoenix/server/bearer_auth.py)
 * and what grpcio answers around it. Phoenix aborts with a bare status code (empty details).
 */
import { ingestProblem, type Principal } from "../core/index.js";
import { AT_CAPACITY } from "../pressure/capacity.js";

/** The gRPC status codes the mock answers with (grpc/doc/statuscodes.md), so that refusals need no gRPC library. */
export const status = { OK: 0, UNKNOWN: 2, PERMISSION_DENIED: 7, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;

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

/** The gRPC words for the core's decision (core/auth.ts `ingestProblem`): Phoenix aborts with a bare status code. */
const REFUSALS = {
  "invalid-token": { code: status.UNAUTHENTICATED, details: "" },
  "viewer-forbidden": { code: status.PERMISSION_DENIED, details: "" },
} as const satisfies Record<NonNullable<ReturnType<typeof ingestProblem>>, GrpcRefusal>;

/** The interceptor's answer with auth on: undefined when the export may go in. */
export function grpcRefusal(principal: Principal | undefined): GrpcRefusal | undefined {
  const problem = ingestProblem(principal);
  return problem && REFUSALS[problem];
}

/** Phoenix's CapacityInterceptor: UNAVAILABLE (OTLP's backpressure signal) with its text. */
export const AT_CAPACITY_REFUSAL: GrpcRefusal = { code: status.UNAVAILABLE, details: AT_CAPACITY };
