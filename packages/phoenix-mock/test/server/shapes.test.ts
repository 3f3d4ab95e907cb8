import { describe, expect, it } from "vitest";
import { requestShapeProperty } from "./shapes-property.js";

// A few hundred cases here; `npm run test:stress` runs 10,000 (test/stress/properties.stress.test.ts).
const numRuns = Number(process.env.PHOENIX_SHAPE_RUNS ?? 300);

describe("request shapes (fast-check, raw sockets to dist/cli.js)", () => {
  it(`${numRuns} arbitrary requests: well-formed HTTP/1.1 answers, no undocumented 5xx, healthy after each, alive at the end`, async () => {
    const result = await requestShapeProperty({ numRuns, seed: process.env.PHOENIX_SHAPE_SEED ? Number(process.env.PHOENIX_SHAPE_SEED) : undefined });
    console.log(`[shapes] ${result.cases} cases; statuses ${JSON.stringify(Object.fromEntries([...result.statuses].sort()))}; closed without an answer: ${result.silentCloses}${result.silentCloseShapes.map((shape) => `\n[shapes] closed without an answer: ${shape}`).join("")}`);
    expect(result.cases).toBe(numRuns);
  }, 120_000);
});
