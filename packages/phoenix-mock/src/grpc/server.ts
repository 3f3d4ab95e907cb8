/**
 * OTLP over gRPC (`opentelemetry.proto.collector.trace.v1.TraceService/Export`), as Phoenix serves it on
 * PHOENIX_GRPC_PORT: the same decoder, store, auth and viewer rules as POST /v1/traces, in gRPC's words
 * (./refusals.ts). gzip and deflate request compression are handled by @grpc/grpc-js. The project comes from the
 * resource attribute only: Phoenix's gRPC servicer reads no `x-project-name` metadata.
 */
import type { Metadata, sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { requestCredential } from "../http/credentials.js";
import type { MockState } from "../http/index.js";
import { OtlpDecodeError, decodeExportTraceServiceRequest, encodeExportTraceServiceResponse } from "../otlp/decode.js";
import { ingestResourceSpans } from "../otlp/ingest.js";
import { loadGrpc } from "./load.js";
import { AT_CAPACITY_REFUSAL, DECODE_REFUSAL, grpcRefusal, status, type GrpcRefusal } from "./refusals.js";
import { faultRefusal } from "./faults.js";
import type { FaultAnswer } from "../pressure/faults.js";

export const EXPORT_METHOD = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
/** grpcio's default, which Phoenix keeps: larger messages are refused with RESOURCE_EXHAUSTED before any handler. */
export const GRPC_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Where `mock.listenGrpc()` serves OTLP over gRPC. */
export interface GrpcListenOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningGrpcServer {
  /** `http://host:port` (what OTLP gRPC exporters take as their endpoint), with the port actually bound. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** One line of the request log for a gRPC call: `status` is the gRPC status code (0 = OK). */
export interface GrpcLogEntry {
  readonly method: "gRPC";
  readonly path: typeof EXPORT_METHOD;
  readonly status: number;
  readonly principal: "anonymous" | "admin-secret" | "access-token" | "api-key";
}

const identity = (buffer: Buffer): Buffer => buffer;
const metadataOf = (metadata: Metadata): Record<string, string> =>
  Object.fromEntries(Object.entries(metadata.getMap()).map(([name, value]) => [name, typeof value === "string" ? value : value.toString("base64")]));

/** A delay or a stall holds the call before Phoenix's part begins. */
async function beforeExport(fault: FaultAnswer | undefined): Promise<void> {
  if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
  if (fault?.kind === "stall") await fault.released;
}
const NO_COOKIES: ReadonlyMap<string, string> = new Map();

function authorization(metadata: Metadata): string | null {
  const [value] = metadata.get("authorization");
  if (value === undefined) return null;
  return typeof value === "string" ? value : value.toString("utf8");
}

/**
 * `live()` is the mock's state as it is now: read on every call, so that `restart()` (a new config, auth turned on or
 * off) reaches gRPC as it reaches HTTP, instead of a copy captured when the server started.
 */
export async function serveGrpc(live: () => MockState, onLog: (entry: GrpcLogEntry) => void, options: GrpcListenOptions = {}): Promise<RunningGrpcServer> {
  const { Server, ServerCredentials } = await loadGrpc();

  async function exportSpans(call: ServerUnaryCall<Buffer, Buffer>): Promise<{ refusal?: GrpcRefusal; principal: GrpcLogEntry["principal"] }> {
    const state = live();
    const { config, model } = state;
    // grpcio deserializes the request before the interceptor runs: a corrupt body is refused even without a key.
    let resourceSpans;
    try {
      resourceSpans = decodeExportTraceServiceRequest(call.request);
    } catch (error) {
      if (error instanceof OtlpDecodeError) return { refusal: DECODE_REFUSAL, principal: "anonymous" };
      throw error;
    }
    // Phoenix's CapacityInterceptor comes before its API-key interceptor: a full queue refuses even without a key.
    if (state.inserter.refusesAtCapacity(config.maxSpansQueueSize)) {
      return { refusal: AT_CAPACITY_REFUSAL, principal: "anonymous" };
    }
    let who: GrpcLogEntry["principal"] = "anonymous";
    if (config.enableAuth) {
      // The same reading of `authorization` as over HTTP (Bearer, case-insensitive; nothing else), without cookies.
      const credential = requestCredential(authorization(call.metadata), NO_COOKIES);
      const principal = credential ? await model.authenticate(credential.token, credential.source) : undefined;
      if (principal) who = principal.kind === "admin-secret" ? "admin-secret" : principal.via;
      const refusal = grpcRefusal(principal);
      if (refusal) return { refusal, principal: who };
    }
    ingestResourceSpans(state.inserter, resourceSpans);
    return { principal: who };
  }

  const server = new Server({
    "grpc.max_receive_message_length": GRPC_MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": GRPC_MAX_MESSAGE_BYTES,
  });
  server.addService(
    {
      Export: {
        path: EXPORT_METHOD,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
        originalName: "export",
      },
    },
    {
      Export(call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) {
        const fault = live().faults.take("grpc", () => metadataOf(call.metadata));
        if (fault && (fault.kind === "status" || fault.kind === "reset")) {
          onLog({ method: "gRPC", path: EXPORT_METHOD, status: fault.kind === "status" ? fault.grpcCode : status.UNAVAILABLE, principal: "anonymous" });
          faultRefusal(fault, call, callback);
          return;
        }
        beforeExport(fault).then(() => exportSpans(call)).then(
          ({ refusal, principal }) => {
            onLog({ method: "gRPC", path: EXPORT_METHOD, status: refusal?.code ?? status.OK, principal });
            if (refusal) callback({ code: refusal.code, details: refusal.details });
            // Stored, then no answer: the connection is cut (or, where it cannot be reached, UNAVAILABLE).
            else if (fault?.kind === "drop-response") faultRefusal({ kind: "reset" }, call, callback);
            else callback(null, Buffer.from(encodeExportTraceServiceResponse()));
          },
          (error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            live().log(`gRPC Export: unhandled error answered UNKNOWN: ${message}`);
            onLog({ method: "gRPC", path: EXPORT_METHOD, status: status.UNKNOWN, principal: "anonymous" });
            callback({ code: status.UNKNOWN, details: "Unexpected error" });
          },
        );
      },
    },
  );

  const host = options.host ?? "127.0.0.1";
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return new Promise((resolve, reject) => {
    server.bindAsync(`${shownHost}:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, port) => {
      if (error) {
        server.forceShutdown();
        reject(error);
        return;
      }
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            // In-flight calls get a moment to finish; then the connections are cut.
            const timer = setTimeout(() => server.forceShutdown(), 1000);
            server.tryShutdown(() => {
              clearTimeout(timer);
              done();
            });
          }),
      });
    });
  });
}
