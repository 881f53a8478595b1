import { header, rowsOf, run } from "./helpers.js";

const logins = [
  { user: "a", t: "2024-01-01T00:00:00Z", ok: false },
  { user: "a", t: "2024-01-01T00:05:00Z", ok: false },
  { user: "a", t: "2024-01-01T00:30:00Z", ok: true },
  { user: "b", t: "2024-01-01T00:31:00Z", ok: true },
];

describe("window functions", () => {
  it("prev and next read neighbouring rows, with an offset and a default", () => {
    const r = run("T | serialize | extend p = prev(user), n = next(t, 2), d = prev(ok, 1, true) | project p, n, d", { T: logins });
    expect(rowsOf(r)).toEqual([
      ["", "2024-01-01T00:30:00.0000000Z", true],
      ["a", "2024-01-01T00:31:00.0000000Z", false],
      ["a", null, false],
      ["a", null, true],
    ]);
  });
  it("row_number counts from a start and restarts when told", () => {
    const r = run("T | serialize n = row_number(), m = row_number(10, user != prev(user)) | project n, m", { T: logins });
    expect(rowsOf(r)).toEqual([
      [1, 10],
      [2, 11],
      [3, 12],
      [4, 10],
    ]);
  });
  it("row_cumsum keeps a running total", () => {
    const r = run("T | extend one = 1 | serialize c = row_cumsum(one) | project c", { T: logins });
    expect(r.rows.map((x) => x.c)).toEqual([1, 2, 3, 4]);
  });
  it("row_window_session starts a new session after a gap or when the restart predicate holds", () => {
    const r = run("T | extend s = row_window_session(t, 1h, 10m, user != prev(user)) | project s", { T: logins });
    expect(r.rows.map((x) => x.s)).toEqual([
      "2024-01-01T00:00:00.0000000Z",
      "2024-01-01T00:00:00.0000000Z",
      "2024-01-01T00:30:00.0000000Z",
      "2024-01-01T00:31:00.0000000Z",
    ]);
  });
});

describe("summarize take_any(*)", () => {
  it("returns every column of one row per group", () => {
    const r = run("T | summarize take_any(*) by user", { T: logins });
    expect(header(r)).toEqual(["user:string", "t:datetime", "ok:bool"]);
    expect(rowsOf(r)).toEqual([
      ["a", "2024-01-01T00:00:00.0000000Z", false],
      ["b", "2024-01-01T00:31:00.0000000Z", true],
    ]);
  });
});

describe("_GetWatchlist", () => {
  it("reads the caller's table watchlist:<alias>, or an empty watchlist with the standard columns", () => {
    expect(run("_GetWatchlist('vips') | project SearchKey", { "watchlist:vips": [{ SearchKey: "alice" }] }).rows).toEqual([{ SearchKey: "alice" }]);
    const empty = run("_GetWatchlist('vips')");
    expect(empty.rows).toEqual([]);
    expect(header(empty)).toContain("SearchKey:string");
  });
});
