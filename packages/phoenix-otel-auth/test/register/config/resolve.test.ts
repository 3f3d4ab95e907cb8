import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import { PhoenixConfigError } from "../../../src/errors.js";
import { resolveConfig, type AuthorizationConfig, type ResolvedConfig } from "../../../src/register/config/resolve.js";
import type { Env, RegisterOptions } from "../../../src/register/types.js";
import { freshKey } from "../helpers/util.js";

function configError(options: RegisterOptions, environment: Env): PhoenixConfigError {
  try {
    resolveConfig(options, environment);
  } catch (error) {
    expect(error).toBeInstanceOf(PhoenixConfigError);
    expect((error as PhoenixConfigError).code).toBe("ERR_PHOENIX_CONFIG");
    return error as PhoenixConfigError;
  }
  throw new Error("expected a PhoenixConfigError");
}

const auth = (config: ResolvedConfig): AuthorizationConfig => config.authorization;
const headerValues = (config: ResolvedConfig): Record<string, string> =>
  Object.fromEntries(Object.entries(config.headers).map(([k, v]) => [k, v.value]));

describe("API key", () => {
  const key = freshKey();
  const other = freshKey();

  it("PHOENIX_API_KEY becomes `Bearer <key>`", () => {
    expect(auth(resolveConfig({}, { PHOENIX_API_KEY: key }))).toEqual({
      kind: "static",
      value: `Bearer ${key}`,
      source: { from: "env", name: "PHOENIX_API_KEY" },
    });
  });

  it("option apiKey beats PHOENIX_API_KEY", () => {
    expect(auth(resolveConfig({ apiKey: other }, { PHOENIX_API_KEY: key }))).toMatchObject({ value: `Bearer ${other}`, source: { from: "option" } });
  });

  it("an empty apiKey option falls back to PHOENIX_API_KEY", () => {
    expect(auth(resolveConfig({ apiKey: " " }, { PHOENIX_API_KEY: key }))).toMatchObject({ value: `Bearer ${key}` });
  });

  it("is trimmed", () => {
    expect(auth(resolveConfig({}, { PHOENIX_API_KEY: `  ${key}\n` }))).toMatchObject({ value: `Bearer ${key}` });
  });

  it("a `Bearer ` prefix is stripped with a warning that does not show the key", () => {
    const config = resolveConfig({}, { PHOENIX_API_KEY: `Bearer ${key}` });
    expect(auth(config)).toMatchObject({ value: `Bearer ${key}` });
    expect(config.warnings).toEqual([
      'PHOENIX_API_KEY starts with "Bearer "; the prefix was removed (the key alone is expected, "Bearer " is added when sending).',
    ]);
  });

  it("no key: no authorization", () => {
    expect(auth(resolveConfig({}, {}))).toEqual({ kind: "none" });
    expect(auth(resolveConfig({}, { PHOENIX_API_KEY: "   " }))).toEqual({ kind: "none" });
  });

  it("a function is kept and read later", () => {
    const read = () => key;
    expect(auth(resolveConfig({ apiKey: read }, { PHOENIX_API_KEY: other }))).toEqual({
      kind: "dynamic",
      read,
      source: { from: "option", name: "apiKey" },
    });
  });

  it("inner whitespace is an error that masks the key", () => {
    const err = configError({}, { PHOENIX_API_KEY: `${key.slice(0, 20)} ${key.slice(20)}` });
    expect(err.source).toBe("PHOENIX_API_KEY");
    expect(err.value).not.toContain(key.slice(4, 20));
    expect(err.message).toBe(
      "PHOENIX_API_KEY contains whitespace or a control character inside the key (a pasted line break?). " +
        "Copy the key again: an API key is a single token with no spaces.",
    );
  });

  it("an inner line break or control character is an error", () => {
    expect(configError({ apiKey: `${key}\nmore` }, {}).source).toBe("apiKey");
    expect(configError({ apiKey: `${key}\u0000` }, {}).message).toContain("option `apiKey` contains whitespace or a control character");
  });

  it("non-ASCII is an error", () => {
    const err = configError({ apiKey: `${key}é` }, {});
    expect(err.message).toBe("option `apiKey` contains non-ASCII characters, which cannot be sent in an HTTP header. Copy the key again.");
  });

  it("an apiKey of the wrong type is an error", () => {
    expect(configError({ apiKey: 42 as unknown as string }, {}).message).toBe("option `apiKey` must be a string or a function returning one, got a number.");
  });
});

