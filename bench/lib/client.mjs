// The load generator for the ingest benchmarks, in its own process so its CPU is not the server's. On each "round"
// message it prepares `requests` fresh gzipped bodies (untimed), then posts them over 4 keep-alive connections and
// answers with the wall time and each request's latency.
import { Agent, request } from "node:http";
import { gzipSync } from "node:zlib";
import { bodyFactory } from "./common.mjs";

const CONCURRENCY = 4;
const nextBody = bodyFactory("bench", 1_000_000); // serials above anything the server prefills

function post(agent, url, headers, body) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = request(`${url}/v1/traces`, { method: "POST", agent, headers }, (res) => {
      res.resume();
      res.on("end", () =>
        res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - start) / 1e6) : reject(new Error(`${url}: HTTP ${res.statusCode}`)),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

process.on("message", async ({ url, headers, requests }) => {
  try {
    const bodies = Array.from({ length: requests }, () => gzipSync(nextBody()));
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const latencies = [];
    let next = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) latencies.push(await post(agent, url, headers, bodies[next++]));
      }),
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    agent.destroy();
    process.send({ seconds, latencies });
  } catch (error) {
    process.send({ error: String(error) });
  }
});
