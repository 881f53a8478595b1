/** series_stats: seven columns through extend/project (the tuple-result plumbing), named as Kusto names them. */
import { header, rowsOf, run } from "../engine/helpers.js";

describe("series_stats", () => {
  test("extend adds series_stats_<arg>_<stat> columns, typed real and long", () => {
    const r = run("print s = dynamic([5, 11, 2, 11, 6]) | extend series_stats(s)");
    expect(header(r)).toEqual([
      "s:dynamic",
      "series_stats_s_min:real",
      "series_stats_s_min_idx:long",
      "series_stats_s_max:real",
      "series_stats_s_max_idx:long",
      "series_stats_s_avg:real",
      "series_stats_s_stdev:real",
      "series_stats_s_variance:real",
    ]);
    // mean 7; squared deviations 4 + 16 + 25 + 16 + 1 = 62; sample variance 62 / 4.
    expect(rowsOf(r)[0]!.slice(1)).toEqual([2, 2, 11, 1, 7, Math.sqrt(15.5), 15.5]);
  });
  test("names given in a tuple replace the first columns; ignore_nonfinite skips nulls", () => {
    const r = run("print s = dynamic([5, null, 3]) | project (lo, at) = series_stats(s, true)");
    expect(header(r).slice(0, 3)).toEqual(["lo:real", "at:long", "series_stats_s_max:real"]);
    expect(rowsOf(r)[0]!.slice(0, 5)).toEqual([3, 2, 5, 0, 4]);
  });
  test("a non-finite element without ignore_nonfinite gives null statistics", () => {
    const r = run("print s = dynamic([5, null, 3]) | project series_stats(s)");
    expect(rowsOf(r)[0]).toEqual([null, null, null, null, null, null, null]);
  });
});
