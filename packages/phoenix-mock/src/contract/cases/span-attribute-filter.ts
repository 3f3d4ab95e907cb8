/**
 * GET /v1/projects/{project_identifier}/spans and /spans/otlpv1 with `attribute=key:value` (as `@arizeai/phoenix-client`
 * `getSpans({ attributes })` sends it): how each kind of stored value matches an int, a float, a string and a bool, a
 * dotted path into a map, colons in the value, and the 422s.
 */
import type { ConformanceCase } from "../harness.js";
import { ingest, list } from "./span-filters.js";

const T0 = 1_700_000_000;

export const spanAttributeFilterCases: ConformanceCase[] = [
  {
    id: "project-spans-attribute-filter",
    title: "GET /v1/projects/{id}/spans?attribute=key:value: ints, integral doubles, floats, strings, bools, paths, colons; 422s; /otlpv1 too",
    covers: "spans read-back (@arizeai/phoenix-client getSpans attributes)",
    async run(ctx) {
      const project = ctx.unique("attrproj");
      await ingest(ctx, project, ["int"], T0, { "user.id": 12345, n: 1, "metadata.tier": "gold", session: "sess:abc:123" });
      await ingest(ctx, project, ["str"], T0 + 1, { "user.id": "12345", n: { raw: { double_value: 1 } }, word: "café" });
      await ingest(ctx, project, ["float"], T0 + 2, { n: 2.5, flag: true, tags: ["a", "b"] });
      await ingest(ctx, project, ["bool"], T0 + 3, { flag: false, n: 0, label: "true" });
      await ctx.waitForSpans(project, 4);
      const base = `/v1/projects/${project}/spans`;
      const q = (value: string) => `${base}?attribute=${encodeURIComponent(value)}`;
      for (const [label, value] of [
        ["int-matches-int", "user.id:12345"],
        ["quoted-matches-string", 'user.id:"12345"'],
        ["int-matches-int-and-integral-double", "n:1"],
        ["float-one-point-zero", "n:1.0"],
        ["float", "n:2.5"],
        ["exponent", "n:25e-1"],
        ["zero", "n:0"],
        ["true", "flag:true"],
        ["false", "flag:false"],
        ["quoted-true-string", 'label:"true"'],
        ["bare-string", "metadata.tier:gold"],
        ["map-key-alone", "metadata:gold"],
        ["colons-in-value", "session:sess:abc:123"],
        ["non-ascii", "word:café"],
        ["list-path", "tags:a"],
        ["missing-key", "nope:1"],
        ["spaces-kept", "metadata.tier: gold"],
      ] as const) {
        await list(ctx, label, q(value));
      }
      await list(ctx, "two-filters-and", `${q("n:1")}&attribute=${encodeURIComponent("user.id:12345")}`);
      await list(ctx, "with-span-kind", `${q("n:1")}&span_kind=CHAIN`);
      for (const [label, value] of [
        ["no-colon", "nocolon"],
        ["empty-key", ":1"],
        ["empty-value", "n:"],
        ["null", "n:null"],
        ["list", "n:[1]"],
        ["object", 'n:{"a":1}'],
      ] as const) {
        await list(ctx, label, q(value));
      }
      await list(ctx, "bad-kind-and-bad-attribute", `${q("nocolon")}&span_kind=NOPE`);
      await list(ctx, "unknown-project-and-bad-attribute", `/v1/projects/${ctx.unique("noproj")}/spans?attribute=nocolon`);
      await list(ctx, "otlpv1", `${base}/otlpv1?attribute=${encodeURIComponent("n:1")}`);
      await list(ctx, "otlpv1-bad", `${base}/otlpv1?attribute=nocolon`);
    },
  },
];