describe("authorization precedence", () => {
  const key = freshKey();
  const headerKey = freshKey();

  it("option apiKey together with an authorization header in code is an error", () => {
    const err = configError({ apiKey: key, headers: { Authorization: `Bearer ${headerKey}` } }, {});
    expect(err.source).toBe("apiKey");
    expect(err.message).toBe(
      "options `apiKey` and an `authorization` entry in option `headers` were both given; they would compete for the same header. Pass only one of them.",
    );
    expect(err.message).not.toContain(key);
  });

  it("an authorization header in code beats every variable (any case)", () => {
    const config = resolveConfig(
      { headers: { AUTHORIZATION: `Bearer ${headerKey}` } },
      { PHOENIX_API_KEY: key, PHOENIX_CLIENT_HEADERS: `authorization=Bearer%20${key}` },
    );
    expect(auth(config)).toMatchObject({ value: `Bearer ${headerKey}`, source: { from: "option", name: "headers" } });
    expect(config.headers).toEqual({});
  });

  it("option apiKey beats an authorization in PHOENIX_CLIENT_HEADERS", () => {
    const config = resolveConfig({ apiKey: key }, { PHOENIX_CLIENT_HEADERS: `{"Authorization":"Bearer ${headerKey}"}` });
    expect(auth(config)).toMatchObject({ value: `Bearer ${key}`, source: { from: "option", name: "apiKey" } });
    expect(config.warnings).toEqual([]);
  });

  it("in env, PHOENIX_CLIENT_HEADERS authorization beats PHOENIX_API_KEY and warns once when they differ", () => {
    const config = resolveConfig({}, { PHOENIX_API_KEY: key, PHOENIX_CLIENT_HEADERS: `authorization=Bearer%20${headerKey}` });
    expect(auth(config)).toMatchObject({ value: `Bearer ${headerKey}`, source: { from: "env", name: "PHOENIX_CLIENT_HEADERS" } });
    expect(config.warnings).toEqual([
      "PHOENIX_CLIENT_HEADERS and PHOENIX_API_KEY both set an authorization and they differ; the one in PHOENIX_CLIENT_HEADERS is used " +
        "(as in Phoenix's own clients). Remove one of them.",
    ]);
  });

  it("no warning when both env sources agree", () => {
    const config = resolveConfig({}, { PHOENIX_API_KEY: key, PHOENIX_CLIENT_HEADERS: `{"authorization":"Bearer ${key}"}` });
    expect(config.warnings).toEqual([]);
  });

  it("PHOENIX_API_KEY beats an authorization in OTEL_EXPORTER_OTLP_HEADERS, which is the last resort", () => {
    expect(auth(resolveConfig({}, { PHOENIX_API_KEY: key, OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer%20${headerKey}` }))).toMatchObject({
      value: `Bearer ${key}`,
    });
    expect(auth(resolveConfig({}, { OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer%20${headerKey}` }))).toMatchObject({
      value: `Bearer ${headerKey}`,
      source: { from: "env", name: "OTEL_EXPORTER_OTLP_HEADERS" },
    });
  });

  it("a function apiKey beats every env authorization", () => {
    const config = resolveConfig({ apiKey: () => key }, { PHOENIX_API_KEY: headerKey, PHOENIX_CLIENT_HEADERS: `authorization=x` });
    expect(auth(config).kind).toBe("dynamic");
  });
});

