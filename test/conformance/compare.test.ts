import type { QueryResult } from "../../src/api-types.js";
import { cellMatches, compareTable, datetimeTicks, deepEqual, parseDocNumber, parseLooseJson, timespanTicks } from "../../src/conformance/compare.js";

describe("documented cells", () => {
  test("numbers: thousands separators, exponents, tolerance, NaN and infinity", () => {
    expect(parseDocNumber("12,345.5")).toBe(12345.5);
    expect(parseDocNumber("2.5E+20")).toBe(2.5e20);
    expect(parseDocNumber("abc")).toBeUndefined();
    expect(cellMatches("1,001", 1001, "long")).toBe(true);
    expect(cellMatches("0.333333333", 1 / 3, "real")).toBe(true);
    expect(cellMatches("0.34", 1 / 3, "real")).toBe(false);
    expect(cellMatches("NaN", NaN, "real")).toBe(true);
    expect(cellMatches("-∞", -Infinity, "real")).toBe(true);
    expect(cellMatches("`42`", 42, "int")).toBe(true);
  });

  test("booleans in any case, and 1/0", () => {
    expect(cellMatches("True", true, "bool")).toBe(true);
    expect(cellMatches("false", false, "bool")).toBe(true);
    expect(cellMatches("1", true, "bool")).toBe(true);
    expect(cellMatches("true", false, "bool")).toBe(false);
  });

  test("datetimes as 100 ns instants in any of the page forms", () => {
    const ticks = datetimeTicks("2021-03-04T05:06:07.1234567Z");
    expect(datetimeTicks("2021-03-04 05:06:07.1234567")).toBe(ticks);
    expect(datetimeTicks("2021-03-04T07:06:07.1234567+02:00")).toBe(ticks);
    expect(cellMatches("2021-03-04 05:06:07.1234567", "2021-03-04T05:06:07.1234567Z", "datetime")).toBe(true);
    expect(cellMatches("2021-03-04", "2021-03-04T00:00:00.0000000Z", "datetime")).toBe(true);
    expect(cellMatches("2021-03-04 05:06:07.1234568", "2021-03-04T05:06:07.1234567Z", "datetime")).toBe(false);
  });

  test("timespans as ticks", () => {
    expect(timespanTicks("1.02:00:00")).toBe(26n * 36000000000n);
    expect(timespanTicks("-00:00:01.5")).toBe(-15000000n);
    expect(timespanTicks("90 minutes")).toBe(90n * 600000000n);
    expect(cellMatches("01:30:00", "01:30:00", "timespan")).toBe(true);
    expect(cellMatches("1.5h", "01:30:00", "timespan")).toBe(true);
    expect(cellMatches("00:00:00.0000001", "00:00:00", "timespan")).toBe(false);
  });

  test("dynamic: JSON deep equality, loose JSON and <br> line breaks", () => {
    expect(parseLooseJson("{'a': [1, 2,], b: x}")).toEqual({ a: [1, 2], b: "x" });
    expect(cellMatches('{"b":2,<br>"a":[1,2]}', { a: [1, 2], b: 2 }, "dynamic")).toBe(true);
    expect(cellMatches("[1, 2]", [1, 2], "dynamic")).toBe(true);
    expect(cellMatches("[2, 1]", [1, 2], "dynamic")).toBe(false);
    expect(deepEqual({ x: 1.0000000001 }, { x: 1 })).toBe(true);
  });

  test("guids ignore case; empty cells stand for null and the empty string", () => {
    expect(cellMatches("AB0C1D2E-0000-0000-0000-000000000000", "ab0c1d2e-0000-0000-0000-000000000000", "guid")).toBe(true);
    expect(cellMatches("", null, "long")).toBe(true);
    expect(cellMatches("", "", "string")).toBe(true);
    expect(cellMatches("", 0, "long")).toBe(false);
    expect(cellMatches("x &amp; y", "x & y", "string")).toBe(true);
  });
});

describe("tables", () => {
  const result: QueryResult = {
    columns: [
      { name: "k", type: "string" },
      { name: "n", type: "long" },
    ],
    rows: [
      { k: "a", n: 1 },
      { k: "b", n: 2 },
    ],
  };

  test("column names must match in order", () => {
    expect(compareTable({ columns: ["n", "k"], rows: [], ordered: false }, result)).toMatch(/columns differ/);
  });

  test("row order matters only when ordered", () => {
    const rows = [
      ["b", "2"],
      ["a", "1"],
    ];
    expect(compareTable({ columns: ["k", "n"], rows, ordered: false }, result)).toBeNull();
    expect(compareTable({ columns: ["k", "n"], rows, ordered: true }, result)).toMatch(/row 0/);
  });

  test("row counts and values are checked", () => {
    expect(compareTable({ columns: ["k", "n"], rows: [["a", "1"]], ordered: false }, result)).toMatch(/row count/);
    expect(compareTable({ columns: ["k", "n"], rows: [["a", "1"], ["b", "3"]], ordered: false }, result)).toMatch(/no row matches/);
  });
});
