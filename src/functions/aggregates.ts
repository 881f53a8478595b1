/**
 * Aggregation functions for `summarize` (and `make-series`). Each entry binds once per call site and
 * returns a factory of per-group accumulators.
 *
 * Null rules (null-values.md, kql-semantics note): aggregates skip null inputs. Over a group with no
 * non-null input: sum/sumif give 0, avg/avgif give NaN, min/max null, count/countif/dcount 0,
 * make_set/make_list `[]`, make_bag `{}`, stdev/variance NaN... (stdev of one value is 0).
 *
 * Default column names follow Kusto.Language's Aggregates.cs: `<prefix>_<column>` when the first
 * argument is a plain column (or a member path the binder names, like `d_a_b`), else `<prefix>_`.
 */
import type { ScalarType } from "../types.js";
import { compareValues, hashKey, isBag, newBag, type DynamicValue, type Value } from "../runtime/values.js";
import type { Accumulator, AggregateFunctionDef, ArgInfo, GroupedAccumulator } from "./types.js";
import { scalarToDynamic } from "./util.js";

const DEFAULT_MAX_SIZE = 1048576;

function prefixed(prefix: string): (args: readonly ArgInfo[]) => string {
  return (args) => `${prefix}_${args[0]?.columnName ?? ""}`;
}

// The ordering lives with the values; math and dynamic functions import it from here too.
export { compareValues } from "../runtime/values.js";

function maxSizeOf(arg: ArgInfo | undefined): number {
  const v = arg?.constant ? arg.value : undefined;
  return typeof v === "number" && v > 0 ? Math.floor(v) : DEFAULT_MAX_SIZE;
}

function predicateIndexOk(v: Value | undefined): boolean {
  return v === true;
}

// ---------------------------------------------------------------------------------------------------

const count: AggregateFunctionDef = {
  name: "count",
  category: "aggregate",
  description: "The number of rows in the group; `count(x)` counts rows where x is not null (for strings: not empty).",
  params: [{ name: "expr", kind: "any", optional: true }],
  returns: "long",
  defaultName: prefixed("count"),
  bindGrouped: (args) => {
    const isString = args[0]?.type === "string";
    const counts = args.length === 0 ? undefined : true;
    return () =>
      counter(
        counts === undefined
          ? () => true
          : (a) => {
              const v = a[0];
              return v !== null && v !== undefined && !(isString && v === "");
            },
      );
  },
  bind: (args) => {
    if (args.length === 0) {
      return () => {
        let n = 0;
        return { add: () => void n++, result: () => n };
      };
    }
    const isString = args[0]!.type === "string";
    return () => {
      let n = 0;
      return {
        add: (a) => {
          const v = a[0];
          if (v !== null && v !== undefined && !(isString && v === "")) n++;
        },
        result: () => n,
      };
    };
  },
};

const countif: AggregateFunctionDef = {
  name: "countif",
  category: "aggregate",
  description: "The number of rows for which the predicate is true.",
  params: [{ name: "predicate", kind: "bool" }],
  returns: "long",
  defaultName: () => "countif_",
  bindGrouped: () => () => counter((a) => a[0] === true),
  bind: () => () => {
    let n = 0;
    return { add: (a) => void (a[0] === true && n++), result: () => n };
  },
};

function distinctCounter(valueIndex: number, predIndex: number | undefined): () => Accumulator {
  return () => {
    const seen = new Set<unknown>();
    return {
      add: (a) => {
        if (predIndex !== undefined && !predicateIndexOk(a[predIndex])) return;
        const v = a[valueIndex];
        if (v === null || v === undefined) return;
        seen.add(hashKey(v as Value));
      },
      result: () => seen.size,
    };
  };
}

const dcount: AggregateFunctionDef = {
  name: "dcount",
  category: "aggregate",
  description: "The number of distinct non-null values (exact here; Kusto estimates). The accuracy argument is accepted and ignored.",
  params: [
    { name: "expr", kind: "any" },
    { name: "accuracy", kind: "integer", optional: true },
  ],
  returns: "long",
  defaultName: prefixed("dcount"),
  bind: () => distinctCounter(0, undefined),
};

