// FakeOpenAI: a tiny node:http stand-in for the OpenAI API (not OpenAI, not checked against it beyond what the
// `openai` SDK and `@ai-sdk/openai` parse): POST /v1/chat/completions and POST /v1/responses, non-streaming, one
// fixed answer. Point clients at it with OPENAI_BASE_URL=<url>/v1.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_ANSWER = "Hello from the fake model.";

export interface FakeOpenAI {
  /** Base URL including /v1. */
  baseUrl: string;
  requests: Array<{ path: string; body: unknown }>;
  close(): Promise<void>;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: FakeOpenAI["requests"] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: { model?: string } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        // answered below like any other request
      }
      const path = (req.url ?? "").split("?")[0] ?? "";
      requests.push({ path, body });
      const model = body.model ?? "fake-model";
      const created = 1_700_000_000;
      let answer: unknown;
      if (req.method === "POST" && path === "/v1/chat/completions") {
        answer = {
          id: "chatcmpl-fake-1",
          object: "chat.completion",
          created,
          model,
          choices: [{ index: 0, message: { role: "assistant", content: FAKE_ANSWER, refusal: null }, logprobs: null, finish_reason: "stop" }],
          usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 },
        };
      } else if (req.method === "POST" && path === "/v1/responses") {
        answer = {
          id: "resp_fake_1",
          object: "response",
          created_at: created,
          status: "completed",
          error: null,
          incomplete_details: null,
          model,
          output: [
            {
              type: "message",
              id: "msg_fake_1",
              status: "completed",
              role: "assistant",
              content: [{ type: "output_text", text: FAKE_ANSWER, annotations: [], logprobs: [] }],
            },
          ],
          usage: {
            input_tokens: 9,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: 6,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: 15,
          },
        };
      } else {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `FakeOpenAI: no ${req.method} ${path}` } }));
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
