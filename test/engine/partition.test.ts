import { header, rowsOf, run } from "./helpers.js";

describe("partition by Column ( subquery )", () => {
  const data = 'datatable(g:string, t:long, v:string)["a", 1, "x", "b", 5, "y", "a", 3, "z", "b", 2, "w", "c", 4, "u"]';

  test("runs the subquery over each partition and appends the results in order of first appearance", () => {
    const r = run(`${data} | partition by g (top 1 by t)`);
    expect(header(r)).toEqual(["g:string", "t:long", "v:string"]);
    expect(rowsOf(r)).toEqual([
      ["a", 3, "z"],
      ["b", 5, "y"],
      ["c", 4, "u"],
    ]);
  });

  test("the subquery may change the schema; hints are accepted", () => {
    const r = run(`${data} | partition hint.strategy=native by g (summarize n = count(), last = max(t) | extend one = 1)`);
    expect(header(r)).toEqual(["n:long", "last:long", "one:long"]);
    expect(rowsOf(r)).toEqual([
      [2, 3, 1],
      [2, 5, 1],
      [1, 4, 1],
    ]);
  });

  test("null keys are one partition of their own, in order of first appearance", () => {
    const r = run(`datatable(k:long, v:long)[1, 1, long(null), 2, 1, 3, long(null), 4, 2, 5] | partition by k (summarize n = count(), s = sum(v))`);
    expect(rowsOf(r)).toEqual([
      [2, 4],
      [2, 6],
      [1, 5],
    ]);
  });

  test("an unknown or dynamic partition column is an error", () => {
    expect(() => run(`${data} | partition by nope (take 1)`)).toThrow(/unknown column 'nope'/);
    expect(() => run(`${data} | extend d = dynamic([1]) | partition by d (take 1)`)).toThrow(/scalar type/);
  });
});