const dcountif: AggregateFunctionDef = {
  name: "dcountif",
  category: "aggregate",
  description: "The number of distinct non-null values in rows where the predicate is true (exact).",
  params: [
    { name: "expr", kind: "any" },
    { name: "predicate", kind: "bool" },
    { name: "accuracy", kind: "integer", optional: true },
  ],
  returns: "long",
  defaultName: prefixed("dcountif"),
  bind: () => distinctCounter(0, 1),
};

function sumType(args: readonly ArgInfo[]): ScalarType {
  const t = args[0]?.type ?? "long";
  return t === "int" ? "long" : t;
}

function summer(args: readonly ArgInfo[], predIndex: number | undefined): () => Accumulator {
  const t = args[0]?.type;
  if (t === "timespan" || t === "datetime") {
    return () => {
      let s = 0n;
      return {
        add: (a) => {
          if (predIndex !== undefined && !predicateIndexOk(a[predIndex])) return;
          const v = a[0];
          if (typeof v === "bigint") s += v;
        },
        result: () => s,
      };
    };
  }
  return () => {
    let s = 0;
    return {
      add: (a) => {
        if (predIndex !== undefined && !predicateIndexOk(a[predIndex])) return;
        const v = a[0];
        if (typeof v === "number") s += v;
      },
      result: () => s,
    };
  };
}

const sum: AggregateFunctionDef = {
  name: "sum",
  category: "aggregate",
  description: "The sum of the non-null values (0 when there are none).",
  params: [{ name: "expr", kind: "summable" }],
  returns: sumType,
  defaultName: prefixed("sum"),
  bind: (args) => summer(args, undefined),
};

const sumif: AggregateFunctionDef = {
  name: "sumif",
  category: "aggregate",
  description: "The sum of the non-null values in rows where the predicate is true.",
  params: [
    { name: "expr", kind: "summable" },
    { name: "predicate", kind: "bool" },
  ],
  returns: sumType,
  defaultName: prefixed("sumif"),
  bind: (args) => summer(args, 1),
};

function avgType(args: readonly ArgInfo[]): ScalarType {
  const t = args[0]?.type ?? "real";
  return t === "timespan" || t === "datetime" || t === "decimal" ? t : "real";
}

function averager(args: readonly ArgInfo[], predIndex: number | undefined): () => Accumulator {
  const t = args[0]?.type;
  if (t === "timespan" || t === "datetime") {
    return () => {
      let s = 0n;
      let n = 0n;
      return {
        add: (a) => {
          if (predIndex !== undefined && !predicateIndexOk(a[predIndex])) return;
          const v = a[0];
          if (typeof v === "bigint") {
            s += v;
            n++;
          }
        },
        result: () => (n === 0n ? null : s / n),
      };
    };
  }
  return () => {
    let s = 0;
    let n = 0;
    return {
      add: (a) => {
        if (predIndex !== undefined && !predicateIndexOk(a[predIndex])) return;
        const v = a[0];
        if (typeof v === "number") {
          s += v;
          n++;
        }
      },
      result: () => (n === 0 ? NaN : s / n),
    };
  };
}

const avg: AggregateFunctionDef = {
  name: "avg",
  category: "aggregate",
  description: "The average of the non-null values (NaN when there are none).",
  params: [{ name: "expr", kind: "summable" }],
  returns: avgType,
  defaultName: prefixed("avg"),
  bind: (args) => averager(args, undefined),
};

const avgif: AggregateFunctionDef = {
  name: "avgif",
  category: "aggregate",
  description: "The average of the non-null values in rows where the predicate is true.",
  params: [
    { name: "expr", kind: "summable" },
    { name: "predicate", kind: "bool" },
  ],
  returns: avgType,
  defaultName: prefixed("avgif"),
  bind: (args) => averager(args, 1),
};

/** Array-backed counts per group: `counts` rows for which `counts(args)` holds. */
function counter(counts: (args: readonly Value[]) => boolean): GroupedAccumulator {
  const n: number[] = [];
  return {
    addGroup: () => void n.push(0),
    add: (g, a) => {
      if (counts(a)) n[g]!++;
    },
    result: (g) => n[g]!,
  };
}

