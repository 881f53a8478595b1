import { header, rowsOf, run } from "./helpers.js";

const T = "datatable(Name:string, Note:string, Hits:long, Seen:datetime, Tags:dynamic) ['a', '', long(null), datetime(2024-02-03), dynamic(['x'])]";

describe("pack_all()", () => {
  test("a bag of every column of the row, values as dynamic (datetimes as text)", () => {
    const r = run(`${T} | project P = pack_all()`);
    expect(header(r)).toEqual(["P:dynamic"]);
    expect(rowsOf(r)).toEqual([[{ Name: "a", Note: "", Hits: null, Seen: "2024-02-03T00:00:00.0000000Z", Tags: ["x"] }]]);
  });

  test("pack_all(true) leaves out null and empty values", () => {
    expect(rowsOf(run(`${T} | project P = pack_all(true)`))).toEqual([[{ Name: "a", Seen: "2024-02-03T00:00:00.0000000Z", Tags: ["x"] }]]);
  });

  test("the columns are those in scope where it is called", () => {
    const r = run(`${T} | project Name, Hits | extend P = pack_all() | project P`);
    expect(rowsOf(r)).toEqual([[{ Name: "a", Hits: null }]]);
  });

  test("the flag must be a constant bool", () => {
    expect(() => run(`${T} | extend P = pack_all(Name == "a")`)).toThrow(/must be a constant/);
    expect(() => run(`${T} | extend P = pack_all(1)`)).toThrow(/constant bool/);
  });
});
