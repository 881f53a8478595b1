/**
 * The "sketch" functions: hll / hll_if / hll_merge and dcount_hll (hll-aggregation-function.md,
 * hll-merge-function.md, dcount-hll-function.md), tdigest / tdigest_merge and percentile_tdigest,
 * percentiles_array_tdigest, percentrank_tdigest, rank_tdigest (tdigest-aggregation-function.md, ...).
 *
 * Kusto's sketches are HyperLogLog and t-digest states whose encoding is undocumented. The engine's
 * dcount and percentile are exact (docs/semantics.md), so a sketch here is a dynamic value holding the
 * exact state, and every answer read from it equals what dcount / percentilew give over the same rows:
 *   - hll:     {"sketch": "hll", "values": [distinct values]}
 *   - tdigest: {"sketch": "tdigest", "type": "<value type>", "values": [sorted distinct values],
 *               "weights": [total weight of each value]}
 * Values are stored as dynamic values (a datetime as its ISO text), read back by the sketch's type. A
 * sketch over no rows is null, as the reference's summarize example shows; dcount_hll of it is 0 (the
 * dcount of no rows). Sketches grow with the number of distinct values, unlike Kusto's.
 */
import type { ScalarType } from "../types.js";
import { compareValues, hashKey, isBag, type DynamicValue, type Value } from "../runtime/values.js";
import { scalarTypeFromName } from "../types.js";
import { checkedPercentile, usable, weightedPercentile, weightOf } from "./aggregates-percentiles.js";
import { toDateTime, toLong, toReal, toTimespan } from "./conversion.js";
import type { AggregateFunctionDef, ArgInfo, ScalarFunctionDef } from "./types.js";
import { argError, constantOf, scalarToDynamic } from "./util.js";

// ---- representation ---------------------------------------------------------------------------------

interface Digest {
  type: ScalarType;
  /** Ascending, distinct, in the digest's own type. */
  values: Value[];
  weights: number[];
}

function hllSketch(values: DynamicValue[]): DynamicValue {
  return values.length === 0 ? null : { sketch: "hll", values };
}

/** The distinct values of an hll sketch, or undefined when `v` is not one. */
function readHll(v: Value): DynamicValue[] | undefined {
  if (!isBag(v) || v["sketch"] !== "hll" || !Array.isArray(v["values"])) return undefined;
  return v["values"];
}

function fromDynamic(v: DynamicValue, type: ScalarType): Value {
  if (v === null) return null;
  switch (type) {
    case "int":
    case "long":
      return toLong(v, "dynamic");
    case "real":
    case "decimal":
      return toReal(v, "dynamic");
    case "datetime":
      return toDateTime(v, "dynamic");
    case "timespan":
      return toTimespan(v, "dynamic");
    default:
      return v;
  }
}

function digestSketch(d: Digest): DynamicValue {
  if (d.values.length === 0) return null;
  return { sketch: "tdigest", type: d.type, values: d.values.map((v) => scalarToDynamic(v, d.type)), weights: d.weights };
}

function readDigest(v: Value): Digest | undefined {
  if (!isBag(v) || v["sketch"] !== "tdigest") return undefined;
  const values = v["values"];
  const weights = v["weights"];
  const type = typeof v["type"] === "string" ? scalarTypeFromName(v["type"]) : undefined;
  if (!type || !Array.isArray(values) || !Array.isArray(weights) || values.length !== weights.length) return undefined;
  return { type, values: values.map((x) => fromDynamic(x, type)), weights: weights.map((w) => (typeof w === "number" ? w : 0)) };
}

/** Sums the weights of equal values, sorted ascending. */
function normalise(type: ScalarType, entries: { v: Value; w: number }[]): Digest {
  const byKey = new Map<unknown, { v: Value; w: number }>();
  for (const e of entries) {
    const k = hashKey(e.v);
    const seen = byKey.get(k);
    if (seen) seen.w += e.w;
    else byKey.set(k, { v: e.v, w: e.w });
  }
  const sorted = [...byKey.values()].sort((a, b) => compareValues(a.v, b.v));
  return { type, values: sorted.map((e) => e.v), weights: sorted.map((e) => e.w) };
}

