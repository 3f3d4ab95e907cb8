// `phoenix-otel-auth/testing`: the mock Phoenix (in process, over MSW, or on a real socket).
export {
  MockPhoenix,
  MockUsageError,
  MockConfigError,
  PHOENIX_VERSION,
  createMockPhoenix,
  createManualClock,
} from "./mock/index.js";
export type * from "./mock/index.js";
export { phoenixHandlers, setupMswServer, type MockMswServer } from "./mock/msw/index.js";
export { startMockServer, type MockServerProcess, type StartMockServerOptions } from "./mock/server/child.js";
export { PhoenixAdmin, PhoenixAdminError } from "./admin/index.js";
export type * from "./admin/index.js";
