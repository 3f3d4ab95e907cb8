/**
 * POST /v1/spans on the mock: the multipart JSON frame Phoenix's Python client reads (checked against Phoenix's own
 * answers in src/contract/cases/span-query.ts), the filters the mock evaluates, and its 501s for the rest. The Arrow
 * answer (no Accept: application/json) is in span-query-arrow.test.ts.
 */
import { describe, expect, it } from "vitest";
import { generatePassword } from "../../../../test/helpers/secrets.js";
import { authMock, bearer, login, otlpBody } from "../helpers.js";

const ACCEPT_JSON = { accept: "application/json", "content-type": "application/json" };
const QUERY = { queries: [{ index: { key: "context.span_id" } }], limit: 1000 };

async function seeded() {
  const mock = authMock();
  const body = otlpBody(
    [
      { spanName: "root", attributes: { "openinference.project.name": "shop" }, spanAttributes: { "openinference.span.kind": "CHAIN", "input.value": "hi", "app.tier": "gold" } },
      { spanName: "llm", attributes: { "openinference.project.name": "shop" }, spanAttributes: { "openinference.span.kind": "LLM", "llm.model_name": "m" } },
    ],
    1,
  );
  const res = await mock.request("/v1/traces", { method: "POST", headers: { ...bearer(mock.adminSecret), "content-type": "application/x-protobuf" }, body });
  expect(res.status).toBe(200);
  return mock;
}

async function frames(response: Response): Promise<{ schema: { fields: { name: string; type: string }[] }; data: Record<string, unknown>[] }[]> {
  const type = response.headers.get("content-type")!;
  const boundary = /boundary=(.+)$/.exec(type)![1]!;
  const text = await response.text();
  expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => JSON.parse(part.split("\r\n\r\n")[1]!));
}

describe("POST /v1/spans (span query)", () => {
  it("answers one pandas table-schema frame per query, index context.span_id, attribute columns as Phoenix names them", async () => {
    const mock = await seeded();
    const response = await mock.request("/v1/spans?project_name=shop", { method: "POST", headers: { ...bearer(mock.adminSecret), ...ACCEPT_JSON }, body: JSON.stringify(QUERY) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^multipart\/mixed; boundary=[\w-]{86}$/);
    const [frame] = await frames(response);
    const names = frame!.schema.fields.map((f) => f.name);
    expect(names.slice(0, 11)).toEqual([
      "0_context.span_id", "1_name", "2_span_kind", "3_parent_id", "4_start_time", "5_end_time", "6_status_code",
      "7_status_message", "8_events", "9_context.span_id", "10_context.trace_id",
    ]);
    // OpenInference names stay flat; `app.tier` nests under `app`, as Phoenix's _flatten_semantic_conventions does.
    expect(names.slice(11).map((n) => n.replace(/^\d+_/, "")).sort()).toEqual([
      "attributes.app", "attributes.input.value", "attributes.llm.model_name", "attributes.openinference.span.kind",
    ]);
    expect(frame!.schema.fields.find((f) => f.name === "4_start_time")).toEqual({ name: "4_start_time", type: "datetime", tz: "UTC" });
    const root = frame!.data.find((row) => row["1_name"] === "root")!;
    expect(root["4_start_time"]).toBe("2026-11-26T13:53:15.387354000Z");
    expect(root[names.find((n) => n.endsWith("attributes.app"))!]).toEqual({ tier: "gold" });
    expect(root["3_parent_id"]).toBeNull();
  });

  it("evaluates name / span_kind / status_code equality, parent_id is None, limit and the time range; an unknown project is an empty frame", async () => {
    const mock = await seeded();
    const ask = async (body: unknown, path = "/v1/spans?project_name=shop") =>
      frames(await mock.request(path, { method: "POST", headers: { ...bearer(mock.adminSecret), ...ACCEPT_JSON }, body: JSON.stringify(body) }));
    const names = (frame: { data: Record<string, unknown>[] }) => frame.data.map((row) => row["1_name"]);
    const [llm, root] = await ask({ queries: [{ filter: { condition: "span_kind == 'LLM'" } }, { filter: { condition: 'name == "root" and parent_id is None' } }] });
    expect([names(llm!), names(root!)]).toEqual([["llm"], ["root"]]);
    expect(names((await ask({ ...QUERY, limit: 1 }))[0]!)).toHaveLength(1);
    expect(names((await ask({ ...QUERY, start_time: "2999-01-01T00:00:00+00:00" }))[0]!)).toEqual([]);
    const [empty] = await ask(QUERY, "/v1/spans?project_name=nope");
    expect(empty!.schema.fields.map((f) => f.type)).toEqual(Array(11).fill("string"));
  });

  it("refuses what Phoenix refuses (viewer 403, 422, 404) and names what the mock cannot evaluate (501)", async () => {
    const mock = await seeded();
    const password = generatePassword();
    await mock.createUser({ email: "viewer@example.com", password, role: "VIEWER" });
    const viewer = await login((path, init) => mock.request(path, init), "viewer@example.com", password);
    const post = (body: unknown, headers: Record<string, string> = bearer(mock.adminSecret)) =>
      mock.request("/v1/spans", { method: "POST", headers: { ...ACCEPT_JSON, ...headers }, body: JSON.stringify(body) });
    expect((await post(QUERY, bearer(viewer.access))).status).toBe(403);
    expect((await post(QUERY, {})).status).toBe(401);
    expect((await post({})).status).toBe(422);
    expect([(await post({ queries: [] })).status]).toEqual([404]);
    const select = await post({ queries: [{ select: { n: { key: "name" } } }] });
    expect([select.status, await select.text()]).toEqual([501, expect.stringContaining("does not implement `select` in span queries")]);
    const filter = await post({ queries: [{ filter: { condition: "latency_ms > 5" } }] });
    expect(await filter.text()).toContain('the filter condition "latency_ms > 5"');
  });
});
