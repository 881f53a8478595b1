import { header, rowsOf, run } from "./helpers.js";

const T = {
  T: [
    { t: "2024-01-01T01:00:00Z", user: "a", n: 1 },
    { t: "2024-01-01T02:30:00Z", user: "a", n: 2 },
    { t: "2024-01-03T00:00:00Z", user: "a", n: 4 },
    { t: "2024-01-02T05:00:00Z", user: "b", n: 8 },
  ],
};

describe("make-series", () => {
  it("bins each group over from/to by step, with the default where a bin has no rows", () => {
    const r = run("T | make-series total = sum(n) default = -1, count() on t from datetime(2024-01-01) to datetime(2024-01-04) step 1d by user", T);
    expect(header(r)).toEqual(["user:string", "total:dynamic", "count_:dynamic", "t:dynamic"]);
    expect(rowsOf(r)).toEqual([
      ["a", [3, -1, 4], [2, 0, 1], ["2024-01-01T00:00:00.0000000Z", "2024-01-02T00:00:00.0000000Z", "2024-01-03T00:00:00.0000000Z"]],
      ["b", [-1, 8, -1], [0, 1, 0], ["2024-01-01T00:00:00.0000000Z", "2024-01-02T00:00:00.0000000Z", "2024-01-03T00:00:00.0000000Z"]],
    ]);
  });
  it("without from/to spans the data's own range, binned down", () => {
    const r = run("T | make-series avg(n) on t step 1d", T);
    expect(rowsOf(r)).toEqual([[[1.5, 8, 4], ["2024-01-01T00:00:00.0000000Z", "2024-01-02T00:00:00.0000000Z", "2024-01-03T00:00:00.0000000Z"]]]);
  });
  it("bins start at from, include a row exactly at from and leave out a row exactly at to", () => {
    const r = run("T | make-series sum(n) on t from datetime(2024-01-01T02:30:00Z) to datetime(2024-01-03) step 1d", T);
    expect(rowsOf(r)[0]).toEqual([[2, 8], ["2024-01-01T02:30:00.0000000Z", "2024-01-02T02:30:00.0000000Z"]]);
  });
  it("kind=nonempty gives one series of defaults over an empty input", () => {
    const r = run("T | take 0 | make-series kind=nonempty sum(n) default = 7 on t from datetime(2024-01-01) to datetime(2024-01-03) step 1d", T);
    expect(rowsOf(r)).toEqual([[[7, 7], ["2024-01-01T00:00:00.0000000Z", "2024-01-02T00:00:00.0000000Z"]]]);
    expect(run("T | take 0 | make-series sum(n) on t from datetime(2024-01-01) to datetime(2024-01-03) step 1d", T).rows).toEqual([]);
  });
});
