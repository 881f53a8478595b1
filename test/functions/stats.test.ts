import { both } from "./helpers.js";

const r = (v: number | null): [number | null, "real"] => [v, "real"];
const beta = (fn: string, x: number | null, a: number | null, b: number | null) => both(fn, r(x), r(a), r(b));

describe("beta_cdf / beta_pdf / beta_inv", () => {
  test("closed forms", () => {
    // Beta(1,1) is uniform; Beta(2,2) has cdf 3x^2 - 2x^3 and pdf 6x(1-x).
    expect(beta("beta_cdf", 0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(beta("beta_cdf", 0.25, 2, 2)).toBeCloseTo(3 * 0.0625 - 2 * 0.015625, 14);
    expect(beta("beta_cdf", 0.5, 2, 4)).toBeCloseTo(0.8125, 14);
    expect(beta("beta_cdf", 0, 3, 4)).toBe(0);
    expect(beta("beta_cdf", 1, 3, 4)).toBe(1);
    expect(beta("beta_pdf", 0.25, 2, 2)).toBeCloseTo(6 * 0.25 * 0.75, 13);
    expect(beta("beta_pdf", 0.5, 1, 1)).toBeCloseTo(1, 14);
    expect(beta("beta_inv", 0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(beta("beta_inv", 1, 3, 4)).toBeCloseTo(1, 14);
  });
  test("beta_inv inverts beta_cdf", () => {
    for (const [a, b] of [[0.5, 0.5], [2, 5], [10, 20], [300, 40]] as const) {
      for (const p of [0.01, 0.2, 0.5, 0.9, 0.999]) {
        const x = beta("beta_inv", p, a, b) as number;
        expect(beta("beta_cdf", x, a, b)).toBeCloseTo(p, 10);
      }
    }
  });
  test("NaN and null per the reference's notes", () => {
    expect(beta("beta_cdf", 1.5, 2, 2)).toBeNaN();
    expect(beta("beta_cdf", -0.1, 2, 2)).toBeNaN();
    expect(beta("beta_cdf", 0.5, 0, 2)).toBeNaN();
    expect(beta("beta_cdf", 0.5, 2, 10001)).toBeNaN();
    expect(beta("beta_pdf", 0, 2, 2)).toBeNaN();
    expect(beta("beta_pdf", 1, 2, 2)).toBeNaN();
    expect(beta("beta_inv", 0, 2, 2)).toBeNull();
    expect(beta("beta_inv", 1.5, 2, 2)).toBeNull();
    expect(beta("beta_inv", 0.5, -1, 2)).toBeNaN();
    expect(beta("beta_cdf", null, 2, 2)).toBeNull();
    expect(beta("beta_inv", 0.5, 2, null)).toBeNull();
  });
});

describe("bitset_count_ones", () => {
  test("64-bit two's complement", () => {
    expect(both("bitset_count_ones", [0, "long"])).toBe(0);
    expect(both("bitset_count_ones", [255, "long"])).toBe(8);
    expect(both("bitset_count_ones", [2 ** 40 + 1, "long"])).toBe(2);
    expect(both("bitset_count_ones", [-1, "long"])).toBe(64);
    expect(both("bitset_count_ones", [-2, "int"])).toBe(63);
    expect(both("bitset_count_ones", [null, "long"])).toBeNull();
  });
});

describe("cot", () => {
  test("1 / tan", () => {
    expect(both("cot", [Math.PI / 4, "real"])).toBeCloseTo(1, 14);
    expect(both("cot", [1, "real"])).toBeCloseTo(0.6420926159343306, 14);
    expect(both("cot", [0, "real"])).toBe(Infinity);
    expect(both("cot", [null, "real"])).toBeNull();
  });
});
