import { header, rowsOf, run } from "./helpers.js";

// Kusto reads digits followed by letters as a name unless they form a number or timespan literal.
describe("names that start with digits", () => {
  test("as columns and in a named bin argument", () => {
    const r = run(`datatable(T:datetime)[datetime(2020-01-01 00:03), datetime(2020-01-01 00:07)]
      | summarize c = count() by bin(5Minutebin = T, 5m) | extend 2x = c * 2`);
    expect(header(r)).toEqual(["5Minutebin:datetime", "c:long", "2x:long"]);
    expect(rowsOf(r)).toEqual([
      ["2020-01-01T00:00:00.0000000Z", 1, 2],
      ["2020-01-01T00:05:00.0000000Z", 1, 2],
    ]);
  });

  test("literals keep their meaning", () => {
    const r = run("print a = 5m, b = 10ms, c = 2days, d = 0x1F, e = 1e3, f = 7");
    expect(header(r)).toEqual(["a:timespan", "b:timespan", "c:timespan", "d:long", "e:real", "f:long"]);
    expect(rowsOf(r)).toEqual([["00:05:00", "00:00:00.0100000", "2.00:00:00", 31, 1000, 7]]);
  });
});
