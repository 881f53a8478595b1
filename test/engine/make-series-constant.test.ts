import { header, rowsOf, run } from "./helpers.js";

const T = "datatable(t:long, v:long) [1, 5, 2, 7, 4, 1]";

describe("make-series with a constant item", () => {
  test("the constant fills the bins that have rows, the default the others", () => {
    const r = run(`${T} | make-series total = sum(v), seen = 1 default = 0, flag = 'y' default = 'n' on t from 0 to 5 step 1`);
    expect(header(r)).toEqual(["total:dynamic", "seen:dynamic", "flag:dynamic", "t:dynamic"]);
    expect(rowsOf(r)).toEqual([[[0, 5, 7, 0, 1], [0, 1, 1, 0, 1], ["n", "y", "y", "n", "y"], [0, 1, 2, 3, 4]]]);
  });

  test("without default the empty bins hold 0; an unnamed constant is Column1", () => {
    const r = run(`${T} | make-series 9 on t from 1 to 3 step 1`);
    expect(header(r)).toEqual(["Column1:dynamic", "t:dynamic"]);
    expect(rowsOf(r)).toEqual([[[9, 9], [1, 2]]]);
    // t = 3 has no rows: its bin holds 0.
    expect(rowsOf(run(`${T} | make-series 9 on t from 1 to 4 step 1`))).toEqual([[[9, 9, 0], [1, 2, 3]]]);
  });

  test("a column reference is neither an aggregate nor a constant", () => {
    expect(() => run(`${T} | make-series v on t step 1`)).toThrow(/aggregate function .* or a constant/);
  });
});
