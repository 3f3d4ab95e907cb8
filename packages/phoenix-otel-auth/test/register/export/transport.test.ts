import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tlsFromEnv } from "../../../src/register/export/transport.js";

describe("the TLS variables", () => {
  const dir = mkdtempSync(join(tmpdir(), "tls-env-"));
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
  const general = file("general.pem", "general CA");
  const traces = file("traces.pem", "traces CA");

  it("the traces form wins, an empty one counts as unset, and each file is read", () => {
    expect(String(tlsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: traces, OTEL_EXPORTER_OTLP_CERTIFICATE: general }).ca)).toBe("traces CA");
    expect(String(tlsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: "  ", OTEL_EXPORTER_OTLP_CERTIFICATE: general }).ca)).toBe("general CA");
    const client = tlsFromEnv({ OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: file("cert.pem", "cert"), OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: file("key.pem", "key") });
    expect([String(client.cert), String(client.key), client.ca]).toEqual(["cert", "key", undefined]);
    expect(tlsFromEnv({})).toEqual({});
  });

  it("a file that cannot be read is left out", () => {
    expect(tlsFromEnv({ OTEL_EXPORTER_OTLP_CERTIFICATE: join(dir, "missing.pem") })).toEqual({});
  });
});
