// @grpc/grpc-js is an optional peer of phoenix-mock: only OTLP over gRPC needs it, and its tree (protobufjs 7 through
// @grpc/proto-loader) runs an install script that pnpm refuses by default. It is loaded on the first listenGrpc().
import { MockUsageError } from "../errors.js";

type Grpc = typeof import("@grpc/grpc-js");
let grpc: Promise<Grpc> | undefined;

/** The gRPC library, imported once; a MockUsageError with the install command when it is not installed. */
export function loadGrpc(): Promise<Grpc> {
  grpc ??= import("@grpc/grpc-js").then(
    (module) => ((module as { default?: Grpc }).default ?? module) as Grpc,
    (error: unknown) => {
      grpc = undefined;
      const missing = (error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" || (error as { code?: string }).code === "MODULE_NOT_FOUND";
      if (!missing) throw error;
      throw new MockUsageError(
        "OTLP over gRPC needs the optional peer @grpc/grpc-js, which is not installed: run `npm install --save-dev @grpc/grpc-js` (OTLP over HTTP needs nothing more).",
        { cause: error },
      );
    },
  );
  return grpc;
}
