export { PhoenixAdmin, PhoenixAdminError } from "./phoenix-admin.js";
export type {
  CreateApiKeyInput,
  CreateUserInput,
  ListSpansOptions,
  PhoenixAdminOptions,
  PhoenixApiKey,
  PhoenixSpan,
  PhoenixUser,
  PhoenixUserRole,
  SpanPage,
} from "./phoenix-admin.js";
