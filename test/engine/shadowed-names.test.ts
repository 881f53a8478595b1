import { rowsOf, run } from "./helpers.js";

// A let-bound scalar is not callable: `name(...)` still means the built-in function of that name.
describe("a let-bound scalar named like a function", () => {
  const data = "let t = datatable(x:long)[10, 20, 30, 40];";

  test("an aggregate call in summarize, with the scalar as its argument", () => {
    expect(rowsOf(run(`${data} let percentile = 50; t | summarize p = percentile(x, percentile)`))).toEqual([[20]]);
    expect(rowsOf(run(`${data} let max = 2; t | summarize m = max(x) * max`))).toEqual([[80]]);
  });

  test("a scalar function call, with the scalar as its argument", () => {
    expect(rowsOf(run(`let strlen = "abcd"; print n = strlen(strlen)`))).toEqual([[4]]);
  });

  test("a let-bound function of that name still wins", () => {
    expect(rowsOf(run(`${data} let percentile = (v:long, p:long) { v * p }; t | where x == 10 | project y = percentile(x, 3)`))).toEqual([[30]]);
  });
});
