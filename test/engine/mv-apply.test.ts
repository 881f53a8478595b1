import { header, rowsOf, run } from "./helpers.js";

const T = {
  T: [
    { id: 1, host: "h1", vals: [4, 9, 2] },
    { id: 2, host: "h2", vals: [] },
    { id: 3, host: "h3", vals: [7] },
  ],
};

describe("mv-apply", () => {
  it("runs the subquery per row and keeps the row's other columns", () => {
    const r = run("T | mv-apply v = vals to typeof(long) on (top 2 by v desc)", T);
    expect(header(r)).toEqual(["id:long", "host:string", "vals:dynamic", "v:long"]);
    expect(rowsOf(r)).toEqual([
      [1, "h1", [4, 9, 2], 9],
      [1, "h1", [4, 9, 2], 4],
      [3, "h3", [7], 7],
    ]);
  });
  it("replaces the expanded column when it keeps its own name, and summarize runs once per row", () => {
    const r = run("T | mv-apply vals to typeof(long) on (summarize total = sum(vals), n = count())", T);
    expect(header(r)).toEqual(["id:long", "host:string", "total:long", "n:long"]);
    expect(rowsOf(r)).toEqual([
      [1, "h1", 15, 3],
      [2, "h2", 0, 0],
      [3, "h3", 7, 1],
    ]);
  });
  it("sees the row's other columns and with_itemindex inside the subquery", () => {
    const r = run("T | mv-apply with_itemindex = i v = vals on (where i >= 1 | extend tag = strcat(host, ':', tostring(v)))", T);
    expect(header(r)).toEqual(["id:long", "host:string", "vals:dynamic", "v:dynamic", "i:long", "tag:string"]);
    expect(rowsOf(r)).toEqual([
      [1, "h1", [4, 9, 2], 9, 1, "h1:9"],
      [1, "h1", [4, 9, 2], 2, 2, "h1:2"],
    ]);
  });
  it("a subquery column named like an input column takes that column's place", () => {
    const r = run("T | mv-apply v = vals to typeof(long) on (summarize host = tostring(max(v)))", T);
    expect(header(r)).toEqual(["id:long", "host:string", "vals:dynamic"]);
    expect(rowsOf(r)).toEqual([
      [1, "9", [4, 9, 2]],
      [2, "", []],
      [3, "7", [7]],
    ]);
  });
  it("limit caps the items per row", () => {
    const r = run("T | mv-apply v = vals limit 1 on (project v) | project id, v", T);
    expect(rowsOf(r)).toEqual([
      [1, 4],
      [3, 7],
    ]);
  });
  it("an empty input gives an empty result with the bound schema", () => {
    const r = run("T | take 0 | mv-apply v = vals to typeof(string) on (summarize make_list(v))", T);
    expect(header(r)).toEqual(["id:long", "host:string", "vals:dynamic", "list_v:dynamic"]);
    expect(r.rows).toEqual([]);
  });
});
