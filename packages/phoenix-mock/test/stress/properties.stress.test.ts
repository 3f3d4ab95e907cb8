import { describe, it } from "vitest";
import { jsonGraphqlProperty, protobufProperty, storedBytesProperty, tokenProperty } from "../properties.js";
import { requestShapeProperty } from "../server/shapes-property.js";

// PHOENIX_STRESS_RUNS overrides the count (default 10,000 per property). A failure prints fast-check's seed and path.
const numRuns = Number(process.env.PHOENIX_STRESS_RUNS ?? process.env.PHOENIX_PROPERTY_RUNS ?? 10_000);

describe(`property-based checks, ${numRuns} cases each`, () => {
  it("protobuf bodies (odd values, truncated, mutated, random): no crash, no 5xx, read-back stays 200", () => protobufProperty({ numRuns }));
  it("spans kept as bytes (nested resources and scopes, unknown fields, odd values, mutations) read back equal", () => storedBytesProperty({ numRuns }));
  it("JSON/GraphQL bodies: no 5xx Phoenix does not give", () => jsonGraphqlProperty({ numRuns }));
  it("tokens (characters, segments, algorithms, jti kinds, encodings): no altered or forged token accepted", () => tokenProperty({ numRuns }));
  it("request shapes (raw bytes to one phoenix-mock process): well-formed answers, no undocumented 5xx, healthy after each", async () => {
    const result = await requestShapeProperty({ numRuns });
    console.log(`[shapes] ${result.cases} cases; statuses ${JSON.stringify(Object.fromEntries([...result.statuses].sort()))}; closed without an answer: ${result.silentCloses}${result.silentCloseShapes.map((shape) => `\n[shapes] closed without an answer: ${shape}`).join("")}`);
  });
});
