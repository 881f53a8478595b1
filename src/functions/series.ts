/**
 * Time-series functions (`series_*`) over dynamic numeric arrays (series-*-function.md): element-wise
 * math and comparisons, fills, and whole-series statistics.
 *
 * Element rules: a non-numeric element (null, string, bag) gives null in element-wise results and is
 * skipped by statistics. Binary element-wise functions take two arrays or an array and a scalar (the
 * scalar applies to every element); two arrays of different lengths give the longer length, with null
 * where one side is missing.
 */
import { newBag, type DynamicValue, type Value } from "../runtime/values.js";
import type { ArgInfo, ScalarFunctionDef, ScalarImpl, TupleColumn } from "./types.js";
import { scalarToDynamic } from "./util.js";
import { detectPeriod, numericSeries } from "./series-periods.js";
import { median, pearson } from "./series-math.js";

function series(name: string, description: string, params: ScalarFunctionDef["params"], returns: ScalarFunctionDef["returns"], bind: ScalarFunctionDef["bind"]): ScalarFunctionDef {
  return { name, category: "series", description, params, returns, resultNaming: "none", bind };
}

const num = (v: DynamicValue | undefined): number | null => (typeof v === "number" ? v : typeof v === "boolean" ? (v ? 1 : 0) : null);

/** An argument as an array, or a number that stands for every element, or null. */
function asArray(v: Value, arg: ArgInfo | undefined): DynamicValue[] | number | null {
  if (Array.isArray(v)) return v as DynamicValue[];
  const d = arg && arg.type !== "dynamic" ? scalarToDynamic(v, arg.type) : (v as DynamicValue);
  return num(d);
}

const SERIES = [{ name: "series", kind: "dynamic" }] as const;

function unary(name: string, description: string, f: (x: number) => number): ScalarFunctionDef {
  return series(name, description, SERIES, "dynamic", () => (a) => {
    const s = a[0];
    if (!Array.isArray(s)) return null;
    return (s as DynamicValue[]).map((x) => {
      const n = num(x);
      return n === null ? null : f(n);
    });
  });
}

function binary(name: string, description: string, f: (x: number, y: number) => DynamicValue): ScalarFunctionDef {
  return series(
    name,
    description,
    [
      { name: "series1", kind: "any" },
      { name: "series2", kind: "any" },
    ],
    "dynamic",
    (args): ScalarImpl =>
      (a) => {
        const x = asArray(a[0]!, args[0]);
        const y = asArray(a[1]!, args[1]);
        if (!Array.isArray(x) && !Array.isArray(y)) return null;
        const len = Math.max(Array.isArray(x) ? x.length : 0, Array.isArray(y) ? y.length : 0);
        const out: DynamicValue[] = new Array(len);
        for (let i = 0; i < len; i++) {
          const l = Array.isArray(x) ? num(x[i]) : x;
          const r = Array.isArray(y) ? num(y[i]) : y;
          out[i] = l === null || r === null ? null : f(l, r);
        }
        return out;
      },
  );
}

/** The numeric elements of an array argument, or null when it is not an array. */
function numbers(v: Value): number[] | null {
  if (!Array.isArray(v)) return null;
  const out: number[] = [];
  for (const x of v as DynamicValue[]) {
    const n = num(x);
    if (n !== null && !Number.isNaN(n)) out.push(n);
  }
  return out;
}

function fill(v: Value, forward: boolean): DynamicValue {
  if (!Array.isArray(v)) return null;
  const out = (v as DynamicValue[]).slice();
  let last: DynamicValue = null;
  for (let k = 0; k < out.length; k++) {
    const i = forward ? k : out.length - 1 - k;
    if (out[i] === null) out[i] = last;
    else last = out[i]!;
  }
  return out;
}

interface SeriesStats {
  min: number | null;
  min_idx: number | null;
  max: number | null;
  max_idx: number | null;
  avg: number | null;
  stdev: number | null;
  variance: number | null;
  sum: number | null;
  len: number;
}

/**
 * min, min_idx, max, max_idx, avg, stdev and variance (sample), sum and len of a series
 * (series-stats-function.md). A non-finite element (null, NaN, infinity, or not a number) makes every
 * statistic null unless `ignoreNonfinite`, which computes them over the finite elements only; indexes
 * are positions in the whole array. len is always the array's length. Null when the value is no array.
 */
