/**
 * `phoenix-otel-auth/vercel`: `@arizeai/openinference-vercel` (OpenInferenceSimpleSpanProcessor,
 * OpenInferenceBatchSpanProcessor, isOpenInferenceSpan and its types), as `@arizeai/phoenix-otel/vercel`.
 * ESM only, like that package.
 */
export * from "@arizeai/openinference-vercel";
