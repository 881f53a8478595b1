import { KqlError } from "../../src/errors.js";
import { header, run } from "./helpers.js";

/** A row's values by column name, for the one-row results below. */
function only(query: string): Record<string, unknown> {
  const r = run(query);
  expect(r.rows).toHaveLength(1);
  return r.rows[0]!;
}

describe("functions with several result columns in extend and project", () => {
  test("(a, b, ...) = series_fit_line(y) names each column in order", () => {
    // y = 3x - 2 + noise-free: an exact line over x = 1..5.
    const r = run("print y = dynamic([1, 4, 7, 10, 13]) | extend (fit, slope, v, rv, icpt, line) = series_fit_line(y)");
    expect(header(r)).toEqual(["y:dynamic", "fit:real", "slope:real", "v:real", "rv:real", "icpt:real", "line:dynamic"]);
    const row = r.rows[0]!;
    expect(row.fit).toBeCloseTo(1, 12);
    expect(row.slope).toBeCloseTo(3, 12);
    expect(row.icpt).toBeCloseTo(-2, 12);
    expect(row.v).toBeCloseTo(22.5, 12); // sample variance of 1, 4, 7, 10, 13
    expect(row.rv).toBeCloseTo(0, 12);
    expect((row.line as number[]).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([1, 4, 7, 10, 13]);
  });

  test("residual variance and r-square of an imperfect fit", () => {
    // Points (1,1) (2,3) (3,2): slope 0.5, intercept 1, residuals -0.5, 1, -0.5.
    const row = only("print y = dynamic([1, 3, 2]) | extend (r2, slope, v, rv, icpt) = series_fit_line(y)");
    expect(row.slope).toBeCloseTo(0.5, 12);
    expect(row.icpt).toBeCloseTo(1, 12);
    expect(row.rv).toBeCloseTo(1.5 / 2, 12);
    expect(row.v).toBeCloseTo(1, 12);
    expect(row.r2).toBeCloseTo(1 - 1.5 / 2, 12);
  });

  test("fewer names than columns: the rest get <fn>_<arg>_<suffix>; a single name names the first", () => {
    expect(header(run("print s = dynamic([1, 2]) | extend (a, b) = series_fit_line(s)"))).toEqual([
      "s:dynamic",
      "a:real",
      "b:real",
      "series_fit_line_s_variance:real",
      "series_fit_line_s_rvariance:real",
      "series_fit_line_s_interception:real",
      "series_fit_line_s_line_fit:dynamic",
    ]);
    expect(header(run("print s = dynamic([1, 2]) | project f = series_fit_line(s)")).slice(0, 2)).toEqual(["f:real", "series_fit_line_s_slope:real"]);
  });

  test("an unnamed call gets default names, made unique when repeated; an unnamed argument leaves the middle empty", () => {
    const h = header(run("print s = dynamic([1, 2]) | extend series_decompose_anomalies(s), series_decompose_anomalies(s)"));
    expect(h).toEqual([
      "s:dynamic",
      "series_decompose_anomalies_s_ad_flag:dynamic",
      "series_decompose_anomalies_s_ad_score:dynamic",
      "series_decompose_anomalies_s_baseline:dynamic",
      "series_decompose_anomalies_s_ad_flag1:dynamic",
      "series_decompose_anomalies_s_ad_score1:dynamic",
      "series_decompose_anomalies_s_baseline1:dynamic",
    ]);
    expect(header(run("print 1 | project series_decompose(dynamic([1, 2]))"))[0]).toBe("series_decompose__baseline:dynamic");
  });

  test("an explicit name replaces the column of that name in place", () => {
    expect(header(run("print s = dynamic([1, 2]), k = 1 | extend (k, s) = series_fit_line(s)")).slice(0, 3)).toEqual(["s:real", "k:real", "series_fit_line_s_variance:real"]);
  });

  test("errors: more names than columns, several names for a one-value function, a tuple inside an expression", () => {
    expect(() => run("print s = dynamic([1]) | extend (a, b, c, d) = series_decompose_anomalies(s)")).toThrow(/4 names for 3 result columns/);
    expect(() => run("print s = 'x' | extend (a, b) = strlen(s)")).toThrow(KqlError);
    expect(() => run("print s = dynamic([1]) | where series_fit_line(s) > 0")).toThrow(/returns several columns/);
    expect(() => run("print s = dynamic([1]) | project (a, a2) = series_fit_line(s), a = 1")).toThrow(/names the column 'a' twice/);
  });

  test("each row gets its own result (the shared evaluation is per row, not per query)", () => {
    const r = run("range i from 1 to 3 step 1 | extend y = pack_array(i, 2 * i, 3 * i) | extend (r2, slope) = series_fit_line(y) | project i, slope");
    expect(r.rows.map((x) => x.slope)).toEqual([1, 2, 3].map((k) => expect.closeTo(k, 12)));
  });

  test("series_decompose_anomalies flags a spike up and a dip down against the average trend", () => {
    const row = only(
      "print y = dynamic([10, 11, 10, 11, 10, 11, 10, 40, 10, 11, 10, 11, 10, 11, -20, 11]) | extend (flag, score, baseline) = series_decompose_anomalies(y, 1.5, 0)",
    );
    const flags = row.flag as number[];
    expect(flags[7]).toBe(1);
    expect(flags[14]).toBe(-1);
    expect(flags.filter((f) => f !== 0)).toHaveLength(2);
    expect((row.score as number[])[7]).toBeGreaterThan(1.5);
    // trend 'avg' with no seasonality: the baseline is the mean everywhere.
    const mean = [10, 11, 10, 11, 10, 11, 10, 40, 10, 11, 10, 11, 10, 11, -20, 11].reduce((s, v) => s + v, 0) / 16;
    for (const b of row.baseline as number[]) expect(b).toBeCloseTo(mean, 12);
  });

  test("series_decompose with a given period: seasonal medians per phase, linefit trend, residual = y - baseline", () => {
    const row = only("print y = dynamic([1, 5, 1, 5, 1, 5, 1, 5]) | extend (baseline, seasonal, trend, residual) = series_decompose(y, 2, 'linefit')");
    expect(row.seasonal).toEqual([1, 5, 1, 5, 1, 5, 1, 5]);
    for (const t of row.trend as number[]) expect(t).toBeCloseTo(0, 12);
    for (const x of row.residual as number[]) expect(x).toBeCloseTo(0, 12);
    expect(() => run("print y = dynamic([1]) | extend series_decompose(y, 0, 'wobbly')")).toThrow(/trend must be/);
  });

  test("series_decompose with seasonality -1 finds the period (series_periods_detect's scoring)", () => {
    const cycle = [1, 2, 1, 2, 1, 9, 9];
    const y = Array.from({ length: 8 }, () => cycle).flat();
    const row = only(`print y = dynamic([${y.join(", ")}]) | extend (baseline, seasonal, trend, residual) = series_decompose(y, -1, 'none')`);
    expect(row.seasonal).toEqual(y);
    // Without seasonality the average trend is all there is.
    const flat = only(`print y = dynamic([${y.join(", ")}]) | extend (baseline, seasonal) = series_decompose(y, 0)`);
    expect(new Set(flat.seasonal as number[])).toEqual(new Set([0]));
  });
});
