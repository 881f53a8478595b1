/**
 * The beta distribution (beta_cdf, beta_pdf, beta_inv) and bitset_count_ones. The regularized incomplete
 * beta function is evaluated by its continued fraction (modified Lentz), using the symmetry
 * I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges faster; beta_inv bisects beta_cdf to double
 * precision. Argument checks follow the reference's notes (NaN or null as each page says).
 */
import type { Value } from "../runtime/values.js";
import type { ScalarFunctionDef } from "./types.js";
import { logGamma } from "./math.js";

function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b) for 0 <= x <= 1, a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

export function betaPdf(x: number, a: number, b: number): number {
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) + logGamma(a + b) - logGamma(a) - logGamma(b));
}

/** The x with I_x(a, b) = p, by bisection to the last representable step. */
export function betaInv(p: number, a: number, b: number): number {
  if (p >= 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const badShape = (v: number) => !(v > 0 && v <= 10000);

function numbers(a: readonly Value[]): [number, number, number] | null {
  const [x, p, q] = a;
  if (typeof x !== "number" || typeof p !== "number" || typeof q !== "number") return null;
  return [x, p, q];
}

function betaFn(name: string, first: string, description: string, f: (x: number, a: number, b: number) => number | null): ScalarFunctionDef {
  return {
    name,
    category: "math",
    description,
    params: [
      { name: first, kind: "real" },
      { name: "alpha", kind: "real" },
      { name: "beta", kind: "real" },
    ],
    returns: "real",
    resultNaming: "none",
    bind: () => (a) => {
      const n = numbers(a);
      return n ? f(...n) : null;
    },
  };
}

function popcount64(v: bigint): number {
  let u = BigInt.asUintN(64, v);
  let n = 0;
  while (u > 0n) {
    u &= u - 1n;
    n++;
  }
  return n;
}

export const STATS_FUNCTIONS: ScalarFunctionDef[] = [
  {
    name: "cot",
    category: "math",
    description: "The cotangent of an angle in radians (1 / tan(x)).",
    params: [{ name: "x", kind: "real" }],
    returns: "real",
    resultNaming: "none",
    bind: () => (a) => {
      const x = a[0];
      return typeof x === "number" ? 1 / Math.tan(x) : null;
    },
  },
  betaFn(
    "beta_cdf",
    "x",
    "The cumulative beta distribution function at x; NaN when x is outside [0, 1] or alpha or beta is outside (0, 10000].",
    (x, a, b) => (x < 0 || x > 1 || badShape(a) || badShape(b) ? NaN : regularizedBeta(x, a, b)),
  ),
  betaFn(
    "beta_pdf",
    "x",
    "The beta probability density function at x; NaN when x is outside (0, 1) or alpha or beta is outside (0, 10000].",
    (x, a, b) => (x <= 0 || x >= 1 || badShape(a) || badShape(b) ? NaN : betaPdf(x, a, b)),
  ),
  betaFn(
    "beta_inv",
    "probability",
    "The inverse of beta_cdf: the x whose cumulative probability is p; null when p is outside (0, 1], NaN when alpha or beta is outside (0, 10000].",
    (p, a, b) => (p <= 0 || p > 1 ? null : badShape(a) || badShape(b) ? NaN : betaInv(p, a, b)),
  ),
  {
    name: "bitset_count_ones",
    category: "math",
    description: "The number of set bits in the 64-bit two's complement form of an integer.",
    params: [{ name: "value", kind: "integer" }],
    returns: "long",
    resultNaming: "none",
    bind: () => (a) => {
      const v = a[0];
      if (typeof v === "bigint") return popcount64(v);
      if (typeof v !== "number" || !Number.isFinite(v)) return null;
      return popcount64(BigInt(Math.trunc(v)));
    },
  },
];
