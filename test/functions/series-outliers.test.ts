/** series_outliers: Tukey fence scores, the ctukey range rescaled to a normal distribution's 25-75 width. */
import { both } from "./helpers.js";

const S: [unknown, "dynamic"] = [[4, 5, 6, 5, 4, 5, 6, 5, 60, 5, -50], "dynamic"];

describe("series_outliers", () => {
  test("tukey: distance beyond the quartiles over the inter-quartile range, 0 inside", () => {
    // Sorted: -50 4 4 5 5 5 5 5 6 6 60 -> Q1 = 4.5, Q3 = 5.5 (linear interpolation), IQR 1.
    const r = both("series_outliers", S as never, ["tukey", "string"]) as number[];
    expect(r[0]).toBeCloseTo(-0.5);
    expect(r[1]).toBe(0);
    expect(r[8]).toBeCloseTo(54.5);
    expect(r[10]).toBeCloseTo(-54.5);
  });
  test("ctukey (the default) flags the same points, on the normal-rescaled 10-90 range", () => {
    const r = both("series_outliers", S as never) as number[];
    expect(r.map((x) => (x > 1.5 ? 1 : x < -1.5 ? -1 : 0))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, -1]);
    // 10th / 90th percentiles 4 and 6; the 2-wide range shrinks by z(0.75) / z(0.9) (standard normal
    // quantiles 0.6745 and 1.2816) to the width a normal distribution's quartiles would have.
    const range = (2 * 0.6744897501960817) / 1.2815515655446004;
    expect(r[8]).toBeCloseTo((60 - 6) / range, 6);
    expect(r[10]).toBeCloseTo((-50 - 4) / range, 6);
  });
  test("nulls and ignore_val score 0 and stay out of the percentiles", () => {
    const r = both("series_outliers", [[1, 2, null, 2, 99, 1000], "dynamic"], ["tukey", "string"], [1000, "real"]) as number[];
    expect(r[2]).toBe(0);
    expect(r[5]).toBe(0);
    expect(r[4]).toBeGreaterThan(1.5);
  });
  test("percentiles outside 2..98 are refused", () => {
    expect(() => both("series_outliers", S as never, ["ctukey", "string"], [null, "real"], [1, "real"], [90, "real"])).toThrow(/min_percentile/);
  });
});