/** Merges digests; digests of different value types merge as dynamic values. */
function mergeDigests(digests: readonly Digest[]): Digest {
  const types = new Set(digests.map((d) => d.type));
  const type: ScalarType = types.size === 1 ? digests[0]!.type : "dynamic";
  const entries: { v: Value; w: number }[] = [];
  for (const d of digests) d.values.forEach((v, i) => entries.push({ v: type === "dynamic" && d.type !== "dynamic" ? scalarToDynamic(v, d.type) : v, w: d.weights[i]! }));
  return normalise(type, entries);
}

function mergeHll(sets: readonly DynamicValue[][]): DynamicValue[] {
  const seen = new Map<unknown, DynamicValue>();
  for (const s of sets) for (const v of s) if (!seen.has(hashKey(v))) seen.set(hashKey(v), v);
  return [...seen.values()];
}

const totalWeight = (d: Digest): number => d.weights.reduce((a, b) => a + b, 0);

function digestPercentile(d: Digest, p: number): Value {
  const entries = d.values.map((v, i) => ({ v, w: d.weights[i]! }));
  return weightedPercentile(entries, totalWeight(d), p);
}

/** The total weight of the digest's values at or below `v` (v read in the digest's type). */
function rankOf(d: Digest, v: Value): number | null {
  const x = typeof v === "number" || typeof v === "bigint" ? v : fromDynamic(v as DynamicValue, d.type);
  if (x === null) return null;
  let n = 0;
  for (let i = 0; i < d.values.length; i++) {
    const c = d.values[i]!;
    const le = typeof c === "number" && typeof x === "bigint" ? c <= Number(x) : typeof c === "bigint" && typeof x === "number" ? Number(c) <= x : compareValues(c, x) <= 0;
    if (le) n += d.weights[i]!;
  }
  return n;
}

// ---- arguments ----------------------------------------------------------------------------------------

function typeLiteral(arg: ArgInfo | undefined): ScalarType | undefined {
  if (!arg) return undefined;
  const v = constantOf(arg);
  if (typeof v !== "string") throw argError("the type argument must be typeof(T)");
  const name = v.startsWith("typeof(") && v.endsWith(")") ? v.slice(7, -1) : v;
  const type = scalarTypeFromName(name);
  if (!type) throw argError(`unknown type '${name}'`);
  return type;
}

/** A value of the digest's type as the caller's requested type (dynamic when none was given). */
function asType(v: Value, from: ScalarType, to: ScalarType | undefined): Value {
  if (v === null) return null;
  if (to === undefined || to === "dynamic") return from === "dynamic" ? v : scalarToDynamic(v, from);
  if (to === from) return v;
  return fromDynamic(scalarToDynamic(v, from), to);
}

const DIGESTIBLE = new Set<ScalarType>(["int", "long", "real", "decimal", "datetime", "timespan"]);

// ---- aggregates ---------------------------------------------------------------------------------------

function hllAggregate(name: "hll" | "hll_if"): AggregateFunctionDef {
  const predicated = name === "hll_if";
  return {
    name,
    category: "aggregate",
    description: `The distinct non-null values${predicated ? " of rows where the predicate is true" : ""} as an hll sketch (a dynamic value holding the exact set; dcount_hll reads it). The accuracy argument is accepted and ignored.`,
    params: [{ name: "expr", kind: "any" }, ...(predicated ? [{ name: "predicate", kind: "bool" as const }] : []), { name: "accuracy", kind: "integer", optional: true, constant: true }],
    returns: "dynamic",
    defaultName: (args) => `${name}_${args[0]?.columnName ?? ""}`,
    bind: (args) => {
      const type = args[0]?.type ?? "dynamic";
      return () => {
        const seen = new Map<unknown, DynamicValue>();
        return {
          add: (a) => {
            if (predicated && a[1] !== true) return;
            const v = a[0];
            if (v === null || v === undefined) return;
            const k = hashKey(v);
            if (!seen.has(k)) seen.set(k, scalarToDynamic(v, type));
          },
          result: () => hllSketch([...seen.values()]),
        };
      };
    },
  };
}

