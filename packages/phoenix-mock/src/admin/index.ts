export { PhoenixAdmin, PhoenixAdminError } from "./phoenix-admin.js";
export type * from "./types.js";
