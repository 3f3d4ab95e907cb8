// result-codes.ts copies @opentelemetry/core's two ExportResultCode values so that start-up does not import core: this
// fails when core's values change (the compiler checks the same against core's types).
import { ExportResultCode } from "@opentelemetry/core";
import { describe, expect, it } from "vitest";
import { FAILED, SUCCESS } from "../../src/lazy/result-codes.js";

describe("result-codes.ts", () => {
  it("holds @opentelemetry/core's ExportResultCode values", () => {
    expect({ SUCCESS, FAILED }).toEqual({ SUCCESS: ExportResultCode.SUCCESS, FAILED: ExportResultCode.FAILED });
  });
});