describe("headers", () => {
  it("PHOENIX_CLIENT_HEADERS as JSON", () => {
    expect(headerValues(resolveConfig({}, { PHOENIX_CLIENT_HEADERS: '{"X-Tenant":"a","x-b":"2"}' }))).toEqual({ "x-tenant": "a", "x-b": "2" });
  });

  it("PHOENIX_CLIENT_HEADERS as k=v,k2=v2, URL-decoded, empty segments skipped", () => {
    expect(headerValues(resolveConfig({}, { PHOENIX_CLIENT_HEADERS: "x-a=1, x-b=two%20words,,x%2Dc=%3D" }))).toEqual({
      "x-a": "1",
      "x-b": "two words",
      "x-c": "=",
    });
  });

  it("merge is case-insensitive and code beats env", () => {
    const config = resolveConfig({ headers: { "x-a": "code" } }, { PHOENIX_CLIENT_HEADERS: "X-A=env,x-b=env" });
    expect(config.headers).toEqual({
      "x-a": { value: "code", source: { from: "option", name: "headers" } },
      "x-b": { value: "env", source: { from: "env", name: "PHOENIX_CLIENT_HEADERS" } },
    });
  });

  it("PHOENIX_CLIENT_HEADERS beats OTEL_EXPORTER_OTLP_TRACES_HEADERS, which beats OTEL_EXPORTER_OTLP_HEADERS", () => {
    const config = resolveConfig(
      {},
      { OTEL_EXPORTER_OTLP_HEADERS: "x-a=1,x-b=1,x-c=1", OTEL_EXPORTER_OTLP_TRACES_HEADERS: "x-b=2,x-c=2", PHOENIX_CLIENT_HEADERS: "x-c=3" },
    );
    expect(headerValues(config)).toEqual({ "x-a": "1", "x-b": "2", "x-c": "3" });
  });

  it("invalid JSON names the variable and both accepted forms", () => {
    const err = configError({}, { PHOENIX_CLIENT_HEADERS: '{"x-a": 1' });
    expect(err.source).toBe("PHOENIX_CLIENT_HEADERS");
    expect(err.message).toMatch(/^PHOENIX_CLIENT_HEADERS starts with "\{" but is not valid JSON \(.+\)\. Use a JSON object of strings such as '\{"x-a":"1"\}', or key=value pairs such as "x-a=1,x-b=2"\.$/);
  });

  it("a JSON value that is not a string", () => {
    const err = configError({}, { PHOENIX_CLIENT_HEADERS: '{"x-a": 1}' });
    expect(err.message).toBe(`PHOENIX_CLIENT_HEADERS: the value of header "x-a" is a number, not a string. Quote it, e.g. '{"x-a":"1"}'.`);
  });

  it("an empty JSON object is no headers", () => {
    expect(headerValues(resolveConfig({}, { PHOENIX_CLIENT_HEADERS: "{}" }))).toEqual({});
  });

  it("a k=v entry without '='", () => {
    const err = configError({}, { PHOENIX_CLIENT_HEADERS: "x-a=1,api_key" });
    expect(err.message).toBe(
      'PHOENIX_CLIENT_HEADERS is not a valid header list: the entry at position 2 has no "key=" part. ' +
        `Use comma-separated key=value pairs with URL-encoded values, e.g. "x-a=1,x-b=two%20words", or a JSON object such as '{"x-a":"1"}'.`,
    );
  });

  it("a malformed %-escape", () => {
    expect(configError({}, { PHOENIX_CLIENT_HEADERS: "x-a=%E0%A4%A" }).message).toContain("the entry at position 1 has a malformed %-escape");
  });

  it("an invalid header name", () => {
    const err = configError({}, { PHOENIX_CLIENT_HEADERS: "bad header=1" });
    expect(err.message).toBe(
      `PHOENIX_CLIENT_HEADERS: "bad header" is not a valid HTTP header name. Header names may contain only letters, digits and !#$%&'*+.^_\`|~- .`,
    );
  });

  it("a header value with a line break, in code", () => {
    const err = configError({ headers: { "x-a": "1\r\nx-injected: 2" } }, {});
    expect(err.source).toBe("headers");
    expect(err.message).toBe(
      'option `headers`: the value of header "x-a" contains a line break, a control character or a non-ASCII character. ' +
        "Remove it, or URL-encode it in the key=value form.",
    );
  });

  it("a headers option that is not an object", () => {
    expect(configError({ headers: "x-a=1" as unknown as Record<string, string> }, {}).message).toBe(
      "option `headers` must be an object of header names to string values.",
    );
  });

  it("a secret inside an invalid variable is masked in err.value", () => {
    const key = freshKey();
    const err = configError({}, { PHOENIX_CLIENT_HEADERS: `{"authorization": "Bearer ${key}"` });
    expect(err.value).not.toContain(key);
    expect(err.message).not.toContain(key);
  });
});