/** Array-backed min/max per group (same rules as `extremum`). */
function groupedExtremum(sign: 1 | -1, predIndex: number | undefined, type: ScalarType): () => GroupedAccumulator {
  const empty: Value = type === "string" ? "" : null;
  return () => {
    const best: (Value | undefined)[] = [];
    return {
      addGroup: () => void best.push(undefined),
      add: (g, a) => {
        if (predIndex !== undefined && !predicateIndexOk(a[predIndex])) return;
        const v = a[0] as Value;
        if (v === null || v === undefined) return;
        if (typeof v === "number" && Number.isNaN(v)) return;
        const b = best[g];
        if (b === undefined || compareValues(v, b) * sign > 0) best[g] = v;
      },
      result: (g) => best[g] ?? empty,
    };
  };
}

function extremum(sign: 1 | -1, predIndex: number | undefined, type: ScalarType): () => Accumulator {
  const isString = type === "string";
  return () => {
    let best: Value = null;
    let has = false;
    return {
      add: (a) => {
        if (predIndex !== undefined && !predicateIndexOk(a[predIndex])) return;
        const v = a[0] as Value;
        if (v === null || v === undefined) return;
        if (typeof v === "number" && Number.isNaN(v)) return;
        if (!has || compareValues(v, best) * sign > 0) {
          best = v;
          has = true;
        }
      },
      result: () => (has ? best : isString ? "" : null),
    };
  };
}

function minmax(name: string, sign: 1 | -1, withPredicate: boolean): AggregateFunctionDef {
  const what = sign > 0 ? "largest" : "smallest";
  return {
    name,
    category: "aggregate",
    description: withPredicate ? `The ${what} non-null value in rows where the predicate is true.` : `The ${what} non-null value (null when there is none).`,
    params: withPredicate
      ? [
          { name: "expr", kind: "orderable" },
          { name: "predicate", kind: "bool" },
        ]
      : [{ name: "expr", kind: "orderable" }],
    returns: (args) => args[0]?.type ?? "dynamic",
    defaultName: prefixed(name),
    ...(withPredicate ? {} : { extremeValueOf: sign > 0 ? ("max" as const) : ("min" as const) }),
    bind: (args) => extremum(sign, withPredicate ? 1 : undefined, args[0]?.type ?? "dynamic"),
    bindGrouped: (args) => groupedExtremum(sign, withPredicate ? 1 : undefined, args[0]?.type ?? "dynamic"),
  };
}

function collector(distinct: boolean, predIndex: number | undefined, sizeIndex: number, args: readonly ArgInfo[]): () => Accumulator {
  const max = maxSizeOf(args[sizeIndex]);
  const type = args[0]?.type ?? "dynamic";
  return () => {
    const out: DynamicValue[] = [];
    const seen = distinct ? new Set<unknown>() : undefined;
    return {
      add: (a) => {
        if (out.length >= max) return;
        if (predIndex !== undefined && !predicateIndexOk(a[predIndex])) return;
        const v = a[0] as Value;
        if (v === null || v === undefined) return;
        const d = scalarToDynamic(v, type);
        if (d === null) return;
        if (seen) {
          const k = hashKey(d);
          if (seen.has(k)) return;
          seen.add(k);
        }
        out.push(d);
      },
      result: () => out.slice(),
    };
  };
}

function makeCollection(name: string, aliases: string[] | undefined, distinct: boolean, withPredicate: boolean): AggregateFunctionDef {
  const params: AggregateFunctionDef["params"] = withPredicate
    ? [
        { name: "expr", kind: "any" },
        { name: "predicate", kind: "bool" },
        { name: "maxSize", kind: "integer", optional: true, constant: true },
      ]
    : [
        { name: "expr", kind: "any" },
        { name: "maxSize", kind: "integer", optional: true, constant: true },
      ];
  return {
    name,
    aliases,
    category: "aggregate",
    description: `${distinct ? "A dynamic array of the distinct" : "A dynamic array of all the"} non-null values${withPredicate ? " in rows where the predicate is true" : ""}, up to maxSize (default 1048576).`,
    params,
    returns: "dynamic",
    defaultName: prefixed(distinct ? "set" : "list"),
    bind: (args) => collector(distinct, withPredicate ? 1 : undefined, withPredicate ? 2 : 1, args),
  };
}

