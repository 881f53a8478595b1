import { call } from "./helpers.js";

const r = (name: string, x: number): number => call(name, [x, "real"]) as number;

describe("error and gamma functions", () => {
  test("erf and erfc", () => {
    expect(r("erf", 0)).toBe(0);
    expect(r("erf", 0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(r("erf", -2)).toBeCloseTo(-0.9953222650189527, 14);
    expect(r("erf", 4)).toBeCloseTo(0.9999999845827421, 14);
    expect(r("erfc", 0)).toBe(1);
    // no cancellation far out
    expect(r("erfc", 5) / 1.5374597944280349e-12).toBeCloseTo(1, 10);
    expect(r("erfc", -3)).toBeCloseTo(1.9999779095030015, 14);
  });

  test("gamma is (n-1)! on positive integers and defined between them", () => {
    expect(call("gamma", [6, "long"])).toBe(120);
    expect(r("gamma", 0.5)).toBeCloseTo(Math.sqrt(Math.PI), 12);
    expect(r("gamma", -0.5)).toBeCloseTo(-2 * Math.sqrt(Math.PI), 12);
    expect(r("loggamma", 10)).toBeCloseTo(Math.log(362880), 12);
    expect(r("loggamma", 0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });
});
