/**
 * Series functions with several result columns (ScalarFunctionDef.tuple): linear fit and decomposition
 * with anomaly scoring (series-fit-line-function.md, series-decompose-function.md,
 * series-decompose-anomalies-function.md). Each returns one value per column, in the declared order.
 *
 * Conventions, taken from the reference's worked example of series_fit_line: the x axis is 1..n, variance
 * is the sample variance (n - 1) and rvariance the residual sum of squares over n - 1 (series-math.ts).
 * Non-numeric and non-finite elements (null, text, infinity) count as 0, as in series-periods.ts. Where
 * Kusto's exact algorithm is not documented (seasonality detection, the ctukey score scale)
 * docs/semantics.md says what the engine does instead.
 */
import type { DynamicValue, Value } from "../runtime/values.js";
import type { ArgInfo, ScalarFunctionDef, ScalarImpl, TupleColumn } from "./types.js";
import { detectPeriod, numericSeries } from "./series-periods.js";
import { fitLine, median } from "./series-math.js";
import { argError } from "./util.js";

function tupleFn(name: string, description: string, params: ScalarFunctionDef["params"], tuple: readonly TupleColumn[], bind: ScalarFunctionDef["bind"]): ScalarFunctionDef {
  return { name, category: "series", description, params, returns: "dynamic", resultNaming: "none", tuple, bind };
}

interface Decomposition {
  baseline: number[];
  seasonal: number[];
  trend: number[];
  residual: number[];
}

/** series_decompose's steps: seasonal medians per phase, the trend of the deseasonalised learning points, baseline, residual. */
function decompose(y: readonly number[], seasonality: number, trendKind: string, testPoints: number, threshold: number): Decomposition {
  const n = y.length;
  const m = Math.max(0, n - Math.max(0, testPoints));
  const period = seasonality < 0 ? detectPeriod(y.slice(0, m), threshold) : seasonality;
  const seasonal = new Array<number>(n).fill(0);
  if (period > 0) {
    const phases: number[][] = Array.from({ length: period }, () => []);
    for (let i = 0; i < m; i++) phases[i % period]!.push(y[i]!);
    const medians = phases.map((v) => median(v) ?? 0);
    for (let i = 0; i < n; i++) seasonal[i] = medians[i % period]!;
  }
  const deseasoned = y.map((v, i) => v - seasonal[i]!);
  let trend: number[];
  if (trendKind === "linefit") {
    const fit = fitLine(deseasoned, m);
    trend = deseasoned.map((_, i) => fit.slope * (i + 1) + fit.interception);
  } else if (trendKind === "avg") {
    const avg = m > 0 ? deseasoned.slice(0, m).reduce((s, v) => s + v, 0) / m : 0;
    trend = new Array<number>(n).fill(avg);
  } else {
    trend = new Array<number>(n).fill(0);
  }
  const baseline = seasonal.map((s, i) => s + trend[i]!);
  return { baseline, seasonal, trend, residual: y.map((v, i) => v - baseline[i]!) };
}

/** Linear-interpolated percentile (0-100) of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/**
 * The standard normal quantile of p (0 < p < 1), by Acklam's rational approximation (relative error
 * below 1.2e-9): the width a normal distribution gives a percentile range.
 */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number): number => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * Tukey's fence score of each point (series_outliers): 0 inside [low, high] percentiles, else the distance
 * beyond the nearer one in units of the inter-quantile range. ctukey (10th-90th by default, or the caller's
 * percentiles) rescales its range to the 25th-75th range a normal distribution would have, so both kinds
 * score on one scale (docs/semantics.md). Points listed in `skip` score 0 and are left out of the percentiles.
 */
function outlierScores(values: readonly number[], kind: string, learn: number, lowP = 10, highP = 90, skip?: readonly boolean[]): number[] {
  const [lo, hi] = kind === "tukey" ? [25, 75] : [lowP, highP];
  const sorted = values.slice(0, learn).filter((_, i) => !skip?.[i]).sort((x, y) => x - y);
  const low = percentile(sorted, lo);
  const high = percentile(sorted, hi);
  const scale = kind === "tukey" ? 1 : (2 * normalQuantile(0.75)) / (normalQuantile(hi / 100) - normalQuantile(lo / 100));
  const range = (high - low) * scale;
  return values.map((v, i) => {
    if (skip?.[i]) return 0;
    const beyond = v > high ? v - high : v < low ? v - low : 0;
    if (beyond === 0) return 0;
    // A flat learning range: any departure from it is an outlier of unbounded score; its sign and size stay readable.
    return range > 0 ? beyond / range : beyond;
  });
}

const SEASONALITY = { name: "seasonality", kind: "integer", optional: true } as const;
const TREND = { name: "trend", kind: "string", optional: true } as const;
const TEST_POINTS = { name: "test_points", kind: "integer", optional: true } as const;
const SEASONALITY_THRESHOLD = { name: "seasonality_threshold", kind: "real", optional: true } as const;

const numberOr = (v: Value | undefined, fallback: number): number => (typeof v === "number" && !Number.isNaN(v) ? v : fallback);

function trendOf(v: Value | undefined, fallback: string): string {
  const t = v === null || v === undefined || v === "" ? fallback : String(v);
  if (t !== "avg" && t !== "linefit" && t !== "none") throw argError(`trend must be 'avg', 'linefit' or 'none', not '${t}'`);
  return t;
}

function checkConstantTrend(args: readonly ArgInfo[], index: number): void {
  const a = args[index];
  if (a?.constant) trendOf(a.value, "avg");
}

/** A percentile argument of series_outliers: a number from 2 to 98. */
function outlierPercentile(v: Value | undefined, fallback: number, what: string): number {
  if (v === null || v === undefined) return fallback;
  if (typeof v !== "number" || !(v >= 2 && v <= 98)) throw argError(`${what} must be a number from 2 to 98`);
  return v;
}

