import { header, rowsOf, run } from "./helpers.js";

// A built-in function reads `Name = value` arguments by position, as Kusto's binder does; the name only
// names the result. Before, such arguments were dropped: round(x, precision = 1) rounded to 0 digits.
describe("named arguments of built-in functions", () => {
  const data = "datatable(a:real, b:long)[1.26, 4]";

  test("scalar functions take them in the order written", () => {
    expect(rowsOf(run(`${data} | project r = round(a, precision = 1), s = strcat(x = "p", y = "q")`))).toEqual([[1.3, "pq"]]);
    expect(rowsOf(run(`${data} | where round(F = a) == 1 | project b`))).toEqual([[4]]);
  });

  test("a first argument written with a name names the unnamed result column", () => {
    const r = run(`${data} | project round(Rate = a / b * 100, 2), b`);
    expect(header(r)).toEqual(["Rate:real", "b:long"]);
    expect(rowsOf(r)).toEqual([[31.5, 4]]);
  });

  test("aggregates too, in their default names", () => {
    const r = run(`${data} | summarize sum(F = a), round(avg(G = b), 1), percentiles(P = b, 50)`);
    expect(header(r)).toEqual(["sum_F:real", "avg_G:real", "percentile_P_50:long"]);
    expect(rowsOf(r)).toEqual([[1.26, 4, 4]]);
  });

  test("make-series aggregates read them as summarize does", () => {
    const r = run(`datatable(t:long, v:long)[0, 2, 1, 3, 1, 4] | make-series sum(F = v), avg(v) on t from 0 to 2 step 1`);
    expect(header(r)).toEqual(["sum_F:dynamic", "avg_v:dynamic", "t:dynamic"]);
    expect(rowsOf(r)).toEqual([[[2, 7], [2, 3.5], [0, 1]]]);
  });

  test("user functions still bind them by parameter name", () => {
    expect(rowsOf(run(`let f = (x:long, y:long) { x - y }; print d = f(y = 1, x = 10)`))).toEqual([[9]]);
  });
});
