import { describe, it } from "vitest";
import { jsonGraphqlProperty, protobufProperty, storedBytesProperty, tokenProperty } from "./properties.js";

// A few hundred cases each here; `npm run test:stress` runs ≥10,000 per property (test/stress/).
describe("property-based checks (fast-check, small run)", () => {
  it("protobuf bodies: no crash, no 5xx, read-back stays 200", () => protobufProperty({ numRuns: 300 }));
  it("spans kept as bytes read back equal to the decoded request's", () => storedBytesProperty({ numRuns: 300 }));
  it("JSON/GraphQL bodies: no 5xx Phoenix does not give", () => jsonGraphqlProperty({ numRuns: 300 }));
  it("tokens: no altered or forged token accepted", () => tokenProperty({ numRuns: 300 }));
});
