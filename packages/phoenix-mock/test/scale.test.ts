// The mock's cost per request must not grow with what is stored. Not timed: the span store counts every record any
// operation touches (spansVisited), and these tests bound that count per request with 100,000 spans already stored.
import protobuf from "protobufjs";
import { beforeAll, describe, expect, it } from "vitest";
import { spanStoreOf } from "../src/mock.js";
import { OTLP_PACKAGE, OTLP_TRACE_SCHEMA } from "../src/otlp/schema.js";
import type { MockPhoenix } from "../src/index.js";
import { authMock, bearer } from "./helpers.js";

const type = protobuf.parse(OTLP_TRACE_SCHEMA, { keepCase: true }).root.lookupType(`${OTLP_PACKAGE}.ExportTraceServiceRequest`);

/** `count` minimal spans with span ids first..first+count-1, in one resource of `project`. */
function body(first: number, count: number, project = "scale"): Uint8Array {
  const spans = Array.from({ length: count }, (_, i) => {
    const id = Buffer.alloc(8);
    id.writeUInt32BE(first + i, 4);
    return { trace_id: Buffer.alloc(16, 7), span_id: id, name: `span-${first + i}`, kind: 1, start_time_unix_nano: 1, end_time_unix_nano: 2 };
  });
  const attributes = [{ key: "openinference.project.name", value: { string_value: project } }];
  return type.encode({ resource_spans: [{ resource: { attributes }, scope_spans: [{ spans }] }] }).finish();
}

const STORED = 100_000;
const BATCH = 512;

describe("ingest and read-back cost does not depend on the store's size", () => {
  let mock: MockPhoenix;
  let key: string;
  const post = (bytes: Uint8Array) =>
    mock.request("/v1/traces", { method: "POST", headers: { "content-type": "application/x-protobuf", ...bearer(key) }, body: bytes });
  /** Spans touched by `action`, per the store's work counter. */
  const visits = async (action: () => Promise<unknown>) => {
    const store = spanStoreOf(mock);
    const before = store.spansVisited;
    await action();
    return store.spansVisited - before;
  };

  beforeAll(async () => {
    mock = authMock();
    ({ key } = await mock.createSystemApiKey());
    for (let first = 0; first < STORED; first += 10_000) expect((await post(body(first, 10_000))).status).toBe(200);
    expect(mock.spanStats().stored).toBe(STORED);
  });

  it("a 512-span export into 100,000 stored spans touches only its own 512 spans", async () => {
    expect(await visits(() => post(body(STORED, BATCH)))).toBe(BATCH);
    // Re-sending the same spans stores nothing, and checking them costs one lookup each, not a scan.
    expect(await visits(() => post(body(STORED, BATCH)))).toBe(BATCH);
    expect(mock.spanStats().stored).toBe(STORED + BATCH);
  });

  it("a pending waitForSpans compares a count on each ingest instead of copying the store", async () => {
    const waiting = mock.waitForSpans({ project: "other", count: 2, timeoutMs: 10_000 });
    expect(await visits(() => post(body(2 * STORED, 1, "other")))).toBe(1);
    const touched = await visits(async () => {
      await post(body(2 * STORED + 1, 1, "other"));
      expect((await waiting).map((s) => s.name)).toEqual([`span-${2 * STORED}`, `span-${2 * STORED + 1}`]);
    });
    expect(touched).toBe(1 + 2); // the ingested span, then the copy of the two spans the wait resolves with
  });

  it("a page of read-back touches the page (plus one row to find the next cursor), from the start and from a cursor", async () => {
    const page = async (query: string) => {
      let json: { data: { id: string; name: string }[]; next_cursor: string | null } | undefined;
      const touched = await visits(async () => {
        const response = await mock.request(`/v1/projects/scale/spans?${query}`, { headers: bearer(key) });
        expect(response.status).toBe(200);
        json = (await response.json()) as typeof json;
      });
      return { touched, json: json! };
    };
    const first = await page("limit=100");
    expect(first.touched).toBe(101);
    expect(first.json.data[0]!.name).toBe(`span-${STORED + BATCH - 1}`);
    const second = await page(`limit=100&cursor=${encodeURIComponent(first.json.next_cursor!)}`);
    expect(second.touched).toBe(101);
    expect(second.json.data[0]!.name).toBe(`span-${STORED + BATCH - 101}`);
    const oldest = await page("limit=3&order=asc");
    expect(oldest.touched).toBe(4);
    expect(oldest.json.data.map((s) => s.name)).toEqual(["span-0", "span-1", "span-2"]);
  });
});
