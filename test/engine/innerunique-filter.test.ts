import { rowsOf, run } from "./helpers.js";

const L = "datatable(k:long, tag:string, n:long) [1, 'first', 10, 1, 'second', 20, 2, 'only', 30]";
const R = "datatable(k:long, r:string) [1, 'r1', 1, 'r2', 2, 'r3']";

describe("a where after an innerunique join that reads only left columns filters the left input first", () => {
  test("the rows the filter selects survive the one-left-row-per-key pick", () => {
    const r = run(`${L} | join kind=innerunique (${R}) on k | where tag == 'second' | project tag, r`);
    expect(rowsOf(r)).toEqual([
      ["second", "r1"],
      ["second", "r2"],
    ]);
  });

  test("the default join kind is innerunique", () => {
    expect(rowsOf(run(`${L} | join (${R}) on k | where n > 15 and tag != 'only' | project tag, r`))).toEqual([
      ["second", "r1"],
      ["second", "r2"],
    ]);
  });

  test("without the filter the first left row per key is kept (docs/semantics.md)", () => {
    expect(rowsOf(run(`${L} | join kind=innerunique (${R}) on k | where k == 1 | project tag, r`))).toEqual([
      ["first", "r1"],
      ["first", "r2"],
    ]);
  });

  test("a filter that reads a right column stays after the join", () => {
    expect(rowsOf(run(`${L} | join kind=innerunique (${R}) on k | where r == 'r2' or tag == 'second' | project tag, r`))).toEqual([["first", "r2"]]);
  });

  test("other join kinds are not rewritten", () => {
    expect(rowsOf(run(`${L} | join kind=inner (${R}) on k | where tag == 'second' | project tag, r`))).toEqual([
      ["second", "r1"],
      ["second", "r2"],
    ]);
    expect(rowsOf(run(`${L} | lookup (${R} | summarize take_any(r) by k) on k | where tag == 'second' | project tag`))).toEqual([["second"]]);
  });
});
