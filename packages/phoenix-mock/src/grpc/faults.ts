/**
 * Injected faults in gRPC's terms: a status fault answers its gRPC code; a cut connection closes the call's HTTP/2
 * session (every call on it fails as on a real reset). @grpc/grpc-js offers no public way to reach a call's session,
 * so it is found through the call's fields; where that fails the call is answered UNAVAILABLE, which is the code a
 * gRPC client reports for a dropped connection.
 */
import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import type { FaultAnswer } from "../pressure/faults.js";
import { status, type GrpcRefusal } from "./refusals.js";

const DROPPED: GrpcRefusal = { code: status.UNAVAILABLE, details: "Connection dropped" };

interface CallChain {
  stream?: { session?: { destroy(): void } };
  nextCall?: CallChain;
  call?: CallChain;
}

/** Destroys the HTTP/2 session under `call`; false when it cannot be reached. */
function cutConnection(call: ServerUnaryCall<Buffer, Buffer>): boolean {
  let link = (call as unknown as CallChain).call;
  for (let depth = 0; link && depth < 16; depth++) {
    const session = link.stream?.session;
    if (session) {
      session.destroy();
      return true;
    }
    link = link.nextCall;
  }
  return false;
}

/** Answers a status fault with its code; cuts the connection for a reset (UNAVAILABLE where it cannot). */
export function faultRefusal(
  fault: Extract<FaultAnswer, { kind: "status" | "reset" }>,
  call: ServerUnaryCall<Buffer, Buffer>,
  callback: sendUnaryData<Buffer>,
): void {
  if (fault.kind === "status") callback({ code: fault.grpcCode, details: fault.message });
  else if (!cutConnection(call)) callback({ code: DROPPED.code, details: DROPPED.details });
}
