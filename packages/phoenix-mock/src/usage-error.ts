// The class lives in the package's one error module; this path keeps working for existing imports.
export { MockUsageError } from "./errors.js";