const hllMergeAggregate: AggregateFunctionDef = {
  name: "hll_merge",
  category: "aggregate",
  description: "Merges the hll sketches of the group into one (the union of their distinct values).",
  params: [{ name: "hll", kind: "dynamic" }],
  returns: "dynamic",
  defaultName: (args) => `hll_merge_${args[0]?.columnName ?? ""}`,
  bind: () => () => {
    const sets: DynamicValue[][] = [];
    return {
      add: (a) => {
        const s = readHll(a[0] ?? null);
        if (s) sets.push(s);
      },
      result: () => hllSketch(mergeHll(sets)),
    };
  },
};

const tdigestAggregate: AggregateFunctionDef = {
  name: "tdigest",
  category: "aggregate",
  description: "The non-null values, each with its weight (1 by default), as a tdigest sketch (a dynamic value holding every distinct value and its total weight; percentile_tdigest reads it).",
  params: [
    { name: "expr", kind: "orderable" },
    { name: "weight", kind: "integer", optional: true },
  ],
  returns: "dynamic",
  defaultName: (args) => `tdigest_${args[0]?.columnName ?? ""}`,
  bind: (args) => {
    const type = args[0]?.type ?? "real";
    if (!DIGESTIBLE.has(type)) throw argError(`tdigest needs a number, datetime or timespan, but the expression is ${type}`);
    const weighted = args.length > 1;
    return () => {
      const entries: { v: Value; w: number }[] = [];
      return {
        add: (a) => {
          const v = a[0];
          if (!usable(v)) return;
          // As percentilew counts them.
          const w = weighted ? weightOf(a[1]) : 1;
          if (w > 0) entries.push({ v, w });
        },
        result: () => digestSketch(normalise(type === "int" ? "long" : type, entries)),
      };
    };
  },
};

const tdigestMergeAggregate: AggregateFunctionDef = {
  name: "tdigest_merge",
  aliases: ["merge_tdigest"],
  category: "aggregate",
  description: "Merges the tdigest sketches of the group into one (the weights of equal values add up).",
  params: [{ name: "tdigest", kind: "dynamic" }],
  returns: "dynamic",
  // Kusto.Language names both spellings `merge_tdigests_<column>`.
  defaultName: (args) => `merge_tdigests_${args[0]?.columnName ?? ""}`,
  bind: () => () => {
    const digests: Digest[] = [];
    return {
      add: (a) => {
        const d = readDigest(a[0] ?? null);
        if (d) digests.push(d);
      },
      result: () => (digests.length === 0 ? null : digestSketch(mergeDigests(digests))),
    };
  },
};

export const SKETCH_AGGREGATES: AggregateFunctionDef[] = [hllAggregate("hll"), hllAggregate("hll_if"), hllMergeAggregate, tdigestAggregate, tdigestMergeAggregate];

// ---- scalar functions -------------------------------------------------------------------------------

/** rank_tdigest / percentrank_tdigest: `answer` turns a value's rank and the digest's total weight into the result. */
function rankFunction(name: string, description: string, answer: (rank: number, total: number) => number | null): ScalarFunctionDef {
  return {
    name,
    category: "aggregation",
    description,
    params: [
      { name: "tdigest", kind: "dynamic" },
      { name: "value", kind: "any" },
    ],
    returns: "real",
    bind: () => (a) => {
      const d = readDigest(a[0] ?? null);
      const v = a[1];
      if (!d || v === null || v === undefined) return null;
      const rank = rankOf(d, v);
      return rank === null ? null : answer(rank, totalWeight(d));
    },
  };
}

const SKETCHES = { name: "sketch", kind: "dynamic" } as const;

