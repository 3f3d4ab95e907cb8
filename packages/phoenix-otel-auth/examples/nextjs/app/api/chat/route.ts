// One span of the app's own around a Vercel AI SDK call (the SDK's mock model: no network, no key).
import { trace } from "@opentelemetry/api";
import { generateText } from "ai";
import { MockLanguageModelV4 } from "ai/test";

export const dynamic = "force-dynamic";

const model = new MockLanguageModelV4({
  provider: "mock-provider",
  modelId: "mock-model",
  doGenerate: async () => ({
    content: [{ type: "text", text: "It is sunny in Paris." }],
    finishReason: { unified: "stop", raw: "stop" },
    usage: {
      inputTokens: { total: 11, noCache: 11, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 7, text: 7, reasoning: undefined },
    },
    warnings: [],
  }),
});

export async function GET() {
  return trace.getTracer("nextjs-example").startActiveSpan("chat-route", async (span) => {
    try {
      const { text } = await generateText({ model, prompt: "What is the weather in Paris?" });
      return Response.json({ text });
    } finally {
      span.end();
    }
  });
}
