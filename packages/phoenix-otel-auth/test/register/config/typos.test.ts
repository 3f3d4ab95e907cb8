import { describe, expect, it } from "vitest";
import { misspelledVariables } from "../../../src/register/config/typos.js";
import { resolveConfig } from "../../../src/register/config/resolve.js";

// Other variables of the same prefixes that apps set for good reasons: Phoenix's server settings and the other
// OpenTelemetry signals. None of them may warn.
const LEGITIMATE = [
  "PHOENIX_PORT", "PHOENIX_HOST", "PHOENIX_HOST_ROOT_PATH", "PHOENIX_WORKING_DIR", "PHOENIX_SQL_DATABASE_URL", "PHOENIX_SQL_DATABASE_SCHEMA",
  "PHOENIX_ENABLE_AUTH", "PHOENIX_SECRET", "PHOENIX_ADMIN_SECRET", "PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD", "PHOENIX_GRPC_PORT",
  "PHOENIX_ACCESS_TOKEN_EXPIRY_MINUTES", "PHOENIX_REFRESH_TOKEN_EXPIRY_MINUTES", "PHOENIX_CSRF_TRUSTED_ORIGINS", "PHOENIX_USE_SECURE_COOKIES",
  "PHOENIX_TELEMETRY_ENABLED", "PHOENIX_ENABLE_PROMETHEUS", "PHOENIX_MAX_SPANS_QUEUE_SIZE", "PHOENIX_BASE_URL", "PHOENIX_TLS_ENABLED",
  "PHOENIX_TLS_CERT_FILE", "PHOENIX_TLS_KEY_FILE", "PHOENIX_LOGGING_LEVEL", "PHOENIX_DB_LOGGING_LEVEL", "PHOENIX_ALLOWED_ORIGINS", "PHOENIX_ROOT_URL",
  "OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER", "OTEL_PROPAGATORS", "OTEL_EXPORTER_OTLP_PROTOCOL",
  "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_HEADERS",
  "OTEL_EXPORTER_OTLP_LOGS_HEADERS", "OTEL_EXPORTER_OTLP_INSECURE", "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT",
  "OTEL_EXPORTER_OTLP_METRICS_COMPRESSION", "OTEL_BLRP_MAX_QUEUE_SIZE", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_NODE_RESOURCE_DETECTORS",
  "OTEL_NODE_ENABLED_INSTRUMENTATIONS", "OTEL_SEMCONV_STABILITY_OPT_IN", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT",
];

describe("variables named like ours but not ours", () => {
  it("a near miss is named with the variable it was probably meant to be", () => {
    expect(misspelledVariables({ PHOENIX_COLLECTOR_ENDPOINTS: "http://phoenix:6006", PHOENIX_API_KEYS: "x", OTEL_BSP_SCHEUDLE_DELAY: "5" })).toEqual([
      { name: "PHOENIX_COLLECTOR_ENDPOINTS", meant: "PHOENIX_COLLECTOR_ENDPOINT" },
      { name: "PHOENIX_API_KEYS", meant: "PHOENIX_API_KEY" },
      { name: "OTEL_BSP_SCHEUDLE_DELAY", meant: "OTEL_BSP_SCHEDULE_DELAY" },
    ]);
  });

  it("no false alarm on the server's variables or the other signals', on our own, or on empty values", () => {
    expect(misspelledVariables(Object.fromEntries(LEGITIMATE.map((name) => [name, "1"])))).toEqual([]);
    expect(misspelledVariables({ PHOENIX_COLLECTOR_ENDPOINT: "http://x", PHOENIX_API_KEY_FILE: "/k", PHOENIX_COLLECTOR_ENDPOINTS: " " })).toEqual([]);
  });

  it("register() says it once as a warning (the key's value is never shown)", () => {
    const config = resolveConfig({}, { PHOENIX_COLLECTOR_ENDPOINTS: "http://phoenix:6006" });
    expect(config.warnings).toEqual(["PHOENIX_COLLECTOR_ENDPOINTS is set, but it is not a variable this package reads (it is ignored): did you mean PHOENIX_COLLECTOR_ENDPOINT?"]);
    expect(config.endpoint.value).toBe("http://localhost:6006/v1/traces");
  });
});

describe("a key in a header Phoenix does not read", () => {
  it("api_key=… in PHOENIX_CLIENT_HEADERS with no authorization: one warning naming the fix, the value never shown", () => {
    const config = resolveConfig({}, { PHOENIX_CLIENT_HEADERS: "api_key=k-123456789" });
    expect(config.warnings).toEqual([
      'PHOENIX_CLIENT_HEADERS sends the key in a header named "api_key", which Phoenix does not read (it is the legacy form of Phoenix Cloud): ' +
        "with no authorization header, a Phoenix with authentication on refuses the spans as sent without a key. " +
        "Set PHOENIX_API_KEY to the key instead (sent as authorization: Bearer <key>).",
    ]);
  });

  it("no warning when an authorization is also sent", () => {
    expect(resolveConfig({}, { PHOENIX_CLIENT_HEADERS: "api_key=k-1", PHOENIX_API_KEY: "a-key-1234" }).warnings).toEqual([]);
  });
});
