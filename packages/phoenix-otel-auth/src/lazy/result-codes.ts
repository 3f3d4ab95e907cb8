import type { ExportResultCode } from "@opentelemetry/core";

// Copy of @opentelemetry/core's two ExportResultCode values: importing core from ESM costs 2-4 ms of start-up on the
// 2.x line, where nothing else of it is needed before the first export. The compiler checks each value against the
// installed core's enum, and test/lazy/result-codes.test.ts compares them at run time.
export const SUCCESS: ExportResultCode.SUCCESS = 0;
export const FAILED: ExportResultCode.FAILED = 1;
