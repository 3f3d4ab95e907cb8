// Runs Phoenix's own TypeScript client (@arizeai/phoenix-client) through its span, trace, span-annotation and note
// functions, and the projects routes through its typed REST client (6.x has no project functions). Run by
// src/contract/cases/clients.ts (case ts-client-checks) with `node`, in a process of its own, so that MSW in the test
// process never sees these requests.
//
// stdin: {"base_url", "api_key", "project", "new_project", "unknown_project", "spans": [Span JSON]}
// stdout: {label: result}, each result the call's answer or {"<ErrorClass>": message, ...}; ISO times with "T"
// written " at " (the conformance normalizer masks ISO times), UUIDs as <uuid>.
import { createClient } from "@arizeai/phoenix-client";
import {
  addSpanAnnotation,
  addSpanNote,
  deleteSpan,
  getSpanAnnotations,
  getSpans,
  logSpanAnnotations,
  logSpans,
} from "@arizeai/phoenix-client/spans";
import { getTraces } from "@arizeai/phoenix-client/traces";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function plain(value) {
  if (value instanceof Date) return plain(value.toISOString());
  if (typeof value === "string") {
    const text = value.length > 19 && value[10] === "T" && value[4] === "-" ? value.replace("T", " at ") : value;
    return text.replace(UUID, "<uuid>");
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    // The annotations' wall-clock created_at/updated_at are not the server's choice to compare.
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, /^(created|updated)_at$/.test(key) ? "<now>" : plain(value[key])]));
  }
  return value ?? null;
}

async function attempt(call) {
  try {
    const result = await call();
    return plain(result === undefined ? "<undefined>" : result);
  } catch (error) {
    const shown = { [error?.name ?? "Error"]: plain(String(error?.message ?? error)) };
    if (error?.name === "SpanCreationError") {
      shown.counts = [error.totalReceived, error.totalQueued, error.totalDuplicates, error.totalInvalid];
      shown.duplicates = plain(error.duplicateSpans);
      shown.invalid = plain(error.invalidSpans);
    }
    if (error?.response && typeof error.response.text === "function") {
      shown.body = plain(await error.response.text().catch(() => "<unread>"));
    }
    return shown;
  }
}

