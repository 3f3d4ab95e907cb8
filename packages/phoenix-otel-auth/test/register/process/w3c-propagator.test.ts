// register()'s W3C propagator builds @opentelemetry/core's propagators on first use; when they cannot be built (core
// did not load, as under a bundler that cannot follow the require), propagation does nothing instead of throwing into
// the request that asked, and says so once.
import { context, diag, DiagLogLevel, ROOT_CONTEXT, trace, TraceFlags } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { W3CPropagator } from "../../../src/register/process/w3c-propagator.js";

const getter = { get: (carrier: Record<string, string>, key: string) => carrier[key], keys: (carrier: Record<string, string>) => Object.keys(carrier) };
const setter = { set: (carrier: Record<string, string>, key: string, value: string) => void (carrier[key] = value) };

describe("W3CPropagator", () => {
  it("injects and extracts W3C trace context with core's propagators", () => {
    const propagator = new W3CPropagator();
    const spanContext = { traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331", traceFlags: TraceFlags.SAMPLED };
    const carrier: Record<string, string> = {};
    propagator.inject(trace.setSpanContext(ROOT_CONTEXT, spanContext), carrier, setter);
    expect(carrier.traceparent).toBe("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    expect(trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, getter))).toMatchObject({ ...spanContext, isRemote: true });
  });

  it("a propagator that cannot be built: nothing injected, the context passed through, one error", () => {
    let builds = 0;
    const propagator = new W3CPropagator(() => {
      builds++;
      throw new Error("Cannot find module as expression is too dynamic");
    });
    const errors: unknown[][] = [];
    diag.setLogger({ error: (...args: unknown[]) => void errors.push(args), warn() {}, info() {}, debug() {}, verbose() {} }, DiagLogLevel.ERROR);
    try {
      const carrier: Record<string, string> = {};
      propagator.inject(context.active(), carrier, setter);
      expect(carrier).toEqual({});
      expect(propagator.extract(ROOT_CONTEXT, { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" }, getter)).toBe(ROOT_CONTEXT);
      expect(propagator.fields()).toEqual([]);
    } finally {
      diag.disable();
    }
    expect([builds, errors.length]).toEqual([1, 1]);
  });
});