function bagMaker(withPredicate: boolean): AggregateFunctionDef {
  return {
    name: withPredicate ? "make_bag_if" : "make_bag",
    aliases: withPredicate ? undefined : ["make_dictionary"],
    category: "aggregate",
    description: `Merges the property bags${withPredicate ? " of rows where the predicate is true" : ""} into one (the first value of a repeated key wins); non-bags are skipped.`,
    params: withPredicate
      ? [
          { name: "expr", kind: "dynamic" },
          { name: "predicate", kind: "bool" },
          { name: "maxSize", kind: "integer", optional: true, constant: true },
        ]
      : [
          { name: "expr", kind: "dynamic" },
          { name: "maxSize", kind: "integer", optional: true, constant: true },
        ],
    returns: "dynamic",
    defaultName: prefixed("bag"),
    bind: (args) => {
      const max = maxSizeOf(args[withPredicate ? 2 : 1]);
      return () => {
        const bag = newBag();
        let n = 0;
        return {
          add: (a) => {
            if (withPredicate && !predicateIndexOk(a[1])) return;
            const v = a[0];
            if (!isBag(v)) return;
            for (const k of Object.keys(v)) {
              if (n >= max) return;
              if (!Object.prototype.hasOwnProperty.call(bag, k)) {
                bag[k] = v[k]!;
                n++;
              }
            }
          },
          result: () => Object.assign(newBag(), bag),
        };
      };
    },
  };
}

/** take_any's state for every group: the first non-null (for strings non-empty) value, where the predicate holds. */
function firstNonNull(args: readonly ArgInfo[], withPredicate: boolean): () => GroupedAccumulator {
  const isString = args[0]?.type === "string";
  const none: Value = isString ? "" : null;
  return () => {
    const values: Value[] = [];
    const has: boolean[] = [];
    return {
      addGroup: () => {
        values.push(none);
        has.push(false);
      },
      add: (g, a) => {
        if (has[g]) return;
        if (withPredicate && !predicateIndexOk(a[1])) return;
        const v = a[0] as Value;
        if (v === null || v === undefined || (isString && v === "")) return;
        values[g] = v;
        has[g] = true;
      },
      result: (g) => values[g]!,
      settled: (g) => has[g]!,
    };
  };
}

/** One group's accumulator made from an array-backed form, for an aggregate whose two forms would be copies. */
function singleGroup(grouped: GroupedAccumulator): Accumulator {
  grouped.addGroup();
  return { add: (a) => grouped.add(0, a), result: () => grouped.result(0) };
}

function takeAny(name: string, aliases: string[] | undefined, withPredicate: boolean, naming: (args: readonly ArgInfo[]) => string): AggregateFunctionDef {
  return {
    name,
    aliases,
    category: "aggregate",
    description: `An arbitrary non-null value of the group${withPredicate ? " among rows where the predicate is true" : ""} (here: the first one seen).`,
    params: withPredicate
      ? [
          { name: "expr", kind: "any" },
          { name: "predicate", kind: "bool" },
        ]
      : [{ name: "expr", kind: "any" }],
    returns: (args) => args[0]?.type ?? "dynamic",
    defaultName: naming,
    // Every group's value in one array; a group that has its value is settled, so summarize stops reading
    // the argument for its later rows (reading it was most of the cost over a wide table).
    bindGrouped: (args) => firstNonNull(args, withPredicate),
    bind: (args) => {
      const grouped = firstNonNull(args, withPredicate);
      return () => singleGroup(grouped());
    },
  };
}

function moments(kind: "stdev" | "variance" | "stdevp" | "variancep", withPredicate: boolean): AggregateFunctionDef {
  const name = `${kind}${withPredicate ? "if" : ""}`;
  const population = kind.endsWith("p");
  const root = kind.startsWith("stdev");
  return {
    name,
    category: "aggregate",
    description: `The ${population ? "population" : "sample"} ${root ? "standard deviation" : "variance"} of the non-null values${withPredicate ? " in rows where the predicate is true" : ""}.`,
    params: withPredicate
      ? [
          { name: "expr", kind: "summable" },
          { name: "predicate", kind: "bool" },
        ]
      : [{ name: "expr", kind: "summable" }],
    returns: "real",
    defaultName: prefixed(name),
    bind: () => () => {
      // Welford's algorithm.
      let n = 0;
      let mean = 0;
      let m2 = 0;
      return {
        add: (a) => {
          if (withPredicate && !predicateIndexOk(a[1])) return;
          const raw = a[0];
          const v = typeof raw === "number" ? raw : typeof raw === "bigint" ? Number(raw) : null;
          if (v === null) return;
          n++;
          const d = v - mean;
          mean += d / n;
          m2 += d * (v - mean);
        },
        result: () => {
          if (n === 0) return NaN;
          const denom = population ? n : n - 1;
          const variance = denom === 0 ? 0 : m2 / denom;
          return root ? Math.sqrt(variance) : variance;
        },
      };
    },
  };
}

