import { rowsOf, run } from "./helpers.js";

describe("row_rank_dense and row_rank_min (row-rank-dense-function.md, row-rank-min-function.md)", () => {
  const data = 'datatable(g:string, v:long)["p", 4, "p", 4, "p", 9, "q", 9, "q", 12, "q", 12]';

  test("dense rank goes up by one at each change of value; min rank is the position of the value's first row", () => {
    const r = run(`${data} | extend d = row_rank_dense(v), m = row_rank_min(v) | project d, m`);
    expect(rowsOf(r)).toEqual([
      [1, 1],
      [1, 1],
      [2, 3],
      [2, 3],
      [3, 5],
      [3, 5],
    ]);
  });

  test("the restart predicate starts the ranks again at 1", () => {
    const r = run(`${data} | extend d = row_rank_dense(v, prev(g) != g), m = row_rank_min(v, prev(g) != g) | project d, m`);
    expect(rowsOf(r)).toEqual([
      [1, 1],
      [1, 1],
      [2, 3],
      [1, 1],
      [2, 2],
      [2, 2],
    ]);
    expect(r.columns.map((c) => c.type)).toEqual(["long", "long"]);
  });
});
