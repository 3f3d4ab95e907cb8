// `phoenix-mock`: the mock Phoenix (in process, over MSW, or on a real socket), the MSW helpers, the server in a child
// process, and PhoenixAdmin (Phoenix's admin API for tests and CI scripts, against the mock or a real Phoenix).
export { MockPhoenix, PHOENIX_VERSION, createMockPhoenix, createManualClock } from "./mock.js";
export type * from "./mock.js";
export {
  PhoenixMockError,
  MockConfigError,
  MockUsageError,
  PhoenixAdminConfigError,
  PhoenixAdminError,
  asPhoenixMockError,
} from "./errors.js";
export type { AnyPhoenixMockError, PhoenixMockErrorCode } from "./errors.js";
export { phoenixHandlers, setupMswServer, type MockMswServer } from "./msw/index.js";
export { startMockServer, type MockServerProcess, type StartMockServerOptions } from "./server/child.js";
export { PhoenixAdmin } from "./admin/index.js";
export type * from "./admin/index.js";
