import { rowsOf, run } from "./helpers.js";

// Kusto's binder accepts == and != between a timespan and a string; the engine compares the timespan's text.
describe("timespan compared with a string", () => {
  const data = "datatable(t:datetime)[datetime(2024-01-01), datetime(2024-01-02), datetime(2024-01-07)]";

  test("equality matches the timespan's canonical text", () => {
    const r = run(`${data} | extend d = dayofweek(t) | where d == "1.00:00:00" or "00:00:00" == d | project t`);
    expect(rowsOf(r)).toEqual([["2024-01-01T00:00:00.0000000Z"], ["2024-01-07T00:00:00.0000000Z"]]);
    expect(rowsOf(run(`print a = 90m != "01:30:00", b = 1d == "1d"`))).toEqual([[false, false]]);
  });

  test("ordering and datetime equality stay type errors", () => {
    expect(() => run(`print x = 1d > "12:00:00"`)).toThrow(/cannot compare timespan with string using '>'/);
    expect(() => run(`print x = now() == "2024-01-01"`)).toThrow(/cannot compare datetime with string/);
  });
});