/**
 * arg_max / arg_min. Contract with the summarize operator: `add(args)` receives args[0] = the value to
 * maximise (or minimise) and args[1] = the row index (a number); `result()` returns the index of the
 * winning row (the first row holding the extreme non-null value; when every value was null, the group's
 * first row, as the reference says one row of the group is picked), or null over no rows. The
 * summarize operator reads the winner's columns itself and names them (`arg_max(T, *)` etc.).
 */
function argExtremum(name: string, aliases: string[], sign: 1 | -1): AggregateFunctionDef {
  return {
    name,
    aliases,
    category: "aggregate",
    description: `Finds the row with the ${sign > 0 ? "largest" : "smallest"} value of the first argument and returns the requested columns of that row.`,
    params: [
      { name: sign > 0 ? "maximized" : "minimized", kind: "orderable" },
      { name: "returned", kind: "any", optional: true, variadic: true },
    ],
    returns: (args) => args[0]?.type ?? "dynamic",
    defaultName: (args) => args[0]?.columnName ?? `${sign > 0 ? "max" : "min"}_`,
    extremeRowOf: sign > 0 ? "max" : "min",
    // The same rules as `bind` below, with each group's best value and rows in arrays.
    bindGrouped: () => () => {
      const best: Value[] = [];
      const rows: number[] = [];
      const firsts: number[] = [];
      return {
        addGroup: () => {
          best.push(null);
          rows.push(-1);
          firsts.push(-1);
        },
        add: (g, a) => {
          const v = a[0] as Value;
          if (firsts[g] === -1) firsts[g] = a[1] as number;
          if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return;
          if (rows[g] === -1 || compareValues(v, best[g]!) * sign > 0) {
            best[g] = v;
            rows[g] = a[1] as number;
          }
        },
        result: (g) => (rows[g] !== -1 ? rows[g]! : firsts[g] !== -1 ? firsts[g]! : null),
      };
    },
    bind: () => {
      return () => {
        let best: Value = null;
        let row: number | null = null;
        let first: number | null = null;
        return {
          add: (a) => {
            const v = a[0] as Value;
            if (first === null) first = a[1] as number;
            if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return;
            if (row === null || compareValues(v, best) * sign > 0) {
              best = v;
              row = a[1] as number;
            }
          },
          result: () => row ?? first,
        };
      };
    },
  };
}

export const AGGREGATE_FUNCTIONS_LIST: AggregateFunctionDef[] = [
  count,
  countif,
  dcount,
  dcountif,
  sum,
  sumif,
  avg,
  avgif,
  minmax("min", -1, false),
  minmax("max", 1, false),
  minmax("minif", -1, true),
  minmax("maxif", 1, true),
  makeCollection("make_set", ["makeset"], true, false),
  makeCollection("make_set_if", undefined, true, true),
  makeCollection("make_list", ["makelist"], false, false),
  makeCollection("make_list_if", undefined, false, true),
  bagMaker(false),
  bagMaker(true),
  takeAny("take_any", undefined, false, (args) => args[0]?.columnName ?? "any_arg0"),
  takeAny("any", undefined, false, prefixed("any")),
  takeAny("take_anyif", undefined, true, (args) => args[0]?.columnName ?? "Column1"),
  takeAny("anyif", undefined, true, prefixed("anyif")),
  moments("stdev", false),
  moments("stdev", true),
  moments("stdevp", false),
  moments("stdevp", true),
  moments("variance", false),
  moments("variance", true),
  moments("variancep", false),
  moments("variancep", true),
  argExtremum("arg_max", ["argmax"], 1),
  argExtremum("arg_min", ["argmin"], -1),
];
