import * as testing from "../src/index.js";
import { MockUsageError, PhoenixAdminConfigError, PhoenixMockError } from "../src/errors.js";
import { NOT_NUMBERS, NOT_OBJECTS, type Row, any, describeArgumentTable, row, secret } from "../../../test/helpers/argument-table.js";

// Every public function of phoenix-mock, called with bad arguments, answers with a MockUsageError (the mock's test API)
// or a PhoenixAdminConfigError (PhoenixAdmin) that names the function and the argument (test/helpers/argument-table.ts).
const usage = row(MockUsageError);
const admin = row(PhoenixAdminConfigError);
const mock = () => testing.createMockPhoenix();

const ROWS: Row[] = [
  admin("PhoenixAdmin", "options", (v) => new testing.PhoenixAdmin(any(v)), [undefined, ...NOT_OBJECTS]),
  admin("PhoenixAdmin", "baseUrl", (v) => testing.PhoenixAdmin.login(any(v), "admin@localhost", "admin"), [undefined, null, 42, "x", {}]),
  usage("createMockPhoenix", "options", (v) => testing.createMockPhoenix(any(v))),
  usage("createManualClock", "startMs", (v) => testing.createManualClock(any(v)), NOT_NUMBERS.slice(1)),
  usage("clock.advance", "ms", (v) => testing.createManualClock().advance(any(v)), [...NOT_NUMBERS, -1]),
  usage("clock.set", "ms", (v) => testing.createManualClock().set(any(v)), NOT_NUMBERS),
  usage("setupMswServer", "mock", (v) => testing.setupMswServer(any(v)), [undefined, ...NOT_OBJECTS, {}]),
  usage("phoenixHandlers", "mock", (v) => testing.phoenixHandlers(any(v), { http: { all: () => ({}) } }), [undefined, ...NOT_OBJECTS, {}]),
  usage("phoenixHandlers", "msw", (v) => testing.phoenixHandlers(mock(), any(v)), [undefined, ...NOT_OBJECTS, {}, { http: {} }]),
  usage("startMockServer", "options", (v) => testing.startMockServer(any(v))),
  usage("mock.listen", "options", (v) => mock().listen(any(v))),
  usage("mock.listenGrpc", "options", (v) => mock().listenGrpc(any(v))),
  usage("mock.restart", "options", (v) => mock().restart(any(v))),
  usage("mock.request", "path", (v) => mock().request(any(v)), [undefined, null, 42, {}, []]),
  usage("mock.handle", "request", (v) => mock().handle(any(v)), [undefined, ...NOT_OBJECTS, {}]),
  usage("mock.spans", "filter", (v) => mock().spans(any(v))),
  usage("mock.waitForSpans", "options", (v) => mock().waitForSpans(any(v))),
  usage("mock.createSystemApiKey", "options", (v) => testing.createMockPhoenix({ enableAuth: true, secret }).createSystemApiKey(any(v))),
  usage("mock.createUser", "options", (v) => mock().createUser(any(v)), [undefined, ...NOT_OBJECTS]),
  usage("mock.createUser", "email", (v) => mock().createUser(any({ email: v, role: "MEMBER" })), [undefined, null, 42, "", {}]),
  usage("mock.createUser", "role", (v) => mock().createUser(any({ email: "a@b.c", role: v })), [undefined, null, "SYSTEM", "admin", 1]),
  usage("mock.createUser", "password", (v) => mock().createUser(any({ email: "a@b.c", role: "MEMBER", password: v })), [null, 42, {}]),
  usage("mock.createUserApiKey", "options", (v) => testing.createMockPhoenix({ enableAuth: true, secret }).createUserApiKey(any(v)), [undefined, ...NOT_OBJECTS]),
  // Options inside the options object whose wrong type or range would otherwise fail deep inside.
  usage("createMockPhoenix", "env", (v) => testing.createMockPhoenix(any({ env: v })), [null, 5, [], "PHOENIX_ENABLE_AUTH=true"]),
  usage("createMockPhoenix", "clock", (v) => testing.createMockPhoenix(any({ clock: v })), [null, 5, {}]),
  usage("createMockPhoenix", "logger", (v) => testing.createMockPhoenix(any({ logger: v })), [null, 5]),
  usage("createMockPhoenix", "baseUrl", (v) => testing.createMockPhoenix(any({ baseUrl: v })), [null, 5, {}]),
  usage("mock.restart", "env", (v) => mock().restart(any({ env: v })), [null, 5]),
  usage("mock.listen", "port", (v) => mock().listen(any({ port: v })), [-1, 65536, 1.5, "x", null]),
  usage("mock.listen", "grpcPort", (v) => mock().listen(any({ grpcPort: v })), [-1, 65536, "4317"]),
  usage("mock.listen", "host", (v) => mock().listen(any({ host: v })), [5, "", null]),
  usage("mock.listen", "maxHeaderBytes", (v) => mock().listen(any({ maxHeaderBytes: v })), [-1, 0, 1.5, "x"]),
  usage("mock.listenGrpc", "port", (v) => mock().listenGrpc(any({ port: v })), [-1, 70000, "x"]),
  usage("mock.waitForSpans", "count", (v) => mock().waitForSpans(any({ count: v, timeoutMs: 1 })), [-1, 1.5, "x", null]),
  usage("mock.waitForSpans", "timeoutMs", (v) => mock().waitForSpans(any({ timeoutMs: v })), [-1, NaN, "x", null]),
  usage("startMockServer", "port", (v) => testing.startMockServer(any({ port: v })), [-1, 65536, "x"]),
  usage("startMockServer", "env", (v) => testing.startMockServer(any({ env: v })), [null, 5]),

];

// MockPhoenix's constructor is not the public way in (createMockPhoenix is); asPhoenixMockError takes any value.
describeArgumentTable(PhoenixMockError, ROWS, testing, new Set(), new Set(["MockPhoenix", "asPhoenixMockError"]));