function stats(v: Value, ignoreNonfinite: boolean): SeriesStats | null {
  if (!Array.isArray(v)) return null;
  const arr = v as DynamicValue[];
  let min: number | null = null;
  let max: number | null = null;
  let minIdx: number | null = null;
  let maxIdx: number | null = null;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < arr.length; i++) {
    const d = num(arr[i]);
    if (d === null || !Number.isFinite(d)) {
      if (ignoreNonfinite) continue;
      return { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null, sum: null, len: arr.length };
    }
    if (min === null || d < min) [min, minIdx] = [d, i];
    if (max === null || d > max) [max, maxIdx] = [d, i];
    sum += d;
    n++;
  }
  const avg = n ? sum / n : NaN;
  let sq = 0;
  for (const x of arr) {
    const d = num(x);
    if (d !== null && Number.isFinite(d)) sq += (d - avg) ** 2;
  }
  const variance = n > 1 ? sq / (n - 1) : n === 1 ? 0 : NaN;
  return { min, min_idx: minIdx, max, max_idx: maxIdx, avg, stdev: Math.sqrt(variance), variance, sum, len: arr.length };
}

/** series_stats' columns, in the reference's order. */
const STATS_COLUMNS = [
  { suffix: "min", type: "real" },
  { suffix: "min_idx", type: "long" },
  { suffix: "max", type: "real" },
  { suffix: "max_idx", type: "long" },
  { suffix: "avg", type: "real" },
  { suffix: "stdev", type: "real" },
  { suffix: "variance", type: "real" },
] as const satisfies readonly TupleColumn[];

const STATS_PARAMS: ScalarFunctionDef["params"] = [
  { name: "series", kind: "dynamic" },
  { name: "ignore_nonfinite", kind: "bool", optional: true },
];

