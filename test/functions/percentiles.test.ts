/** percentiles / percentiles_array and the weighted forms, through summarize (columns, names, values). */
import { header, rowsOf, run } from "../engine/helpers.js";

const SCORES = "datatable(v:long, n:long)[4, 1, 8, 3, 15, 2, 16, 0, 23, 1, 42, 5]";

describe("percentiles", () => {
  test("one column per percentile, named like percentile()", () => {
    const r = run(`${SCORES} | summarize percentiles(v, 10, 50, 87.5)`);
    expect(header(r)).toEqual(["percentile_v_10:long", "percentile_v_50:long", "percentile_v_87_5:long"]);
    expect(rowsOf(r)).toEqual([[4, 15, 42]]);
  });
  test("a tuple of names names the columns in order; by-groups get their own values", () => {
    const r = run(`${SCORES} | extend g = v % 2 | summarize (lo, hi) = percentiles(v, 0, 100) by g | order by g asc`);
    expect(header(r)).toEqual(["g:long", "lo:long", "hi:long"]);
    expect(rowsOf(r)).toEqual([
      [0, 4, 42],
      [1, 15, 23],
    ]);
  });
  test("percentiles_array gives one dynamic array, from a list or from a dynamic array", () => {
    const r = run(`${SCORES} | summarize percentiles_array(v, 25, 75), q = percentiles_array(v, dynamic([50, 100]))`);
    expect(header(r)).toEqual(["percentiles_v:dynamic", "q:dynamic"]);
    expect(rowsOf(r)).toEqual([[[8, 23], [15, 42]]]);
  });
  test("weighted: a value counts weight times, zero weights count nothing", () => {
    // Weighted population: 4, 8 8 8, 15 15, 23, 42 x5 (16 has weight 0): 12 in all.
    const r = run(`${SCORES} | summarize percentilew(v, n, 50), percentilesw(v, n, 25, 55), percentilesw_array(v, n, 1, 99)`);
    expect(header(r)).toEqual(["percentile_v_50:long", "percentile_v_25:long", "percentile_v_55:long", "percentiles_v:dynamic"]);
    expect(rowsOf(r)).toEqual([[15, 8, 23, [4, 42]]]);
  });
  test("a percentile outside 0..100 is an error", () => {
    expect(() => run(`${SCORES} | summarize percentiles(v, 50, 101)`)).toThrow(/percentile/);
  });
});