describe("cleartext warning", () => {
  const key = freshKey();
  it("warns when a key goes over http:// to a host that is not loopback", () => {
    const config = resolveConfig({ url: "http://phoenix.example.com:6006" }, { PHOENIX_API_KEY: key });
    expect(config.warnings).toEqual([
      "the API key (authorization header) is sent over plain http:// to phoenix.example.com:6006, which is not this machine: anyone on the network path can read it. " +
        "Use an https:// endpoint for remote Phoenix servers.",
    ]);
  });
  it.each(["http://localhost:6006", "http://127.0.0.2:6006", "http://[::1]:6006", "http://app.localhost", "https://phoenix.example.com"])(
    "no warning for %s",
    (url) => {
      expect(resolveConfig({ url }, { PHOENIX_API_KEY: key }).warnings).toEqual([]);
    },
  );
  it("no warning without a key", () => {
    expect(resolveConfig({ url: "http://phoenix.example.com" }, {}).warnings).toEqual([]);
  });
  it.each(["http://phoenix.test:6006", "http://phoenix.localhost", "http://phoenix.example", "http://a.b.invalid:80", "http://PHOENIX.TEST.", "http://test"])(
    "no warning for %s: reserved test names (RFC 2606, RFC 6761) never reach the public internet",
    (url) => {
      expect(resolveConfig({ url }, { PHOENIX_API_KEY: key }).warnings).toEqual([]);
    },
  );
  it.each(["http://phoenix.test.com", "http://test.example.com", "http://mytest:6006", "http://invalid.dev", "http://10.0.0.7:6006"])(
    "still warns for %s: a real (or possibly real) host",
    (url) => {
      expect(resolveConfig({ url }, { PHOENIX_API_KEY: key }).warnings).toEqual([
        expect.stringMatching(/^the API key \(authorization header\) is sent over plain http:\/\/ to /),
      ]);
    },
  );
});

