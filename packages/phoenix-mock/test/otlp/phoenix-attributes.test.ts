/**
 * Phoenix's OTLP ingest transformation of span attributes (src/otlp/phoenix-attributes.ts, python-json.ts); what the
 * routes read back is recorded in the conformance case spans-json-string-attributes. Here: the rules one by one, that
 * every route reads the transformed shape while `mock.spans()` keeps what was sent.
 */
import { describe, expect, it } from "vitest";
import { Double } from "../../src/otlp/values.js";
import { markStored, phoenixAttributes, storedAttributes } from "../../src/otlp/phoenix-attributes.js";
import { pythonJsonLoads } from "../../src/otlp/python-json.js";
import { authMock, bearer, otlpBody } from "../helpers.js";

describe("pythonJsonLoads", () => {
  it("reads ints of any size, floats (1.0 a double), NaN/Infinity, and keeps key order", () => {
    expect(pythonJsonLoads(' {"b": 1, "a": [1.0, 2.5, 12345678901234567890, NaN, -Infinity], "b": 3} ')).toEqual({
      b: 3,
      a: [new Double(1), 2.5, 12345678901234567890n, Number.NaN, Number.NEGATIVE_INFINITY],
    });
    expect(Object.keys(pythonJsonLoads('{"b": 1, "a": 2, "b": 3}') as object)).toEqual(["b", "a"]);
    expect(pythonJsonLoads('"\\u00e9\\n"')).toBe("é\n");
    expect(pythonJsonLoads("null")).toBeNull();
  });

  it("refuses what json.loads refuses", () => {
    for (const text of ["", "{bad", "[1,]", "01", "'x'", '"a\tb"', "\ufeff1", "1 2", "[".repeat(1000) + "]".repeat(1000), '{"__proto__": 1'])
      expect(pythonJsonLoads(text), text).toBeUndefined();
    expect(Object.keys(pythonJsonLoads('{"__proto__": {"x": 1}}') as object)).toEqual(["__proto__"]);
  });
});

describe("phoenixAttributes", () => {
  it("parses JSON strings under any key ending in a JSON-string attribute name, keeps others as sent", () => {
    expect(
      phoenixAttributes({ metadata: '{"foo": "bar"}', user_metadata: "[1]", "other.json": '{"x": 1}', "x.metadata": "{bad", "y.metadata": "null", "tool.parameters": "5" }),
    ).toEqual({ metadata: { foo: "bar" }, user_metadata: [1], other: { json: '{"x": 1}' }, x: { metadata: "{bad" }, tool: { parameters: 5 } });
  });

  it("coerces token counts as Python's int() does and writes a non-string input.value as JSON", () => {
    expect(phoenixAttributes({ "llm.token_count.prompt": " 1_2 ", "llm.token_count.completion": "x", "llm.token_count.total": 3.7, "input.value": 42 })).toEqual({
      llm: { token_count: { prompt: 12, completion: "x", total: 3 } },
      input: { value: "42", mime_type: "application/json" },
    });
    expect(phoenixAttributes({ "input.value": 0 })).toEqual({ input: { value: 0 } });
    expect(phoenixAttributes({ "input.value": [new Double(1), "é"] })).toEqual({ input: { value: '[1.0, "\\u00e9"]', mime_type: "application/json" } });
  });

  it("keeps a key named __proto__ as an attribute", () => {
    const stored = phoenixAttributes(JSON.parse('{"__proto__": 1, "a.metadata": "{\\"__proto__\\": {\\"x\\": 1}}"}'));
    expect(Object.keys(stored)).toEqual(["__proto__", "a"]);
    expect(Object.keys((stored["a"] as Record<string, Record<string, unknown>>)["metadata"]!)).toEqual(["__proto__"]);
  });

  it("leaves records already in the stored shape alone, and a key too deep for Phoenix as sent", () => {
    const logged = markStored({ attributes: { metadata: '{"a": 1}' } });
    expect(storedAttributes(logged)).toEqual({ metadata: '{"a": 1}' });
    const deep = { attributes: { [Array(500).fill("d").join(".")]: 1 } };
    expect(storedAttributes(deep)).toBe(deep.attributes);
  });
});

describe("read-back of a JSON-string metadata attribute", () => {
  it("filters and lists it as Phoenix stored it; mock.spans() shows it as sent", async () => {
    const mock = authMock({ disableRateLimit: true });
    const auth = bearer(mock.adminSecret);
    const spanAttributes = { metadata: '{"foo": "bar", "n": 1}', "metadata.extra": "x" };
    const res = await mock.request("/v1/traces", {
      method: "POST",
      headers: { ...auth, "content-type": "application/x-protobuf", "x-project-name": "p" },
      body: otlpBody([{ spanName: "s", spanAttributes }]),
    });
    expect(res.status).toBe(200);
    const names = async (filter: string) =>
      ((await (await mock.request(`/v1/projects/p/spans?attribute=${encodeURIComponent(filter)}`, { headers: auth })).json()) as { data: { name: string }[] }).data.map((s) => s.name);
    expect(await names("metadata.foo:bar")).toEqual(["s"]);
    expect(await names("metadata.n:1")).toEqual(["s"]);
    const listed = (await (await mock.request("/v1/projects/p/spans", { headers: auth })).json()) as { data: { attributes: unknown }[] };
    expect(listed.data[0]!.attributes).toEqual({ "metadata.foo": "bar", "metadata.n": 1, "metadata.extra": "x" });
    expect(mock.spans()[0]!.attributes).toEqual(spanAttributes);
  });
});