export const SERIES_FUNCTIONS: ScalarFunctionDef[] = [
  unary("series_abs", "Element-wise absolute value.", Math.abs),
  unary("series_acos", "Element-wise arc cosine.", Math.acos),
  unary("series_asin", "Element-wise arc sine.", Math.asin),
  unary("series_atan", "Element-wise arc tangent.", Math.atan),
  unary("series_ceiling", "Element-wise ceiling.", Math.ceil),
  unary("series_cos", "Element-wise cosine.", Math.cos),
  unary("series_exp", "Element-wise e to the power of the element.", Math.exp),
  unary("series_floor", "Element-wise floor.", Math.floor),
  unary("series_log", "Element-wise natural logarithm.", Math.log),
  unary("series_sign", "Element-wise sign: -1, 0 or 1.", Math.sign),
  unary("series_sin", "Element-wise sine.", Math.sin),
  unary("series_tan", "Element-wise tangent.", Math.tan),
  binary("series_add", "Element-wise sum of two series (or a series and a number).", (x, y) => x + y),
  binary("series_subtract", "Element-wise difference of two series (or a series and a number).", (x, y) => x - y),
  binary("series_multiply", "Element-wise product of two series (or a series and a number).", (x, y) => x * y),
  binary("series_divide", "Element-wise real quotient of two series (or a series and a number).", (x, y) => x / y),
  binary("series_pow", "Element-wise power.", (x, y) => x ** y),
  binary("series_greater", "Element-wise x > y.", (x, y) => x > y),
  binary("series_greater_equals", "Element-wise x >= y.", (x, y) => x >= y),
  binary("series_less", "Element-wise x < y.", (x, y) => x < y),
  binary("series_less_equals", "Element-wise x <= y.", (x, y) => x <= y),
  binary("series_equals", "Element-wise x == y.", (x, y) => x === y),
  binary("series_not_equals", "Element-wise x != y.", (x, y) => x !== y),
  series(
    "series_dot_product",
    "The dot product of two series (a number stands for a series of that value).",
    [
      { name: "series1", kind: "any" },
      { name: "series2", kind: "any" },
    ],
    "real",
    (args): ScalarImpl =>
      (a) => {
        const x = asArray(a[0]!, args[0]);
        const y = asArray(a[1]!, args[1]);
        if (!Array.isArray(x) && !Array.isArray(y)) return null;
        const len = Math.max(Array.isArray(x) ? x.length : 0, Array.isArray(y) ? y.length : 0);
        let s = 0;
        for (let i = 0; i < len; i++) {
          const l = Array.isArray(x) ? num(x[i]) : x;
          const r = Array.isArray(y) ? num(y[i]) : y;
          if (l !== null && r !== null) s += l * r;
        }
        return s;
      },
  ),
  series(
    "series_cosine_similarity",
    "The cosine similarity of two numeric series of the same length.",
    [
      { name: "series1", kind: "dynamic" },
      { name: "series2", kind: "dynamic" },
    ],
    "real",
    () => (a) => {
      const x = a[0];
      const y = a[1];
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return null;
      let dot = 0;
      let nx = 0;
      let ny = 0;
      for (let i = 0; i < x.length; i++) {
        const l = num(x[i] as DynamicValue) ?? 0;
        const r = num(y[i] as DynamicValue) ?? 0;
        dot += l * r;
        nx += l * l;
        ny += r * r;
      }
      return dot / Math.sqrt(nx * ny);
    },
  ),
  series(
    "series_pearson_correlation",
    "The Pearson correlation coefficient of two numeric series.",
    [
      { name: "series1", kind: "dynamic" },
      { name: "series2", kind: "dynamic" },
    ],
    "real",
    () => (a) => {
      const x = numbers(a[0]!);
      const y = numbers(a[1]!);
      return x && y ? pearson(x, y) : null;
    },
  ),
  series("series_fill_forward", "Replaces each null with the last non-null value before it (leading nulls stay).", SERIES, "dynamic", () => (a) => fill(a[0]!, true)),
  series("series_fill_backward", "Replaces each null with the next non-null value after it (trailing nulls stay).", SERIES, "dynamic", () => (a) => fill(a[0]!, false)),
  series(
    "series_fill_const",
    "Replaces each null with a constant.",
    [
      { name: "series", kind: "dynamic" },
      { name: "constant_value", kind: "any" },
    ],
    "dynamic",
    (args): ScalarImpl =>
      (a) => {
        if (!Array.isArray(a[0])) return null;
        const c = args[1] && args[1].type !== "dynamic" ? scalarToDynamic(a[1]!, args[1].type) : (a[1] as DynamicValue);
        return (a[0] as DynamicValue[]).map((x) => (x === null ? c : x));
      },
  ),
  series("series_stats_dynamic", "min, min_idx, max, max_idx, avg, stdev, variance (sample), sum and len of a series as a bag; non-finite elements make the statistics null unless ignore_nonfinite.", STATS_PARAMS, "dynamic", () => (a) => {
    const st = stats(a[0]!, a[1] === true);
    return st && Object.assign(newBag(), st);
  }),
  {
    ...series("series_stats", "min, min_idx, max, max_idx, avg, stdev and variance (sample) of a series, one column each; non-finite elements make them null unless ignore_nonfinite.", STATS_PARAMS, "dynamic", () => (a) => {
      const st = stats(a[0]!, a[1] === true);
      return st && STATS_COLUMNS.map((c) => st[c.suffix]);
    }),
    tuple: STATS_COLUMNS,
  },
  series(
    "series_seasonal",
    "The seasonal component: each element becomes the median of the elements in the same phase of the period; without a period (or -1) the period is detected (see series_periods_detect), and zeros when none is found.",
    [
      { name: "series", kind: "dynamic" },
      { name: "period", kind: "integer", optional: true },
    ],
    "dynamic",
    (): ScalarImpl => (a) => {
      if (!Array.isArray(a[0])) return null;
      const arr = a[0] as DynamicValue[];
      const given = a[1] === undefined ? -1 : a[1];
      // -1 detects the period; any other value that is not a positive period gives zeros (the reference).
      const p = given === -1 ? detectPeriod(numericSeries(arr)!) : typeof given === "number" && given >= 1 ? Math.trunc(given) : 0;
      if (p === 0) return arr.map(() => 0);
      const phases: number[][] = Array.from({ length: p }, () => []);
      arr.forEach((x, i) => {
        const n = num(x);
        if (n !== null && !Number.isNaN(n)) phases[i % p]!.push(n);
      });
      const medians = phases.map((v) => median(v) ?? null);
      return arr.map((_, i) => medians[i % p]!);
    },
  ),
  series("series_sum", "The sum of the numeric elements.", SERIES, "real", () => (a) => numbers(a[0]!)?.reduce((s, x) => s + x, 0) ?? null),
  series("series_product", "The product of the numeric elements.", SERIES, "real", () => (a) => numbers(a[0]!)?.reduce((s, x) => s * x, 1) ?? null),
  series("series_magnitude", "The Euclidean norm of the numeric elements.", SERIES, "real", () => (a) => {
    const x = numbers(a[0]!);
    return x ? Math.sqrt(x.reduce((s, v) => s + v * v, 0)) : null;
  }),
];
