// `--fault <spec>`: a fault of mock.injectFault() written as comma-separated `key=value` pairs (bare `stall`, `reset`,
// `drop-response`), e.g. `--fault status=503,times=2,retry-after=5` or `--fault reset,fraction=0.25,transport=grpc`.
import type { FaultSpec } from "../pressure/faults.js";

const NUMBERS = { status: "status", "retry-after": "retryAfter", "grpc-code": "grpcCode", delay: "delayMs", times: "times", fraction: "fraction" } as const;
const FLAGS = { stall: "stall", reset: "reset", "drop-response": "dropResponse" } as const;
export const FAULT_KEYS = [...Object.keys(NUMBERS), ...Object.keys(FLAGS), "message", "transport"];

/** The FaultSpec a `--fault` value spells (checked further by injectFault), or a message naming what is wrong. */
export function parseFaultFlag(text: string): FaultSpec | string {
  const spec: Record<string, unknown> = {};
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    const [key, value] = eq < 0 ? [part.trim(), undefined] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
    if (key in FLAGS && value === undefined) spec[FLAGS[key as keyof typeof FLAGS]] = true;
    else if (key in NUMBERS && value !== undefined && value !== "" && Number.isFinite(Number(value))) spec[NUMBERS[key as keyof typeof NUMBERS]] = Number(value);
    else if (key === "retry-after" && value) spec.retryAfter = value;
    else if ((key === "message" || key === "transport") && value !== undefined) spec[key] = value;
    else return `--fault ${JSON.stringify(text)}: cannot read ${JSON.stringify(part)} (keys: ${FAULT_KEYS.join(", ")}; e.g. --fault status=503,times=2)`;
  }
  return spec as FaultSpec;
}
