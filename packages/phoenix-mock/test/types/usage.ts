// Type-checked from the packed tarball by scripts/runner-matrix.sh in every TypeScript resolution mode users have
// (node10, node16 and nodenext as CommonJS and as ESM, bundler), with `strict`, `skipLibCheck: false` and the optional
// peer msw NOT installed: the package's declarations must compile as a user's project sees them. Not part of the
// repository's own type check (tsconfig.json excludes this folder: it imports the package by its published name).
import { PhoenixConfigError, register, resolveConfig, type ExportStats, type RegisterOptions } from "phoenix-otel-auth";
import {
  createManualClock,
  createMockPhoenix,
  MockUsageError,
  PhoenixAdmin,
  phoenixHandlers,
  setupMswServer,
  startMockServer,
  type MockMswServer,
  type MockPhoenix,
  type MockServerProcess,
} from "phoenix-mock";

export async function usage(): Promise<void> {
  const clock = createManualClock();
  const phoenix: MockPhoenix = createMockPhoenix({ enableAuth: true, secret: `${"x".repeat(40)}a1`, clock });
  const url: string = await phoenix.listen();
  const options: RegisterOptions = { url, apiKey: () => undefined, projectName: "shop", batch: false, global: false };
  const provider = register(options);
  const stats: ExportStats = provider.phoenix.stats();
  const { held, exported }: { held: number; exported: number } = stats;
  const { key }: { key: string } = await phoenix.createSystemApiKey({ name: "shop" });
  const server: MockServerProcess = await startMockServer({ env: { PHOENIX_ENABLE_AUTH: "true" } });
  const admin = new PhoenixAdmin({ baseUrl: server.url, token: key });
  const msw: MockMswServer = setupMswServer(phoenix);
  await msw.listen({ onUnhandledRequest: "error" });
  const handlers: unknown[] = phoenixHandlers(phoenix, { http: { all: () => ({}) } });
  const resolved = resolveConfig({}, {});
  const errors: Function[] = [PhoenixConfigError, MockUsageError];
  void [held, exported, admin, handlers, resolved, errors];
  await provider.shutdown();
  await server.stop();
}