describe("resource", () => {
  it("project: option > PHOENIX_PROJECT > PHOENIX_PROJECT_NAME > default", () => {
    expect(resolveConfig({}, {}).projectName).toEqual({ value: "default", source: { from: "default" } });
    expect(resolveConfig({}, { PHOENIX_PROJECT_NAME: "alias" }).projectName.value).toBe("alias");
    expect(resolveConfig({}, { PHOENIX_PROJECT: "canon", PHOENIX_PROJECT_NAME: "canon" }).projectName).toEqual({
      value: "canon",
      source: { from: "env", name: "PHOENIX_PROJECT" },
    });
    expect(resolveConfig({ projectName: "opt" }, { PHOENIX_PROJECT: "canon" }).projectName.value).toBe("opt");
    expect(resolveConfig({ projectName: "" }, { PHOENIX_PROJECT: "canon" }).projectName.value).toBe("canon");
  });

  it("warns when PHOENIX_PROJECT and PHOENIX_PROJECT_NAME differ", () => {
    expect(resolveConfig({}, { PHOENIX_PROJECT: "a", PHOENIX_PROJECT_NAME: "b" }).warnings).toEqual([
      'PHOENIX_PROJECT="a" and PHOENIX_PROJECT_NAME="b" differ; PHOENIX_PROJECT is used.',
    ]);
  });

  it("service name: option > OTEL_SERVICE_NAME > SDK default", () => {
    expect(resolveConfig({}, {}).serviceName).toEqual({ value: undefined, source: { from: "default" } });
    expect(resolveConfig({}, { OTEL_SERVICE_NAME: "env-svc" }).serviceName.value).toBe("env-svc");
    expect(resolveConfig({ serviceName: "opt-svc" }, { OTEL_SERVICE_NAME: "env-svc" }).serviceName.value).toBe("opt-svc");
  });

  it("OTEL_RESOURCE_ATTRIBUTES is parsed and URL-decoded", () => {
    expect(resolveConfig({}, { OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=prod,team=a%2Cb" }).envResourceAttributes).toEqual({
      "deployment.environment": "prod",
      team: "a,b",
    });
  });

  it("a malformed OTEL_RESOURCE_ATTRIBUTES is an error", () => {
    expect(configError({}, { OTEL_RESOURCE_ATTRIBUTES: "novalue" }).message).toBe(
      'OTEL_RESOURCE_ATTRIBUTES is not a valid resource attribute list: the entry at position 1 has no "key=" part. ' +
        'Use comma-separated key=value pairs with URL-encoded values, e.g. "x-a=1,x-b=two%20words".',
    );
  });
});

describe("off switch", () => {
  it.each([
    [{}, {}, true],
    [{}, { OTEL_SDK_DISABLED: "true" }, false],
    [{}, { OTEL_SDK_DISABLED: "TRUE" }, false],
    [{}, { OTEL_SDK_DISABLED: " True " }, false],
    [{}, { OTEL_SDK_DISABLED: "false" }, true],
    [{}, { OTEL_SDK_DISABLED: "1" }, true],
    [{}, { OTEL_SDK_DISABLED: "yes" }, true],
    [{ enabled: false }, {}, false],
    [{ enabled: true }, { OTEL_SDK_DISABLED: "true" }, true],
  ] as Array<[RegisterOptions, Env, boolean]>)("%j %j -> enabled %s", (options, environment, enabled) => {
    expect(resolveConfig(options, environment).enabled.value).toBe(enabled);
  });

  it('warns about a value that is neither "true" nor "false"', () => {
    expect(resolveConfig({}, { OTEL_SDK_DISABLED: "1" }).warnings).toEqual([
      'OTEL_SDK_DISABLED="1" is neither "true" nor "false"; tracing stays on. Set it to "true" to turn tracing off.',
    ]);
  });

  it("enabled must be a boolean", () => {
    expect(configError({ enabled: "no" as unknown as boolean }, {}).message).toBe("option `enabled` must be true or false.");
  });
});

describe("processing", () => {
  it("batch defaults, OTEL_BSP_* and options", () => {
    const defaults = resolveConfig({}, {}).batch;
    expect(defaults && Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, v.value]))).toEqual({
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
      scheduledDelayMillis: 5000,
      exportTimeoutMillis: 30000,
    });
    const fromEnv = resolveConfig({ batch: { maxQueueSize: 10 } }, { OTEL_BSP_MAX_QUEUE_SIZE: "99", OTEL_BSP_SCHEDULE_DELAY: "100" }).batch;
    expect(fromEnv && fromEnv.maxQueueSize).toEqual({ value: 10, source: { from: "option", name: "batch.maxQueueSize" } });
    expect(fromEnv && fromEnv.scheduledDelayMillis).toEqual({ value: 100, source: { from: "env", name: "OTEL_BSP_SCHEDULE_DELAY" } });
    expect(resolveConfig({ batch: false }, { OTEL_BSP_MAX_QUEUE_SIZE: "bad" }).batch).toBe(false);
  });

  it("an invalid OTEL_BSP_* value is an error", () => {
    expect(configError({}, { OTEL_BSP_MAX_QUEUE_SIZE: "lots" }).message).toBe('OTEL_BSP_MAX_QUEUE_SIZE must be a whole number >= 1, got "lots".');
    expect(configError({ batch: { scheduledDelayMillis: -1 } }, {}).message).toBe(
      "option `batch.scheduledDelayMillis` must be a whole number >= 0 (milliseconds), got -1.",
    );
    expect(configError({ batch: "yes" as unknown as boolean }, {}).message).toBe("option `batch` must be true, false or an object of batch settings.");
  });

  it("span limits: OTEL_SPAN_* over OTEL_ATTRIBUTE_*, only those set, invalid ones named", () => {
    expect(resolveConfig({}, {}).spanLimits).toEqual({});
    expect(
      resolveConfig({}, { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: "50", OTEL_ATTRIBUTE_COUNT_LIMIT: "9", OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: "3", OTEL_SPAN_EVENT_COUNT_LIMIT: "0" }).spanLimits,
    ).toEqual({
      attributeValueLengthLimit: { value: 50, source: { from: "env", name: "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT" } },
      attributeCountLimit: { value: 3, source: { from: "env", name: "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT" } },
      eventCountLimit: { value: 0, source: { from: "env", name: "OTEL_SPAN_EVENT_COUNT_LIMIT" } },
    });
    expect(configError({}, { OTEL_SPAN_LINK_COUNT_LIMIT: "many" }).message).toBe('OTEL_SPAN_LINK_COUNT_LIMIT must be a whole number >= 0, got "many".');
  });

  it("sampler: option > OTEL_TRACES_SAMPLER(_ARG) > parent-based always-on", () => {
    expect(resolveConfig({}, {}).sampler.value).toBeInstanceOf(ParentBasedSampler);
    expect(resolveConfig({}, { OTEL_TRACES_SAMPLER: "always_off" }).sampler.value).toBeInstanceOf(AlwaysOffSampler);
    expect(resolveConfig({}, { OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "0.25" }).sampler.value.toString()).toBe(
      new TraceIdRatioBasedSampler(0.25).toString(),
    );
    const mine = new AlwaysOnSampler();
    expect(resolveConfig({ sampler: mine }, { OTEL_TRACES_SAMPLER: "always_off" }).sampler).toEqual({ value: mine, source: { from: "option", name: "sampler" } });
  });

  it("sampler errors", () => {
    expect(configError({}, { OTEL_TRACES_SAMPLER: "jaeger_remote" }).message).toBe(
      'OTEL_TRACES_SAMPLER="jaeger_remote" is not a sampler this SDK provides. Use one of: always_on, always_off, traceidratio, ' +
        "parentbased_always_on, parentbased_always_off, parentbased_traceidratio.",
    );
    expect(configError({}, { OTEL_TRACES_SAMPLER: "traceidratio", OTEL_TRACES_SAMPLER_ARG: "2" }).message).toBe(
      'OTEL_TRACES_SAMPLER_ARG="2" must be a number from 0 to 1 (the fraction of traces kept).',
    );
    expect(configError({ sampler: {} as never }, {}).message).toBe("option `sampler` must be an OpenTelemetry Sampler (an object with shouldSample()).");
  });

  it("compression: option > OTEL_EXPORTER_OTLP_TRACES_COMPRESSION > OTEL_EXPORTER_OTLP_COMPRESSION > none", () => {
    expect(resolveConfig({}, {}).compression.value).toBe("none");
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_COMPRESSION: "gzip" }).compression.value).toBe("gzip");
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_COMPRESSION: "gzip", OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: "none" }).compression.value).toBe("none");
    expect(resolveConfig({ compression: "gzip" }, { OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: "none" }).compression.value).toBe("gzip");
    expect(configError({}, { OTEL_EXPORTER_OTLP_COMPRESSION: "br" }).message).toBe('OTEL_EXPORTER_OTLP_COMPRESSION must be "gzip" or "none", got "br".');
  });

  it("timeout: option > OTEL_EXPORTER_OTLP_TRACES_TIMEOUT > OTEL_EXPORTER_OTLP_TIMEOUT > 10000", () => {
    expect(resolveConfig({}, {}).timeoutMillis.value).toBe(10000);
    expect(resolveConfig({}, { OTEL_EXPORTER_OTLP_TIMEOUT: "500", OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: "700" }).timeoutMillis.value).toBe(700);
    expect(configError({}, { OTEL_EXPORTER_OTLP_TIMEOUT: "0" }).message).toBe('OTEL_EXPORTER_OTLP_TIMEOUT must be a whole number >= 1 (milliseconds), got "0".');
  });

  it("diag level: option > OTEL_LOG_LEVEL", () => {
    expect(resolveConfig({}, {}).diagLogLevel.value).toBeUndefined();
    expect(resolveConfig({}, { OTEL_LOG_LEVEL: "DEBUG" }).diagLogLevel.value).toBe(70);
    expect(resolveConfig({ diagLogLevel: "warn" }, { OTEL_LOG_LEVEL: "debug" }).diagLogLevel.value).toBe(50);
    expect(configError({}, { OTEL_LOG_LEVEL: "loud" }).message).toBe(
      'OTEL_LOG_LEVEL="loud" is not a log level. Use one of: none, error, warn, info, debug, verbose, all (or a DiagLogLevel).',
    );
  });

  it("flushTimeoutMillis: option, default 2000", () => {
    expect(resolveConfig({}, {}).flushTimeoutMillis.value).toBe(2000);
    expect(resolveConfig({ flushTimeoutMillis: 300 }, {}).flushTimeoutMillis.value).toBe(300);
    expect(configError({ flushTimeoutMillis: 0.5 }, {}).message).toBe("option `flushTimeoutMillis` must be a whole number >= 1 (milliseconds), got 0.5.");
  });

  it("projectName and serviceName must be strings", () => {
    expect(configError({ projectName: 1 as unknown as string }, {}).message).toBe("option `projectName` must be a string.");
    expect(configError({ serviceName: 1 as unknown as string }, {}).message).toBe("option `serviceName` must be a string.");
  });
});
