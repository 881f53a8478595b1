import { aggregate } from "./helpers.js";
import { findAggregateFunction } from "../../src/functions/registry.js";

describe("variancepif / stdevpif", () => {
  test("population moments over the rows where the predicate holds", () => {
    const rows = [[2, true], [4, true], [100, false], [null, true], [6, true]];
    expect(aggregate("variancepif", [[null, "long"], [null, "bool"]], rows)).toBeCloseTo(8 / 3, 12);
    expect(aggregate("stdevpif", [[null, "long"], [null, "bool"]], rows)).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(aggregate("varianceif", [[null, "long"], [null, "bool"]], rows)).toBeCloseTo(4, 12);
    expect(aggregate("variancepif", [[null, "long"], [null, "bool"]], [[5, true]])).toBe(0);
    expect(findAggregateFunction("variancepif")!.defaultName([{ type: "long", constant: false, columnName: "x" }, { type: "bool", constant: false }])).toBe("variancepif_x");
  });
});

describe("binary_all_and / binary_all_or / binary_all_xor", () => {
  test("bitwise over non-null values, 64-bit", () => {
    const rows = [[0b1100], [null], [0b1010]];
    expect(aggregate("binary_all_and", [[null, "long"]], rows)).toBe(0b1000);
    expect(aggregate("binary_all_or", [[null, "long"]], rows)).toBe(0b1110);
    expect(aggregate("binary_all_xor", [[null, "long"]], rows)).toBe(0b0110);
    expect(aggregate("binary_all_and", [[null, "long"]], [[-1], [0xff]])).toBe(0xff);
    expect(aggregate("binary_all_or", [[null, "long"]], [[-2], [1]])).toBe(-1);
    expect(aggregate("binary_all_xor", [[null, "long"]], [[2 ** 40], [2 ** 40]])).toBe(0);
    expect(aggregate("binary_all_and", [[null, "long"]], [[null]])).toBeNull();
    expect(aggregate("binary_all_and", [[null, "long"]], [])).toBeNull();
    expect(findAggregateFunction("binary_all_and")!.defaultName([{ type: "long", constant: false, columnName: "num" }])).toBe("binary_all_and_num");
  });
});

describe("covariance / covariancep / covarianceif / covariancepif", () => {
  const xy: [number, "real"][] = [[0, "real"], [0, "real"]];
  test("sample and population, nulls skipped", () => {
    const rows = [[1, 2], [2, 4], [null, 9], [3, null], [3, 6]];
    // pairs (1,2), (2,4), (3,6): co-moment 4.
    expect(aggregate("covariance", xy.map((a) => [null, a[1]]) as never, rows)).toBeCloseTo(2, 12);
    expect(aggregate("covariancep", xy.map((a) => [null, a[1]]) as never, rows)).toBeCloseTo(4 / 3, 12);
    expect(aggregate("covariance", xy.map((a) => [null, a[1]]) as never, [[1, 5]])).toBeNull();
    expect(aggregate("covariancep", xy.map((a) => [null, a[1]]) as never, [[1, 5]])).toBe(0);
    expect(aggregate("covariancep", xy.map((a) => [null, a[1]]) as never, [])).toBeNull();
  });
  test("with a predicate; default names", () => {
    const rows = [[1, 1, true], [2, 3, true], [10, -50, false], [3, 5, true]];
    const args = [[null, "real"], [null, "real"], [null, "bool"]] as never;
    expect(aggregate("covarianceif", args, rows)).toBeCloseTo(2, 12);
    expect(aggregate("covariancepif", args, rows)).toBeCloseTo(4 / 3, 12);
    const col = (n: string) => ({ type: "real" as const, constant: false, columnName: n });
    expect(findAggregateFunction("covariance")!.defaultName([col("x"), col("y")])).toBe("covariance_x");
    expect(findAggregateFunction("covariancep")!.defaultName([col("x"), col("y")])).toBe("covariancep_x");
  });
});
