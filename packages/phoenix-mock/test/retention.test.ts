import { describe, expect, it } from "vitest";
import { MockConfigError, createMockPhoenix } from "../src/index.js";
import { otlpBody } from "./helpers.js";

const post = (mock: ReturnType<typeof createMockPhoenix>, names: string[], firstId: number) =>
  mock.request("/v1/traces", {
    method: "POST",
    headers: { "content-type": "application/x-protobuf" },
    body: otlpBody(names.map((spanName) => ({ spanName, attributes: { "openinference.project.name": "p" } })), firstId),
  });

describe("maxSpans", () => {
  it("has no bound by default in process", async () => {
    const mock = createMockPhoenix();
    expect(mock.spanStats()).toEqual({ stored: 0, evicted: 0, maxSpans: undefined, queued: 0, refusedAtCapacity: 0, faulted: 0 });
  });

  it("evicts the oldest spans beyond the bound, counts them, keeps row ids, and logs once", async () => {
    const logs: string[] = [];
    const mock = createMockPhoenix({ maxSpans: 3, logger: (m) => logs.push(m) });
    expect((await post(mock, ["a", "b"], 1)).status).toBe(200);
    expect(logs).toEqual([]);
    await post(mock, ["c", "d"], 3);
    await post(mock, ["e"], 5);
    expect(mock.spans().map((s) => s.name)).toEqual(["c", "d", "e"]);
    expect(mock.spanStats()).toEqual({ stored: 3, evicted: 2, maxSpans: 3, queued: 0, refusedAtCapacity: 0, faulted: 0 });
    expect(logs).toEqual([
      "span store full: keeping the newest 3 spans (maxSpans / PHOENIX_MOCK_MAX_SPANS), evicting the oldest " +
        "(1 so far; mock.spanStats() counts them). This is logged once.",
    ]);
    // Read-back: Phoenix's row ids of the survivors are unchanged (3, 4, 5), and the page ends there.
    const page = (await (await mock.request("/v1/projects/p/spans?limit=2")).json()) as { data: { name: string }[]; next_cursor: string };
    expect(page.data.map((s) => s.name)).toEqual(["e", "d"]);
    const rest = (await (await mock.request(`/v1/projects/p/spans?limit=2&cursor=${page.next_cursor}`)).json()) as {
      data: { name: string }[];
      next_cursor: string | null;
    };
    expect(rest).toMatchObject({ data: [{ name: "c" }], next_cursor: null });
    // reset() re-arms the message and zeroes the counts.
    mock.reset();
    expect(mock.spanStats()).toEqual({ stored: 0, evicted: 0, maxSpans: 3, queued: 0, refusedAtCapacity: 0, faulted: 0 });
    await post(mock, ["a", "b", "c", "d"], 1);
    expect(logs).toHaveLength(2);
  });

  it("reads PHOENIX_MOCK_MAX_SPANS from env; the option wins; 0 means no bound", () => {
    expect(createMockPhoenix({ env: { PHOENIX_MOCK_MAX_SPANS: " 50 " } }).spanStats().maxSpans).toBe(50);
    expect(createMockPhoenix({ env: { PHOENIX_MOCK_MAX_SPANS: "50" }, maxSpans: 7 }).spanStats().maxSpans).toBe(7);
    expect(createMockPhoenix({ maxSpans: 0 }).spanStats().maxSpans).toBeUndefined();
  });

  it("rejects a bad bound with a MockConfigError naming the option or variable and the value", () => {
    const attempt = (options: Parameters<typeof createMockPhoenix>[0]) => {
      try {
        createMockPhoenix(options);
      } catch (error) {
        return error;
      }
      throw new Error("expected a MockConfigError");
    };
    const fromOption = attempt({ maxSpans: 2.5 });
    expect(fromOption).toBeInstanceOf(MockConfigError);
    expect(fromOption).toMatchObject({
      variable: "maxSpans",
      message: "maxSpans must be a non-negative integer, got: 2.5. Use a whole number of spans (e.g. 100000), or 0 to keep every span.",
    });
    expect(attempt({ env: { PHOENIX_MOCK_MAX_SPANS: "-1" } })).toMatchObject({
      variable: "PHOENIX_MOCK_MAX_SPANS",
      message: "PHOENIX_MOCK_MAX_SPANS must be a non-negative integer, got: -1. Use a whole number of spans (e.g. 100000), or 0 to keep every span.",
    });
  });

  it("waitForSpans refuses a count the bound can never hold", async () => {
    const mock = createMockPhoenix({ maxSpans: 2 });
    await expect(mock.waitForSpans({ count: 3 })).rejects.toThrow(
      "waitForSpans: count 3 can never be reached: the mock keeps at most maxSpans=2 spans. Wait for fewer, or raise maxSpans.",
    );
  });
});
