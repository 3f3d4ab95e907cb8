import { describe, expect, it } from "vitest";
import { Double, doubleValue, holdsBytes, intValue, kindOf, plainAttributes, pythonFloat } from "../../src/otlp/values.js";
import { anyValueJson, pythonRepr, stringifyJson, valueJson } from "../../src/http/readback/value-encoders.js";
import { createMockPhoenix } from "../../src/index.js";
import { exportRequest } from "../../src/contract/otlp.js";

describe("the attribute value type", () => {
  it("tells every kind apart, an integral double and a big int included", () => {
    expect([intValue("2"), doubleValue(2), doubleValue(2.5), doubleValue(-0), intValue("4611686018427387904"), "2", true, new Uint8Array([1]), [1], { a: 1 }, null].map(kindOf)).toEqual([
      "int", "double", "double", "double", "int", "string", "bool", "bytes", "array", "kvlist", "empty",
    ]);
    expect(intValue("4611686018427387904")).toBe(4611686018427387904n);
    expect(doubleValue(2)).toBeInstanceOf(Double);
  });

  it("writes floats as Python's repr does", () => {
    const cases: [number, string][] = [[2, "2.0"], [2.5, "2.5"], [-0, "-0.0"], [1e16, "1e+16"], [1e21, "1e+21"], [123456789012345.6, "123456789012345.6"], [0.0001, "0.0001"], [0.00001, "1e-05"], [1.5e-7, "1.5e-07"], [Number.NaN, "nan"], [-Infinity, "-inf"]];
    expect(cases.map(([value]) => pythonFloat(value))).toEqual(cases.map(([, text]) => text));
  });

  it("keeps the kind through each encoding", () => {
    const value = [doubleValue(1), doubleValue(2.5)];
    expect(stringifyJson(valueJson(value))).toBe("[1.0,2.5]");
    expect(stringifyJson(valueJson(intValue("4611686018427387904")))).toBe("4611686018427387904");
    expect(pythonRepr([intValue("1"), doubleValue(2), "x", true, null])).toBe("[1, 2.0, 'x', True, None]");
    // Phoenix's _to_array_value: an int among floats makes the array mixed (str() of each); a bool among ints does not.
    expect(stringifyJson((anyValueJson([doubleValue(1), 2]) as { array_value: unknown }).array_value)).toContain('"string_value":"1.0"');
    expect(stringifyJson((anyValueJson([1, true]) as { array_value: unknown }).array_value)).toContain('"bool_value":true');
  });

  it("finds bytes at any depth, and shows users plain numbers", () => {
    expect([holdsBytes([1, [new Uint8Array()]]), holdsBytes({ a: { b: new Uint8Array() } }), holdsBytes([1, "x"])]).toEqual([true, true, false]);
    expect(plainAttributes({ d: doubleValue(2), list: [doubleValue(3)], map: { e: doubleValue(-0) } })).toEqual({ d: 2, list: [3], map: { e: -0 } });
  });

  it("mock.spans() gives an integral double as a number and a big int as a bigint", async () => {
    const mock = createMockPhoenix();
    const { body } = await exportRequest({ names: ["kinds"], rootAttributes: { d: { raw: { double_value: 2 } }, big: { raw: { int_value: "4611686018427387904" } } } });
    const response = await mock.request("/v1/traces", { method: "POST", headers: { "content-type": "application/x-protobuf" }, body });
    expect(response.status).toBe(200);
    const [span] = mock.spans();
    expect(span!.attributes).toMatchObject({ d: 2, big: 4611686018427387904n });
    expect(span!.attributes.d).not.toBeInstanceOf(Double);
  });
});
