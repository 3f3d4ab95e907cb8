/** A raw @grpc/grpc-js client for TraceService/Export: resolves with the status code and details of one call. */
import { Metadata, credentials, makeGenericClientConstructor, status, type ServiceError } from "@grpc/grpc-js";

export const EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
const Client = makeGenericClientConstructor(
  { Export: { path: EXPORT, requestStream: false, responseStream: false, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b } },
  "TraceService",
);

/** One raw Export call: resolves with the status code and details. */
export function rawExport(url: string, body: Uint8Array, authorization?: string, options: { gzip?: boolean } = {}): Promise<{ code: number; details: string }> {
  const client = new Client(url.replace(/^http:\/\//, ""), credentials.createInsecure(), options.gzip ? { "grpc.default_compression_algorithm": 2 } : {});
  const metadata = new Metadata();
  if (authorization !== undefined) metadata.set("authorization", authorization);
  return new Promise((resolve) => {
    (client as any).Export(Buffer.from(body), metadata, (error: ServiceError | null) => {
      client.close();
      resolve(error ? { code: error.code, details: error.details } : { code: status.OK, details: "" });
    });
  });
}
