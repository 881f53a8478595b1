import { header, rowsOf, run } from "./helpers.js";

const T = { T: [{ a: "x", n: 1 }, { a: "y", n: 2 }, { a: "z", n: 3 }] };

describe("sample and getschema", () => {
  it("sample N keeps the first N rows, so replays are repeatable", () => {
    const r = run("T | sample 2", T);
    expect(header(r)).toEqual(["a:string", "n:long"]);
    expect(rowsOf(r)).toEqual([
      ["x", 1],
      ["y", 2],
    ]);
  });
  it("getschema lists the input's columns with their ordinals and types", () => {
    const r = run("T | extend t = now(), d = dynamic([1]), f = 1.5 | getschema", T);
    expect(header(r)).toEqual(["ColumnName:string", "ColumnOrdinal:long", "DataType:string", "ColumnType:string"]);
    expect(rowsOf(r)).toEqual([
      ["a", 0, "System.String", "string"],
      ["n", 1, "System.Int64", "long"],
      ["t", 2, "System.DateTime", "datetime"],
      ["d", 3, "System.Object", "dynamic"],
      ["f", 4, "System.Double", "real"],
    ]);
  });
});
