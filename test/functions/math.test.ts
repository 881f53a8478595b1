import { both, call, dt, returnType } from "./helpers.js";
import { TICKS_PER_DAY, TICKS_PER_HOUR, formatDateTime } from "../../src/runtime/values.js";

describe("bin / floor", () => {
  test("numbers round down, negatives too", () => {
    expect(both("bin", [4.5, "real"], [1, "long"])).toBe(4);
    expect(both("bin", [-4.5, "real"], [1, "long"])).toBe(-5);
    expect(both("bin", [23, "long"], [10, "long"])).toBe(20);
    expect(both("bin", [-23, "long"], [10, "long"])).toBe(-30);
    expect(both("floor", [2.15, "real"], [1, "long"])).toBe(2);
    expect(both("bin", [5, "long"], [0, "long"])).toBeNull();
    expect(both("bin", [null, "long"], [10, "long"])).toBeNull();
  });
  test("datetimes bin from the Unix epoch", () => {
    const d = both("bin", [dt("2024-05-15T12:34:56Z"), "datetime"], [TICKS_PER_HOUR, "timespan"]) as bigint;
    expect(formatDateTime(d)).toBe("2024-05-15T12:00:00.0000000Z");
    const w = both("bin", [dt("2024-05-15T12:34:56Z"), "datetime"], [7n * TICKS_PER_DAY, "timespan"]) as bigint;
    expect(formatDateTime(w)).toBe("2024-05-09T00:00:00.0000000Z"); // a Thursday, like 1970-01-01
    const before = both("bin", [dt("1969-12-31T23:30:00Z"), "datetime"], [TICKS_PER_HOUR, "timespan"]) as bigint;
    expect(formatDateTime(before)).toBe("1969-12-31T23:00:00.0000000Z");
  });
  test("timespans", () => {
    expect(both("bin", [90n * 60n * 10_000_000n, "timespan"], [TICKS_PER_HOUR, "timespan"])).toBe(TICKS_PER_HOUR);
    expect(both("bin", [-1n, "timespan"], [TICKS_PER_HOUR, "timespan"])).toBe(-TICKS_PER_HOUR);
  });
  test("result types", () => {
    expect(returnType("bin", [1, "long"], [1, "long"])).toBe("long");
    expect(returnType("bin", [1, "int"], [1.5, "real"])).toBe("real");
    expect(returnType("bin", [1n, "datetime"], [1n, "timespan"])).toBe("datetime");
  });
  test("bin_at", () => {
    expect(both("bin_at", [6.5, "real"], [2.5, "real"], [7, "long"])).toBe(4.5);
    const d = both("bin_at", [dt("2017-05-15T10:20:00Z"), "datetime"], [TICKS_PER_DAY, "timespan"], [dt("2017-05-14T12:00:00Z"), "datetime"]) as bigint;
    expect(formatDateTime(d)).toBe("2017-05-14T12:00:00.0000000Z");
  });
});

describe("round", () => {
  test("half away from zero on decimal digits", () => {
    expect(both("round", [2.98765, "real"], [3, "long"])).toBe(2.988);
    expect(both("round", [2.15, "real"], [1, "long"])).toBe(2.2);
    expect(both("round", [2.15, "real"])).toBe(2);
    expect(both("round", [2.5, "real"])).toBe(3);
    expect(both("round", [-2.5, "real"])).toBe(-3);
    expect(both("round", [-50.55, "real"], [-2, "long"])).toBe(-100);
    expect(both("round", [21.5, "real"], [-1, "long"])).toBe(20);
    expect(both("round", [null, "real"])).toBeNull();
  });
});

describe("other math", () => {
  test("abs, sign, sqrt, log, exp, pow", () => {
    expect(both("abs", [-3, "long"])).toBe(3);
    expect(both("abs", [-5n, "timespan"])).toBe(5n);
    expect(both("sign", [-0.1, "real"])).toBe(-1);
    expect(both("sign", [0, "long"])).toBe(0);
    expect(both("sqrt", [16, "long"])).toBe(4);
    expect(Number.isNaN(both("sqrt", [-1, "long"]) as number)).toBe(true);
    expect(both("log10", [1000, "long"])).toBeCloseTo(3);
    expect(both("log2", [8, "long"])).toBe(3);
    expect(both("log", [Math.E, "real"])).toBeCloseTo(1);
    expect(both("exp", [0, "long"])).toBe(1);
    expect(both("pow", [2, "long"], [10, "long"])).toBe(1024);
    expect(both("log", [null, "real"])).toBeNull();
  });
  test("isnan / isinf / isfinite", () => {
    expect(both("isnan", [NaN, "real"])).toBe(true);
    expect(both("isinf", [-Infinity, "real"])).toBe(true);
    expect(both("isfinite", [1, "real"])).toBe(true);
    expect(both("isfinite", [Infinity, "real"])).toBe(false);
  });
  test("max_of / min_of ignore nulls", () => {
    expect(both("max_of", [1, "long"], [5, "long"], [null, "long"])).toBe(5);
    expect(both("min_of", [null, "long"], [5, "long"], [2, "long"])).toBe(2);
    expect(both("max_of", [null, "long"], [null, "long"])).toBeNull();
    expect(both("max_of", [dt("2024-01-01T00:00:00Z"), "datetime"], [dt("2023-01-01T00:00:00Z"), "datetime"])).toBe(dt("2024-01-01T00:00:00Z"));
    expect(both("max_of", ["a", "string"], ["b", "string"])).toBe("b");
    expect(returnType("max_of", [1, "int"], [2.5, "real"])).toBe("real");
  });
  test("rand is in range", () => {
    const r = call("rand") as number;
    expect(r >= 0 && r < 1).toBe(true);
    const n = call("rand", [10, "long"]) as number;
    expect(Number.isInteger(n) && n >= 0 && n < 10).toBe(true);
  });
});
