// Scenario latency on the mock: "auth on -> rejected -> admin login -> password change -> system key -> accepted ->
// read back" (bench/lib/scenario.mjs), in process (mock.handle, no socket) and over a real socket, on a fresh mock each
// round, the two alternating. The same scenario on real Phoenix runs in phoenix.bench.mjs.
import { randomBytes } from "node:crypto";
import { createMockPhoenix } from "phoenix-mock";
import { ROUNDS, row, summary } from "./lib/common.mjs";
import { authScenario } from "./lib/scenario.mjs";

const secret = `b3nch${randomBytes(24).toString("hex")}`;
async function inProcess() {
  const mock = createMockPhoenix({ enableAuth: true, secret });
  return (await authScenario(mock.baseUrl, (input, init) => mock.handle(new Request(input, init)), "admin")).ms;
}
async function overSocket() {
  const mock = createMockPhoenix({ enableAuth: true, secret });
  const url = await mock.listen({ port: 0 });
  try {
    return (await authScenario(url, fetch, "admin")).ms;
  } finally {
    await mock.close();
  }
}

await inProcess(); // warm-up
await overSocket();
const results = { inProcess: [], socket: [] };
for (let r = 0; r < Math.max(ROUNDS, 7); r++) {
  results.inProcess.push(await inProcess());
  results.socket.push(await overSocket());
}
row({ group: "scenario latency", name: "mock, in process (handle)", value: summary(results.inProcess), unit: "ms", goal: { op: "<", target: 100, of: "value" } });
row({ group: "scenario latency", name: "mock, over a real socket", value: summary(results.socket), unit: "ms", goal: { op: "<", target: 1000, of: "value" } });
