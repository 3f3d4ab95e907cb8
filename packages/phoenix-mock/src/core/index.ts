export { MockConfigError, MOCK_ENV_VARS, resolveMockConfig } from "./config.js";
export type { MockPhoenixConfig, MockPhoenixOptions } from "./config.js";
export { AuthModel } from "./model.js";
export { ASSIGNABLE_ROLES, TOKEN_SWEEP_DELAY_MS } from "./store.js";
export type { ApiKey, AuthMethod, Clock, Role, User } from "./store.js";
export { adminProblem, annotationOwnerFilter, authenticationProblem, ingestProblem, isAdmin, isViewer, requireAuthEnabled, userNodeProblem, viewerWriteProblem } from "./auth.js";
export type { CredentialSource, Principal } from "./auth.js";
export {
  DEFAULT_ADMIN_EMAIL,
  DEFAULT_ADMIN_USERNAME,
  SYSTEM_USER_ID,
  hasDefaultAdminEmail,
  isSeededAccount,
  isSeededDefaultAdmin,
} from "./users.js";
export { LOCKOUT_MS } from "./sessions.js";
export { Rejection, reject, rejectIf } from "./rejections.js";
export type { RejectionReason } from "./rejections.js";
export { isValidEmail, sanitizeEmail } from "./passwords.js";
export { TokenCodec, parseTokenId } from "./tokens.js";
export type { TokenId, TokenKind } from "./tokens.js";
export { toGlobalId, fromGlobalId, parseGlobalId } from "./ids.js";
export { instantFromDate, instantFromMs, isoformat, msOf, parseIsoDatetime, wholeSeconds } from "./instant.js";
export type { Instant, ParsedDatetime } from "./instant.js";
