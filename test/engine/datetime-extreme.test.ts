/**
 * arg_max / arg_min / max / min over a datetime column of the caller's rows find their row from two numbers
 * per row (runtime/operators/datetime-extreme.ts) instead of a bigint. The results must be the general
 * path's (the same call over `todatetime(t)`): the earliest row with the extreme instant, ties across text
 * forms of one instant included, the group's first row (arg_*) or null (max, min) when no value is a datetime.
 */
import fc from "fast-check";
import { formatDateTime } from "../../src/runtime/values.js";
import { run } from "./helpers.js";

const BASE = 17_643_456_000_000_000n; // 2025-11-28T00:00:00Z in ticks

// A few instants (ticks apart and seconds apart) in several text forms, so equal instants meet in other forms.
const text = fc.tuple(fc.constantFrom(0n, 1n, 10_000_000n, 10_000_001n, -1n), fc.integer({ min: 0, max: 6 })).map(([delta, form]) => {
  const iso = formatDateTime(BASE + delta);
  switch (form) {
    case 0:
      return iso;
    case 1:
      return iso.replace(/(\.\d{3})\d{4}Z$/, "$1Z"); // milliseconds only: the same instant when the ticks allow
    case 2:
      return iso.replace("T", " ").replace("Z", ""); // another form: read through the column's reader
    case 3:
      return "";
    case 4:
      return "not a date";
    case 5:
      return "2025-11-31T00:00:00.0000000Z"; // canonical shape, no such day: null
    default:
      return iso.replace(/\.\d+Z$/, "Z");
  }
});

const SCHEMAS = { T: [{ name: "t", type: "datetime" }, { name: "k", type: "string" }, { name: "i", type: "long" }] };

/**
 * Checks on random tables (t, k, i) that `summarize <aggregate over t> by k` gives what it gives over
 * `todatetime(t)`, which takes the general path. `query(arg)` writes the summarize for one argument.
 */
function agreesWithGeneralPath(query: (arg: string) => string, pick: (r: Record<string, unknown>) => unknown[]): void {
  fc.assert(
    fc.property(fc.array(fc.tuple(text, fc.constantFrom("a", "b", "c")), { maxLength: 30 }), (pairs) => {
      const T = pairs.map(([t, k], i) => ({ t, k, i }));
      const results = (arg: string): unknown[] => run(`T | ${query(arg)} | sort by k asc`, { T }, { schemas: SCHEMAS }).rows.map(pick);
      expect(results("t")).toEqual(results("todatetime(t)"));
    }),
    { numRuns: 200 },
  );
}

describe("arg_max / arg_min / max / min of a datetime column", () => {
  it.each(["arg_max", "arg_min"])("%s picks the general path's rows", (fn) => {
    agreesWithGeneralPath((arg) => `summarize ${fn}(${arg}, i) by k`, (r) => [r.k, r.i]);
  });

  it.each(["max", "min"])("%s gives the general path's values", (fn) => {
    agreesWithGeneralPath((arg) => `summarize m = ${fn}(${arg}), n = count() by k`, (r) => [r.k, r.m, r.n]);
  });

  it("gives max and min over a group of non-datetimes as null, beside arg_max's first row", () => {
    const T = [
      { k: "y", t: "", i: 4 },
      { k: "y", t: "garbage", i: 5 },
      { k: "z", t: "2025-01-01T00:00:00Z", i: 6 },
    ];
    const schemas = { T: [{ name: "k", type: "string" }, { name: "t", type: "datetime" }, { name: "i", type: "long" }] };
    const r = run("T | summarize hi = max(t), lo = min(t), arg_max(t, i) by k | sort by k asc", { T }, { schemas });
    expect(r.rows.map((x) => [x.k, x.hi, x.lo, x.i])).toEqual([
      ["y", null, null, 4],
      ["z", "2025-01-01T00:00:00.0000000Z", "2025-01-01T00:00:00.0000000Z", 6],
    ]);
  });

  it("returns the winning row's datetime as the row holds it, and the first row when none is a datetime", () => {
    const T = [
      { k: "x", t: "2025-01-01T00:00:00Z", i: 1 },
      { k: "x", t: "2025-03-01T00:00:00.0000000Z", i: 2 },
      { k: "x", t: "2025-03-01 00:00:00", i: 3 },
      { k: "y", t: "", i: 4 },
      { k: "y", t: "garbage", i: 5 },
    ];
    const schemas = { T: [{ name: "k", type: "string" }, { name: "t", type: "datetime" }, { name: "i", type: "long" }] };
    const r = run("T | summarize arg_max(t, i) by k | sort by k asc", { T }, { schemas });
    expect(r.rows.map((x) => [x.k, x.t, x.i])).toEqual([
      ["x", "2025-03-01T00:00:00.0000000Z", 2],
      ["y", null, 4],
    ]);
  });
});

describe("reading a datetime only when a row competes for its group", () => {
  /** Rows whose `t` counts its reads; `project k, i` leaves `t` out of the result, so summarize is the only reader. */
  function countingRows(ts: string[], keys: string[]): { rows: Record<string, unknown>[]; reads: () => number } {
    let reads = 0;
    const rows = ts.map((t, i) => ({
      k: keys[i],
      i,
      get t() {
        reads++;
        return t;
      },
    }));
    return { rows, reads: () => reads };
  }

  it("never reads the instant of a group's only row", () => {
    const { rows, reads } = countingRows(["2025-01-01T00:00:00.0000000Z", "garbage", "2025-01-03T00:00:00.0000000Z"], ["a", "b", "c"]);
    const r = run("T | summarize arg_max(t, i) by k | project k, i | sort by k asc", { T: rows }, { schemas: SCHEMAS });
    expect(r.rows.map((x) => [x.k, x.i])).toEqual([["a", 0], ["b", 1], ["c", 2]]);
    expect(reads()).toBe(0);
  });

  it("reads each row of a contested group once, the first row included", () => {
    const { rows, reads } = countingRows(
      ["2025-01-01T00:00:00.0000000Z", "2025-01-03T00:00:00.0000000Z", "2025-01-02T00:00:00.0000000Z", "2025-01-05T00:00:00.0000000Z"],
      ["a", "a", "a", "b"],
    );
    const r = run("T | summarize arg_max(t, i) by k | project k, i | sort by k asc", { T: rows }, { schemas: SCHEMAS });
    expect(r.rows.map((x) => [x.k, x.i])).toEqual([["a", 1], ["b", 3]]);
    expect(reads()).toBe(3);
  });
});
