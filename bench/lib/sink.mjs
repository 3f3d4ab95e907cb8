// The span sink for the tracing-overhead benchmark: a mock Phoenix (auth off) in its own process, so decoding what
// arrives costs the measured app nothing. IPC: "reset" empties it, "count" answers how many spans it stored.
import { createMockPhoenix } from "phoenix-mock";

const mock = createMockPhoenix({});
const url = await mock.listen({ port: 0 });
process.on("message", (message) => {
  if (message === "reset") mock.reset();
  process.send({ url, count: mock.spanStats().stored });
});
process.send({ url, count: 0 });
