/**
 * percentile / percentiles / percentiles_array and their weighted forms percentilew / percentilesw /
 * percentilesw_array (percentiles-aggregation-function.md, percentilesw-aggregation-function.md).
 *
 * Kusto estimates nearest-rank percentiles with t-digest; here they are exact (docs/semantics.md): the
 * smallest value with at least P% of the values (or of the total weight) at or below it.
 *
 * `percentiles(x, 50, 90)` is one column per percentile, named like `percentile(x, 50)`: the entry
 * expands into `percentile` (or `percentilew`) parts that summarize binds as separate aggregates. The
 * `_array` forms give one dynamic array (named `percentiles_x`), the percentiles listed or given as one
 * dynamic array.
 */
import type { ScalarType } from "../types.js";
import { compareValues, type DynamicValue, type Value } from "../runtime/values.js";
import type { AggregateFunctionDef, ArgInfo, ParamSpec } from "./types.js";
import { argError, scalarToDynamic } from "./util.js";

/** A value percentiles order: non-null, and not NaN. */
export function usable(v: Value | undefined): v is Value {
  return v !== null && v !== undefined && !(typeof v === "number" && Number.isNaN(v));
}

/** The smallest value whose cumulative weight reaches p% of the total (weights all 1: nearest rank). */
export function weightedPercentile(sorted: readonly { v: Value; w: number }[], total: number, p: number): Value {
  if (sorted.length === 0 || total <= 0) return null;
  const target = Math.max((p / 100) * total, Number.MIN_VALUE);
  let cumulative = 0;
  for (const e of sorted) {
    cumulative += e.w;
    if (cumulative >= target) return e.v;
  }
  return sorted[sorted.length - 1]!.v;
}

/** The column-name fragment of a percentile (`99.9` -> `99_9`), as Kusto writes it. */
function percentileFragment(v: Value | undefined): string {
  const s = typeof v === "number" ? String(v) : String(v ?? "");
  let out = "";
  for (const ch of s) out += (ch >= "0" && ch <= "9") || (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") ? ch : "_";
  return out;
}

/** The percentile's result type: the value's own type (an int widens to long, a decimal to real). */
function valueType(args: readonly ArgInfo[]): ScalarType {
  const t = args[0]?.type ?? "real";
  return t === "int" ? "long" : t === "decimal" ? "real" : t;
}

export function checkedPercentile(v: Value | undefined): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 100) throw argError("a percentile must be a number from 0 to 100");
  return v;
}

/** A weight is a count: a null, non-finite or non-positive weight adds nothing (0); fractions are truncated. */
export function weightOf(raw: Value | undefined): number {
  const w = typeof raw === "number" && Number.isFinite(raw) ? Math.trunc(raw) : 0;
  return w > 0 ? w : 0;
}

/**
 * The percentiles of the arguments from index `from`: constants, or one constant dynamic array of them
 * (`percentiles_array(x, dynamic([50, 90]))`).
 */
function percentilesFrom(args: readonly ArgInfo[], from: number): number[] {
  const rest = args.slice(from);
  if (rest.length === 0) throw argError("give at least one percentile");
  if (rest.length === 1 && rest[0]!.type === "dynamic") {
    const list = rest[0]!.value;
    if (!Array.isArray(list) || list.length === 0) throw argError("the percentiles must be a non-empty array of numbers");
    return list.map((p) => checkedPercentile(p as Value));
  }
  return rest.map((a) => checkedPercentile(a.value));
}

/**
 * The accumulator shared by every form: it keeps the usable values with their weights and answers the
 * percentiles asked for at the end. `weightIndex` is undefined for the unweighted forms.
 */
function collector(weightIndex: number | undefined, answer: (sorted: { v: Value; w: number }[], total: number) => Value) {
  return () => {
    const entries: { v: Value; w: number }[] = [];
    let total = 0;
    return {
      add: (a: readonly Value[]) => {
        const v = a[0];
        if (!usable(v)) return;
        const w = weightIndex === undefined ? 1 : weightOf(a[weightIndex]);
        if (w === 0) return;
        entries.push({ v, w });
        total += w;
      },
      result: () => answer(entries.slice().sort((x, y) => compareValues(x.v, y.v)), total),
    };
  };
}

const EXPR: ParamSpec = { name: "expr", kind: "orderable" };
const WEIGHT: ParamSpec = { name: "weight", kind: "integer" };

function single(weighted: boolean): AggregateFunctionDef {
  const name = weighted ? "percentilew" : "percentile";
  return {
    name,
    category: "aggregate",
    description: `The nearest-rank percentile of the non-null values${weighted ? ", each counted weight times" : ""} (exact here; Kusto estimates).`,
    params: [EXPR, ...(weighted ? [WEIGHT] : []), { name: "percentile", kind: "numeric", constant: true }],
    returns: valueType,
    defaultName: (args) => `percentile_${args[0]?.columnName ?? ""}_${percentileFragment(args[weighted ? 2 : 1]?.value)}`,
    bind: (args) => {
      const p = checkedPercentile(args[weighted ? 2 : 1]?.value);
      return collector(weighted ? 1 : undefined, (sorted, total) => weightedPercentile(sorted, total, p));
    },
  };
}

/** percentiles / percentilesw: one `percentile(w)` column per percentile argument. */
function several(weighted: boolean): AggregateFunctionDef {
  const first = weighted ? 2 : 1;
  const part = weighted ? "percentilew" : "percentile";
  return {
    name: weighted ? "percentilesw" : "percentiles",
    category: "aggregate",
    description: `One column per percentile: the nearest-rank percentiles of the non-null values${weighted ? ", each counted weight times" : ""} (exact here; Kusto estimates).`,
    params: [EXPR, ...(weighted ? [WEIGHT] : []), { name: "percentile", kind: "numeric", constant: true }, { name: "percentiles", kind: "numeric", constant: true, variadic: true }],
    returns: valueType,
    defaultName: (args) => `percentile_${args[0]?.columnName ?? ""}_${percentileFragment(args[first]?.value)}`,
    expand: (argCount) => Array.from({ length: argCount - first }, (_, k) => ({ name: part, args: [...Array(first).keys(), first + k] })),
    // Only reached when a caller does not expand the call: the first percentile alone.
    bind: (args) => single(weighted).bind([...args.slice(0, first + 1)]),
  };
}

/** percentiles_array / percentilesw_array: the percentiles as one dynamic array. */
function asArray(weighted: boolean): AggregateFunctionDef {
  const first = weighted ? 2 : 1;
  return {
    name: weighted ? "percentilesw_array" : "percentiles_array",
    category: "aggregate",
    description: `The nearest-rank percentiles of the non-null values${weighted ? ", each counted weight times" : ""} as one dynamic array; the percentiles listed or given as one dynamic array.`,
    params: [EXPR, ...(weighted ? [WEIGHT] : []), { name: "percentiles", kind: "any", constant: true, variadic: true }],
    returns: "dynamic",
    defaultName: (args) => `percentiles_${args[0]?.columnName ?? ""}`,
    bind: (args) => {
      const ps = percentilesFrom(args, first);
      const type = valueType(args);
      return collector(weighted ? 1 : undefined, (sorted, total) =>
        ps.map((p): DynamicValue => {
          const v = weightedPercentile(sorted, total, p);
          return v === null ? null : scalarToDynamic(v, type);
        }),
      );
    },
  };
}

export const PERCENTILE_AGGREGATES: AggregateFunctionDef[] = [single(false), single(true), several(false), several(true), asArray(false), asArray(true)];
