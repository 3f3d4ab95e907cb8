// Attribute keys that are also names of JavaScript's object machinery (`__proto__`, `constructor`, `toString`) are
// attributes like any other in Phoenix (a Python dict): ingest keeps them, and every read-back route shows them.
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { createMockPhoenix } from "../../../src/index.js";
import { OTLP_PACKAGE, OTLP_TRACE_SCHEMA } from "../../../src/otlp/schema.js";

const kv = (key: string, value: unknown) => ({ key, value });

function body(): Uint8Array {
  const type = protobuf.parse(OTLP_TRACE_SCHEMA, { keepCase: true }).root.lookupType(`${OTLP_PACKAGE}.ExportTraceServiceRequest`);
  return type
    .encode(
      type.fromObject({
        resource_spans: [
          {
            resource: { attributes: [kv("openinference.project.name", { string_value: "hostile" })] },
            scope_spans: [
              {
                spans: [
                  {
                    trace_id: Buffer.alloc(16, 7),
                    span_id: Buffer.alloc(8, 7),
                    name: "s",
                    kind: 1,
                    start_time_unix_nano: "1795701195387354000",
                    end_time_unix_nano: "1795701195388354000",
                    attributes: [
                      kv("__proto__", { kvlist_value: { values: [kv("x", { string_value: "y" })] } }),
                      kv("constructor", { array_value: { values: [{ int_value: 1 }] } }),
                      kv("toString", { string_value: "t" }),
                      // Found by the protobuf property (a 500): an array of mixed kinds holding a map with a `toString` key.
                      kv("mixed", { array_value: { values: [{ string_value: "s" }, { kvlist_value: { values: [kv("toString", { string_value: "x" })] } }, { bool_value: true }] } }),
                    ],
                    events: [{ name: "e", time_unix_nano: "1795701195387854000", attributes: [kv("__proto__", { string_value: "q" })] }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    )
    .finish();
}

describe("hostile attribute keys", () => {
  it("__proto__, constructor and toString are kept and read back on every route", async () => {
    const mock = createMockPhoenix();
    const ingest = await mock.request("/v1/traces", { method: "POST", headers: { "content-type": "application/x-protobuf" }, body: body() });
    expect(ingest.status).toBe(200);

    const spans = await mock.request("/v1/projects/hostile/spans");
    expect(spans.status).toBe(200);
    const [span] = ((await spans.json()) as { data: Array<{ attributes: Record<string, unknown>; events: Array<{ attributes: Record<string, unknown> }> }> }).data;
    // An array holding a map is flattened by index and its other items dropped, as Phoenix 20.26.1 does (conformance
    // case spans-hostile-attribute-keys, recorded from it).
    expect(Object.entries(span!.attributes)).toEqual([["__proto__.x", "y"], ["constructor", [1]], ["toString", "t"], ["mixed.1.toString", "x"]]);
    expect(Object.entries(span!.events[0]!.attributes)).toEqual([["__proto__", "q"]]);

    const otlp = await mock.request("/v1/projects/hostile/spans/otlpv1");
    expect(otlp.status).toBe(200);
    const keys = ((await otlp.json()) as { data: Array<{ attributes: Array<{ key: string }> }> }).data[0]!.attributes.map((a) => a.key);
    expect(keys).toEqual(["__proto__.x", "constructor", "toString", "mixed.1.toString"]);

    for (const accept of ["application/json", "application/x-pandas-arrow"]) {
      const query = await mock.request("/v1/spans?project_name=hostile", { method: "POST", headers: { "content-type": "application/json", accept }, body: JSON.stringify({ queries: [{}] }) });
      expect(query.status, accept).toBe(200);
      await query.arrayBuffer();
    }
  });
});
