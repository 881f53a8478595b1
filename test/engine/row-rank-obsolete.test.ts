import { rowsOf, run } from "./helpers.js";

// row_rank(term [, dense]) is the obsolete form Kusto's binder still accepts (hunting queries use it).
describe("row_rank", () => {
  const data = 'datatable(v:long)[4, 4, 9, 12, 12] | serialize';

  test("is the rank with gaps by default, the dense rank with dense=true", () => {
    const r = run(`${data} | extend r = row_rank(v), d = row_rank(v, true), m = row_rank(v, false) | project r, d, m`);
    expect(rowsOf(r)).toEqual([
      [1, 1, 1],
      [1, 1, 1],
      [3, 2, 3],
      [4, 3, 4],
      [4, 3, 4],
    ]);
    expect(r.columns.map((c) => c.type)).toEqual(["long", "long", "long"]);
  });

  test("dense must be a constant bool", () => {
    expect(() => run(`${data} | extend r = row_rank(v, v > 5)`)).toThrow(/constant bool/);
    expect(() => run(`${data} | extend r = row_rank()`)).toThrow(/1 to 2 argument/);
  });
});
