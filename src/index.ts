export {
  PhoenixOtelAuthError,
  PhoenixConfigError,
  MockConfigError,
  MockUsageError,
  PhoenixAdminError,
  asPhoenixOtelAuthError,
} from "./errors.js";
export type { AnyPhoenixOtelAuthError, PhoenixOtelAuthErrorCode } from "./errors.js";
export { register, PhoenixTracerProvider } from "./register/register.js";
export type { PhoenixHandle } from "./register/register.js";
export { resolveConfig } from "./register/config.js";
export type { ResolvedConfig, ResolvedBatch, AuthorizationConfig } from "./register/config.js";
export { verifyConnection } from "./register/verify.js";
export type { VerifyOptions, VerifyResult, VerifyStatus } from "./register/verify.js";
export type { ExportStats } from "./register/exporter.js";
export type { FailureKind } from "./register/failures.js";
export type {
  ApiKeyOption,
  BatchOptions,
  ConfigSource,
  DiagLogLevelName,
  Env,
  PhoenixLogger,
  RegisterOptions,
  Resolved,
} from "./register/types.js";