const names = (result) => result.spans.map((span) => span.name);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function poll(call, done, seconds = 15) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const result = await call();
      if (done(result) || Date.now() > deadline) return result;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await sleep(250);
  }
}

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const plan = JSON.parse(input);
  const client = createClient({ options: { baseUrl: plan.base_url, headers: { Authorization: `Bearer ${plan.api_key}` } } });
  const { spans, unknown_project: unknown } = plan;
  const project = { projectName: plan.project };
  const byName = Object.fromEntries(spans.map((span) => [span.name, span]));
  const spanId = (name) => byName[name].context.span_id;
  const out = {};

  // Projects, through the typed REST client.
  const created = await client.POST("/v1/projects", { body: { name: plan.new_project, description: "made by the client" } });
  out["POST /v1/projects"] = plain(created.data);
  const id = created.data.data.id;
  // (A second POST of the name is left out: Phoenix 20.26.1 answers 500 and then resets the connection.)
  const path = (identifier) => ({ params: { path: { project_identifier: identifier } } });
  out["GET /v1/projects/{name}"] = await attempt(async () => (await client.GET("/v1/projects/{project_identifier}", path(plan.new_project))).data);
  out["GET /v1/projects/{id}"] = await attempt(async () => (await client.GET("/v1/projects/{project_identifier}", path(id))).data);
  out["GET /v1/projects/{unknown}"] = await attempt(() => client.GET("/v1/projects/{project_identifier}", path(unknown)));
  out["GET /v1/projects limit=1 keys"] = await attempt(async () => {
    const { data } = await client.GET("/v1/projects", { params: { query: { limit: 1 } } });
    return { keys: Object.keys(data), rows: data.data.length, cursor: typeof data.next_cursor };
  });
  out["PUT /v1/projects/{name}"] = await attempt(async () => (await client.PUT("/v1/projects/{project_identifier}", { ...path(plan.new_project), body: { description: "changed" } })).data);
  out["DELETE /v1/projects/{id}"] = await attempt(async () => (await client.DELETE("/v1/projects/{project_identifier}", path(id))).response.status);
  out["GET /v1/projects/{deleted}"] = await attempt(() => client.GET("/v1/projects/{project_identifier}", path(plan.new_project)));

  // Spans: log, wait until stored, log a stored one again.
  out["logSpans"] = await attempt(() => logSpans({ client, project, spans }));
  await poll(() => getSpans({ client, project }), (got) => got.spans.length >= spans.length);
  out["logSpans duplicate"] = await attempt(() => logSpans({ client, project, spans: spans.slice(0, 1) }));
  out["logSpans invalid"] = await attempt(() => logSpans({ client, project, spans: [{ ...spans[0], context: { trace_id: "t", span_id: "s" }, start_time: "not a time" }] }));

  const get = (params) => attempt(async () => names(await getSpans({ client, project, ...params })));
  out["getSpans"] = await attempt(() => getSpans({ client, project }));
  out["getSpans by projectId"] = await attempt(async () => names(await getSpans({ client, project: { projectId: (await client.GET("/v1/projects/{project_identifier}", path(plan.project))).data.data.id } })));
  out["getSpans spanKind=LLM"] = await get({ spanKind: "LLM" });
  out["getSpans spanKind=[TOOL,CHAIN]"] = await get({ spanKind: ["TOOL", "CHAIN"] });
  out["getSpans startTime Date"] = await get({ startTime: new Date("2024-07-01T09:00:01Z") });
  out["getSpans endTime string"] = await get({ endTime: "2024-07-01T09:01:00Z" });
  out["getSpans limit=2 then cursor"] = await attempt(async () => {
    const first = await getSpans({ client, project, limit: 2 });
    const second = await getSpans({ client, project, limit: 2, cursor: first.nextCursor });
    return [names(first), first.nextCursor === null ? null : "<cursor>", names(second)];
  });
  out["getSpans traceIds"] = await get({ traceIds: [byName["t1-root"].context.trace_id] });
  out["getSpans parentId=null"] = await get({ parentId: null });
  out["getSpans parentId"] = await get({ parentId: spanId("t1-root") });
  out["getSpans name"] = await get({ name: ["t1-llm", "t3-root"] });
  out["getSpans statusCode=ERROR"] = await get({ statusCode: "ERROR" });
  out["getSpans attributes number"] = await get({ attributes: { "llm.token_count.prompt": 4 } });
  out["getSpans attributes numeric string"] = await get({ attributes: { "user.id": "12345" } });
  out["getSpans attributes number and boolean"] = await get({ attributes: { "user.id": 12345, flag: true } });
  out["getSpans attributes float"] = await get({ attributes: { score: 0.5 } });
  out["getSpans unknown project"] = await attempt(() => getSpans({ client, project: { projectName: unknown } }));

  // Traces.
  out["getTraces latency asc includeSpans"] = await attempt(() => getTraces({ client, project, sort: "latency_ms", order: "asc", includeSpans: true }));
  out["getTraces limit=1 then cursor"] = await attempt(async () => {
    const first = await getTraces({ client, project, limit: 1 });
    const second = await getTraces({ client, project, limit: 1, cursor: first.nextCursor });
    return [first.traces.map((t) => t.trace_id), second.traces.map((t) => t.trace_id)];
  });
  out["getTraces window asc"] = await attempt(async () => (await getTraces({ client, project, order: "asc", startTime: "2024-07-01T09:00:30Z", endTime: new Date("2024-07-01T09:02:00Z") })).traces.map((t) => t.trace_id));

  // Span annotations and notes.
  out["addSpanAnnotation sync"] = await attempt(() => addSpanAnnotation({ client, sync: true, spanAnnotation: { spanId: spanId("t1-llm"), name: "quality", label: "good", score: 0.75, explanation: "fine", metadata: { by: "client" } } }));
  out["addSpanAnnotation async"] = await attempt(() => addSpanAnnotation({ client, spanAnnotation: { spanId: spanId("t2-root"), name: "quality", annotatorKind: "LLM", score: 1 } }));
  out["addSpanAnnotation unknown span"] = await attempt(() => addSpanAnnotation({ client, sync: true, spanAnnotation: { spanId: "0123456789abcdef", name: "quality", label: "x" } }));
  out["logSpanAnnotations sync"] = await attempt(() => logSpanAnnotations({ client, sync: true, spanAnnotations: [
    { spanId: spanId("t1-llm"), name: "tone", annotatorKind: "CODE", label: "calm", identifier: "a" },
    { spanId: spanId("t1-llm"), name: "tone", annotatorKind: "CODE", label: "warm", identifier: "b" },
    { spanId: spanId("t3-root"), name: "quality", score: 0, explanation: "bad" },
  ] }));
  out["addSpanNote"] = await attempt(() => addSpanNote({ client, spanNote: { spanId: ` ${spanId("t1-llm")} `, note: "  look here  " } }));
  out["addSpanNote identifier"] = await attempt(() => addSpanNote({ client, spanNote: { spanId: spanId("t3-root"), note: "first", identifier: "mine" } }));
  out["addSpanNote identifier again"] = await attempt(() => addSpanNote({ client, spanNote: { spanId: spanId("t3-root"), note: "second", identifier: "mine" } }));
  out["addSpanNote unknown span"] = await attempt(() => addSpanNote({ client, spanNote: { spanId: "0123456789abcdef", note: "x" } }));
  const ids = [spanId("t1-llm"), spanId("t2-root"), spanId("t3-root")];
  const spanNames = Object.fromEntries(spans.map((span) => [span.context.span_id, span.name]));
  const key = (a) => `${spanNames[a.span_id]} ${a.name} ${a.identifier ?? ""}`;
  const read = async (params = {}) => {
    const result = await getSpanAnnotations({ client, project, spanIds: ids, ...params });
    return { annotations: [...result.annotations].sort((a, b) => (key(a) < key(b) ? -1 : 1)), nextCursor: result.nextCursor === null ? null : "<cursor>" };
  };
  await poll(read, (got) => got.annotations.some((a) => a.span_id === spanId("t2-root")));
  out["getSpanAnnotations"] = await attempt(() => read());
  out["getSpanAnnotations include"] = await attempt(() => read({ includeAnnotationNames: ["tone", "note"] }));
  out["getSpanAnnotations exclude"] = await attempt(() => read({ excludeAnnotationNames: ["quality"] }));
  out["getSpanAnnotations limit=2"] = await attempt(async () => (await read({ limit: 2 })).annotations.length);
  out["getSpanAnnotations unknown project"] = await attempt(() => getSpanAnnotations({ client, project: { projectName: unknown }, spanIds: ids }));

  // Delete a span, then an unknown one.
  out["deleteSpan"] = await attempt(() => deleteSpan({ client, spanIdentifier: spanId("t1-tool") }));
  out["getSpans after deleteSpan"] = await get({});
  out["deleteSpan unknown"] = await attempt(() => deleteSpan({ client, spanIdentifier: "0123456789abcdef" }));
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
