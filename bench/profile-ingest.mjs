// Profiling aid for the mock's ingest path (not run by npm run bench): prefills PRE spans in process, then posts REQ
// gzipped 512-span requests over 4 keep-alive connections with auth on, and prints spans/s.
//   npm run build && PRE=200000 PROFILE=/tmp/ingest.cpuprofile node bench/profile-ingest.mjs
// PROFILE: write a CPU profile (open it in Chrome DevTools) of the timed part only, not the prefill.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { Agent, request } from "node:http";
import { gzipSync } from "node:zlib";
import { createMockPhoenix } from "phoenix-mock";
import { SPANS_PER_REQUEST, bodyFactory } from "./lib/common.mjs";

const PRE = Number(process.env.PRE ?? 0);
const REQ = Number(process.env.REQ ?? 100);
const next = bodyFactory();
const mock = createMockPhoenix({ enableAuth: true, secret: `b3nch${randomBytes(24).toString("hex")}` });
const url = await mock.listen({ port: 0 });
const { key } = await mock.createSystemApiKey({});
const headers = { "content-type": "application/x-protobuf", authorization: `Bearer ${key}` };
while (mock.spanStats().stored < PRE) await mock.request("/v1/traces", { method: "POST", headers, body: next() });
const bodies = Array.from({ length: REQ }, () => gzipSync(next()));
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const post = (body) =>
  new Promise((resolve, reject) => {
    const req = request(`${url}/v1/traces`, { method: "POST", agent, headers: { ...headers, "content-encoding": "gzip" } }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
const session = process.env.PROFILE ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
}
let i = 0;
const start = performance.now();
await Promise.all(Array.from({ length: 4 }, async () => {
  while (i < bodies.length) await post(bodies[i++]);
}));
const seconds = (performance.now() - start) / 1000;
if (session) writeFileSync(process.env.PROFILE, JSON.stringify((await session.post("Profiler.stop")).profile));
console.log(`${PRE} prefilled: ${Math.round((REQ * SPANS_PER_REQUEST) / seconds)} spans/s, ${mock.spanStats().stored} stored`);
agent.destroy();
await mock.close();
