export { PhoenixOtelAuthError, PhoenixConfigError } from "./errors.js";
export type { PhoenixOtelAuthErrorCode } from "./errors.js";
