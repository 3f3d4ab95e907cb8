export { MockConfigError, MOCK_ENV_VARS, resolveMockConfig, csrfTrustedHostnames, urlHostname } from "./config.js";
export type { MockPhoenixConfig, MockPhoenixOptions } from "./config.js";
export {
  AuthModel,
  MockRejection,
  isAdmin,
  isViewer,
  ASSIGNABLE_ROLES,
  SYSTEM_USER_ID,
  DEFAULT_ADMIN_EMAIL,
  DEFAULT_ADMIN_USERNAME,
  TOKEN_SWEEP_DELAY_MS,
  LOCKOUT_MS,
} from "./model.js";
export type { ApiKey, Clock, MockRejectionKind, Principal, Role, User } from "./model.js";
export { isValidEmail, sanitizeEmail } from "./passwords.js";
export { TokenCodec, parseTokenId } from "./tokens.js";
export type { TokenId, TokenKind } from "./tokens.js";
export { toGlobalId, fromGlobalId, parseGlobalId } from "./ids.js";
export { TraceStore } from "./traces.js";
export type { Project, SpanStoreStats, StoredSpan } from "./traces.js";
export { CLI_DEFAULT_MAX_SPANS, MAX_SPANS_VARIABLE, resolveMaxSpans } from "./retention.js";
