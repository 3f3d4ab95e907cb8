// The mock's internals that phoenix-otel-auth's tests use as oracles, in one place: its OTLP decoder (to read what
// register()'s exporter put on the wire) and Phoenix's REST refusal texts. Everything else crosses between the packages
// by package name (`phoenix-mock`, `phoenix-otel-auth`), as a user's code would.
export {
  OtlpDecodeError,
  decodeExportTraceServiceRequest,
  encodeExportTraceServiceResponse,
  spansOf,
  stringAttribute,
  type DecodedResourceSpans,
  type DecodedSpan,
} from "../../packages/phoenix-mock/src/otlp/decode.js";
export { REST_REJECTIONS } from "../../packages/phoenix-mock/src/http/rest-errors.js";
/** An OTLP/HTTP body of one trace (the contract suite's builder), for spans sent straight to a mock. */
export { exportRequest } from "../../packages/phoenix-mock/src/contract/otlp.js";
