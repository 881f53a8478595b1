/** A bool compared with a number reads as 1 or 0 (Kusto's binder accepts `Flag == 0`; hunting queries use it). */
import { rowsOf, run } from "./helpers.js";

const T = "datatable(local:bool, n:long)[true, 1, false, 0, true, 0]";

describe("bool compared with a number", () => {
  test("== and != read true as 1 and false as 0, on either side", () => {
    const r = run(`${T} | project a = local == 0, b = 1 != local, c = local == n`);
    expect(rowsOf(r)).toEqual([
      [false, false, true],
      [true, true, true],
      [false, false, false],
    ]);
  });
  test("a filter keeps the rows whose flag is 0", () => {
    expect(rowsOf(run(`${T} | where local == 0 | project n`))).toEqual([[0]]);
  });
  test("ordering works on the same 0/1 reading", () => {
    expect(rowsOf(run(`${T} | where local < 0.5 | count`))).toEqual([[1]]);
  });
});