export const SKETCH_FUNCTIONS: ScalarFunctionDef[] = [
  {
    name: "hll_merge",
    category: "aggregation",
    description: "Merges 2 to 16 hll sketches into one (the union of their distinct values); null sketches are skipped.",
    params: [SKETCHES, { ...SKETCHES, variadic: true }],
    returns: "dynamic",
    fixedResultName: "hll_merged_result",
    bind: (args) => {
      if (args.length > 16) throw argError("hll_merge takes 2 to 16 sketches");
      return (a) => hllSketch(mergeHll(a.map((v) => readHll(v) ?? [])));
    },
  },
  {
    name: "tdigest_merge",
    aliases: ["merge_tdigest"],
    category: "aggregation",
    description: "Merges 2 to 16 tdigest sketches into one (the weights of equal values add up); null sketches are skipped.",
    params: [SKETCHES, { ...SKETCHES, variadic: true }],
    returns: "dynamic",
    fixedResultName: "tdigests_merge_result",
    bind: (args) => {
      if (args.length > 16) throw argError("tdigest_merge takes 2 to 16 sketches");
      return (a) => {
        const digests = a.map(readDigest).filter((d): d is Digest => d !== undefined);
        return digests.length === 0 ? null : digestSketch(mergeDigests(digests));
      };
    },
  },
  {
    name: "dcount_hll",
    category: "aggregation",
    description: "The number of distinct values an hll sketch holds (exact; 0 for the null sketch of no rows).",
    params: [{ name: "hll", kind: "dynamic" }],
    returns: "long",
    resultNaming: "prefixAndFirstArg",
    bind: () => (a) => {
      const v = a[0] ?? null;
      if (v === null) return 0;
      return readHll(v)?.length ?? null;
    },
  },
  {
    name: "percentile_tdigest",
    category: "aggregation",
    description: "The nearest-rank percentile of a tdigest sketch (exact, as percentilew over the same rows): of type T with typeof(T), else dynamic.",
    params: [
      { name: "tdigest", kind: "dynamic" },
      { name: "percentile", kind: "numeric" },
      { name: "typeLiteral", kind: "string", optional: true, constant: true },
    ],
    returns: (args) => typeLiteral(args[2]) ?? "dynamic",
    resultNaming: "prefixAndFirstArg",
    bind: (args) => {
      const to = typeLiteral(args[2]);
      return (a) => {
        const d = readDigest(a[0] ?? null);
        const p = a[1];
        if (!d || p === null || p === undefined) return null;
        return asType(digestPercentile(d, checkedPercentile(p)), d.type, to);
      };
    },
  },
  {
    name: "percentiles_array_tdigest",
    category: "aggregation",
    description: "Several nearest-rank percentiles of a tdigest sketch as a dynamic array: listed, or as one dynamic array (then an optional typeof(T) converts each).",
    params: [
      { name: "tdigest", kind: "dynamic" },
      { name: "percentiles", kind: "any", variadic: true },
    ],
    returns: "dynamic",
    resultNaming: "prefixAndFirstArg",
    resultPrefix: "percentile_tdigest",
    bind: (args) => {
      const rest = args.slice(1);
      const last = rest[rest.length - 1];
      const typed = rest.length === 2 && rest[0]!.type === "dynamic" && last?.type === "string";
      const to = typed ? typeLiteral(last) : undefined;
      const listed = typed ? rest.slice(0, 1) : rest;
      return (a) => {
        const d = readDigest(a[0] ?? null);
        if (!d) return null;
        const raw = a.slice(1, 1 + listed.length);
        const ps = listed.length === 1 && Array.isArray(raw[0]) ? (raw[0] as DynamicValue[]) : raw;
        return ps.map((p): DynamicValue => {
          const v = digestPercentile(d, checkedPercentile(p as Value));
          return asType(v, d.type, to ?? "dynamic") as DynamicValue;
        });
      };
    },
  },
  rankFunction("rank_tdigest", "The rank of a value in a tdigest sketch: the total weight of the values at or below it (exact).", (rank) => rank),
  rankFunction("percentrank_tdigest", "The rank of a value in a tdigest sketch as a percentage of the total weight (exact; the inverse of percentile_tdigest).", (rank, total) =>
    total === 0 ? null : (100 * rank) / total,
  ),
];