const SERIES_OUTLIERS: ScalarFunctionDef = {
  name: "series_outliers",
  category: "series",
  description: "Tukey fence scores of a series' points (> 1.5 a rise anomaly, < -1.5 a decline); kind 'ctukey' (10th-90th percentiles unless given) or 'tukey' (25th-75th); nulls and ignore_val score 0.",
  params: [
    { name: "series", kind: "dynamic" },
    { name: "kind", kind: "string", optional: true },
    { name: "ignore_val", kind: "real", optional: true },
    { name: "min_percentile", kind: "real", optional: true },
    { name: "max_percentile", kind: "real", optional: true },
  ],
  returns: "dynamic",
  // Kusto.Language names an unnamed call after its series (`extend series_outliers(l)` replaces l).
  resultNaming: "firstArg",
  bind: (args) => {
    const kindArg = args[1];
    if (kindArg?.constant && kindArg.value !== null && kindArg.value !== "" && kindArg.value !== "ctukey" && kindArg.value !== "tukey") {
      throw argError(`kind must be 'ctukey' or 'tukey', not '${String(kindArg.value)}'`);
    }
    if (args[3]?.constant) outlierPercentile(args[3].value, 10, "min_percentile");
    if (args[4]?.constant) outlierPercentile(args[4].value, 90, "max_percentile");
    return (a) => {
      if (!Array.isArray(a[0])) return null;
      const raw = a[0] as DynamicValue[];
      const ignore = typeof a[2] === "number" ? a[2] : undefined;
      const skip = raw.map((x) => typeof x !== "number" || Number.isNaN(x) || x === ignore);
      const y = raw.map((x, i) => (skip[i] ? 0 : (x as number)));
      const lowP = outlierPercentile(a[3], 10, "min_percentile");
      const highP = outlierPercentile(a[4], 90, "max_percentile");
      if (lowP >= highP) throw argError("min_percentile must be below max_percentile");
      return outlierScores(y, a[1] === "tukey" ? "tukey" : "ctukey", y.length, lowP, highP, skip);
    };
  },
};

export const SERIES_FIT_FUNCTIONS: ScalarFunctionDef[] = [
  SERIES_OUTLIERS,
  tupleFn(
    "series_fit_line",
    "Linear regression of a series over x = 1..n: rsquare, slope, variance, rvariance, interception and the fitted line.",
    [{ name: "series", kind: "dynamic" }],
    [
      { suffix: "rsquare", type: "real" },
      { suffix: "slope", type: "real" },
      { suffix: "variance", type: "real" },
      { suffix: "rvariance", type: "real" },
      { suffix: "interception", type: "real" },
      { suffix: "line_fit", type: "dynamic" },
    ],
    (): ScalarImpl => (a) => {
      const y = numericSeries(a[0]!);
      if (!y) return null;
      const f = fitLine(y);
      return [f.rsquare, f.slope, f.variance, f.rvariance, f.interception, y.map((_, i) => f.slope * (i + 1) + f.interception)];
    },
  ),
  tupleFn(
    "series_decompose",
    "Decomposes a series into baseline, seasonal, trend and residual (seasonality -1 detects the period, see docs/semantics.md).",
    [{ name: "series", kind: "dynamic" }, SEASONALITY, TREND, TEST_POINTS, SEASONALITY_THRESHOLD],
    [
      { suffix: "baseline", type: "dynamic" },
      { suffix: "seasonal", type: "dynamic" },
      { suffix: "trend", type: "dynamic" },
      { suffix: "residual", type: "dynamic" },
    ],
    (args): ScalarImpl => {
      checkConstantTrend(args, 2);
      return (a) => {
        const y = numericSeries(a[0]!);
        if (!y) return null;
        const d = decompose(y, numberOr(a[1], -1), trendOf(a[2], "avg"), numberOr(a[3], 0), numberOr(a[4], 0.6));
        return [d.baseline, d.seasonal, d.trend, d.residual];
      };
    },
  ),
  tupleFn(
    "series_decompose_anomalies",
    "Anomalies of a series from its decomposition: ad_flag (+1, -1, 0), ad_score (Tukey fence score of the residual) and baseline.",
    [
      { name: "series", kind: "dynamic" },
      { name: "threshold", kind: "real", optional: true },
      SEASONALITY,
      TREND,
      TEST_POINTS,
      { name: "ad_method", kind: "string", optional: true },
      SEASONALITY_THRESHOLD,
    ],
    [
      { suffix: "ad_flag", type: "dynamic" },
      { suffix: "ad_score", type: "dynamic" },
      { suffix: "baseline", type: "dynamic" },
    ],
    (args): ScalarImpl => {
      checkConstantTrend(args, 3);
      const method = args[5];
      if (method?.constant && method.value !== null && method.value !== "" && method.value !== "ctukey" && method.value !== "tukey") {
        throw argError(`ad_method must be 'ctukey' or 'tukey', not '${String(method.value)}'`);
      }
      return (a) => {
        const y = numericSeries(a[0]!);
        if (!y) return null;
        const threshold = numberOr(a[1], 1.5);
        const testPoints = numberOr(a[4], 0);
        const d = decompose(y, numberOr(a[2], -1), trendOf(a[3], "avg"), testPoints, numberOr(a[6], 0.6));
        const kind = a[5] === "tukey" ? "tukey" : "ctukey";
        const scores = outlierScores(d.residual, kind, Math.max(0, y.length - Math.max(0, testPoints)));
        const flags = scores.map((s) => (s > threshold ? 1 : s < -threshold ? -1 : 0));
        return [flags, scores, d.baseline];
      };
    },
  ),
];
