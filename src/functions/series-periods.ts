/**
 * Period detection: series_periods_detect, series_periods_validate (series-periods-detect-function.md,
 * series-periods-validate-function.md) and the automatic period of series_seasonal.
 *
 * Kusto does not document its algorithm, only its limits and examples; this is the engine's own
 * (docs/semantics.md), chosen to agree with every documented example on which periods are found:
 *
 *   - the score of a period p is the correlation of the series with itself shifted by p bins (the
 *     Pearson correlation of y[0..n-p) and y[p..n)), after removing the series' linear trend, clamped
 *     to [0, 1];
 *   - periods of at least 4 bins and fewer than half the series' length are searched: a pattern seen
 *     only twice is not reported (the reference's example of 12 points repeating every 6 finds nothing);
 *   - a period is found where its score is a local peak reaching the threshold (0.7, the threshold
 *     series_seasonal documents); a multiple of a found period is reported only when it scores clearly
 *     higher (by 0.1), so a weekly period shows beside a daily one but 28 does not echo 14.
 *
 * Scores are therefore this engine's, not Kusto's (the reference's 14-bin example scores 0.84 there).
 * Non-numeric elements count as 0, as in the other series_* decompositions.
 */
import type { DynamicValue, Value } from "../runtime/values.js";
import type { ScalarFunctionDef, TupleColumn } from "./types.js";
import { argError } from "./util.js";
import { fitLine, pearson } from "./series-math.js";

const MIN_PERIOD = 4;
/** The score a period needs to be found (series_seasonal's documented threshold). */
export const DETECTION_THRESHOLD = 0.7;
/** How much more a multiple of a found period must score to be reported too. */
const HARMONIC_MARGIN = 0.1;

/** The series as numbers (non-numeric elements count as 0), or null when the value is no array. */
export function numericSeries(v: Value): number[] | null {
  if (!Array.isArray(v)) return null;
  return (v as DynamicValue[]).map((x) => (typeof x === "number" && Number.isFinite(x) ? x : typeof x === "boolean" ? (x ? 1 : 0) : 0));
}

/** The series less its least-squares line. */
function detrended(y: readonly number[]): number[] {
  const { slope, interception } = fitLine(y);
  return y.map((v, i) => v - (slope * (i + 1) + interception));
}

/** The lag-p self-correlation of an already detrended series, clamped to [0, 1]; 0 when undefined. */
function lagScore(d: readonly number[], p: number): number {
  if (p < 1 || d.length - p < 2) return 0;
  const r = pearson(d.slice(0, d.length - p), d.slice(p));
  return Number.isNaN(r) ? 0 : Math.min(1, Math.max(0, r));
}

/** The periods found in [minPeriod, maxPeriod] with their scores, best first. */
export function detectPeriods(y: readonly number[], minPeriod: number, maxPeriod: number, threshold = DETECTION_THRESHOLD): { period: number; score: number }[] {
  const n = y.length;
  const lo = Math.max(MIN_PERIOD, Math.ceil(minPeriod));
  const hi = Math.min(Math.floor(maxPeriod), Math.ceil(n / 2) - 1);
  if (lo > hi) return [];
  const d = detrended(y);
  const score = (p: number): number => (p >= 1 && p < n - 1 ? lagScore(d, p) : 0);
  const peaks: { period: number; score: number }[] = [];
  for (let p = lo; p <= hi; p++) {
    const s = score(p);
    if (s >= threshold && s >= score(p - 1) && s >= score(p + 1)) peaks.push({ period: p, score: s });
  }
  // Shorter periods first, so a multiple is judged against the period it repeats.
  const found: { period: number; score: number }[] = [];
  for (const c of peaks) {
    const base = found.find((f) => {
      const k = Math.round(c.period / f.period);
      return k >= 2 && Math.abs(c.period - k * f.period) <= Math.max(1, 0.05 * c.period);
    });
    if (!base || c.score >= base.score + HARMONIC_MARGIN) found.push(c);
  }
  return found.sort((a, b) => b.score - a.score || a.period - b.period);
}

/**
 * The period series_seasonal and series_decompose use when none is given: the best one found scoring
 * at least `threshold`, or 0 for none.
 */
export function detectPeriod(y: readonly number[], threshold = DETECTION_THRESHOLD): number {
  return detectPeriods(y, MIN_PERIOD, y.length, threshold)[0]?.period ?? 0;
}

/** The score of a given period, 0 outside 4 .. half the series' length (the reference's bounds). */
function validateScore(y: readonly number[], period: number): number {
  if (!Number.isFinite(period) || period < MIN_PERIOD || period > y.length / 2) return 0;
  return lagScore(detrended(y), Math.round(period));
}

const PERIODS_COLUMNS = [
  { suffix: "periods", type: "dynamic" },
  { suffix: "scores", type: "dynamic" },
] as const satisfies readonly TupleColumn[];

/** Scores rounded to 2 decimals, as the reference prints them: they are this engine's estimate anyway. */
const round2 = (x: number): number => Math.round(x * 100) / 100;

export const SERIES_PERIOD_FUNCTIONS: ScalarFunctionDef[] = [
  {
    name: "series_periods_detect",
    category: "series",
    description: "The most significant periods of a series (4 bins to under half its length) and their scores, best first, padded with 0 to num_periods; the engine's own scoring (docs/semantics.md).",
    params: [
      { name: "series", kind: "dynamic" },
      { name: "min_period", kind: "numeric" },
      { name: "max_period", kind: "numeric" },
      { name: "num_periods", kind: "integer" },
    ],
    returns: "dynamic",
    resultNaming: "none",
    tuple: PERIODS_COLUMNS,
    bind: () => (a) => {
      const y = numericSeries(a[0]!);
      const [lo, hi, count] = [a[1], a[2], a[3]];
      if (!y || typeof lo !== "number" || typeof hi !== "number" || typeof count !== "number") return null;
      const k = Math.max(0, Math.min(Math.trunc(count), 1000));
      const found = detectPeriods(y, lo, hi).slice(0, k);
      const periods: DynamicValue[] = Array.from({ length: k }, (_, i) => found[i]?.period ?? 0);
      const scores: DynamicValue[] = Array.from({ length: k }, (_, i) => (found[i] ? round2(found[i]!.score) : 0));
      return [periods, scores];
    },
  },
  {
    name: "series_periods_validate",
    category: "series",
    description: "The score (0 to 1) of each given period in a series; 0 for a period under 4 or over half the series' length. The engine's own scoring (docs/semantics.md).",
    params: [
      { name: "series", kind: "dynamic" },
      { name: "period", kind: "numeric" },
      { name: "periods", kind: "numeric", variadic: true },
    ],
    returns: "dynamic",
    resultNaming: "none",
    tuple: PERIODS_COLUMNS,
    bind: (args) => {
      if (args.length > 17) throw argError("series_periods_validate takes at most 16 periods");
      return (a) => {
        const y = numericSeries(a[0]!);
        if (!y) return null;
        const periods = a.slice(1).map((p) => (typeof p === "number" ? p : 0));
        return [periods, periods.map((p) => round2(validateScore(y, p)))];
      };
    },
  },
];
