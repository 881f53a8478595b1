/** Numeric functions: bin/floor, bin_at, round, abs, log, exp, pow, sqrt, sign, isnan, max_of, min_of, ... */
import type { ScalarType } from "../types.js";
import type { Value } from "../runtime/values.js";
import type { ArgInfo, ScalarFunctionDef, ScalarImpl } from "./types.js";
import { commonType, scalarToDynamic } from "./util.js";
import { compareValues } from "./aggregates.js";
import { checkDateTime } from "./conversion.js";

function widest(a: ScalarType, b: ScalarType): ScalarType {
  const order: ScalarType[] = ["int", "long", "decimal", "real"];
  return order[Math.max(order.indexOf(a), order.indexOf(b))] ?? "real";
}

function floorDivBig(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

function binReturn(args: readonly ArgInfo[]): ScalarType {
  const t = args[0]?.type ?? "real";
  if (t === "datetime" || t === "timespan") return t;
  return widest(t, args[1]?.type ?? t);
}

/** bin(value, size): rounds down to a multiple of size; datetimes from the Unix epoch. A size <= 0 gives null. */
function binImpl(args: readonly ArgInfo[]): ScalarImpl {
  const t = args[0]?.type;
  if (t === "datetime" || t === "timespan") {
    const isDate = t === "datetime";
    return (a) => {
      const v = a[0];
      const s = a[1];
      if (typeof v !== "bigint") return null;
      let size: bigint;
      if (typeof s === "bigint") size = s;
      else if (typeof s === "number" && Number.isFinite(s)) size = BigInt(Math.trunc(s));
      else return null;
      if (size <= 0n) return null;
      const r = floorDivBig(v, size) * size;
      return isDate ? checkDateTime(r) : r;
    };
  }
  const integral = binReturn(args) === "int" || binReturn(args) === "long";
  return (a) => {
    const v = a[0];
    const s = a[1];
    if (typeof v !== "number" || typeof s !== "number" || !(s > 0)) return null;
    const r = Math.floor(v / s) * s;
    return integral ? r : r;
  };
}

/** bin_at(value, size, fixed_point): bins aligned so that fixed_point starts a bin. */
function binAtImpl(args: readonly ArgInfo[]): ScalarImpl {
  const t = args[0]?.type;
  if (t === "datetime" || t === "timespan") {
    return (a) => {
      const v = a[0];
      const s = a[1];
      const f = a[2];
      if (typeof v !== "bigint" || typeof f !== "bigint") return null;
      const size = typeof s === "bigint" ? s : typeof s === "number" ? BigInt(Math.trunc(s)) : null;
      if (size === null || size <= 0n) return null;
      return f + floorDivBig(v - f, size) * size;
    };
  }
  return (a) => {
    const v = a[0];
    const s = a[1];
    const f = a[2];
    if (typeof v !== "number" || typeof s !== "number" || typeof f !== "number" || !(s > 0)) return null;
    return f + Math.floor((v - f) / s) * s;
  };
}

/** Rounds half away from zero at a decimal precision, on the decimal text of the number (round(2.15, 1) = 2.2). */
export function roundHalfAwayFromZero(v: number, precision: number): number {
  if (!Number.isFinite(v)) return v;
  const p = Math.trunc(precision);
  const abs = Math.abs(v);
  const text = String(abs);
  let r: number;
  if (text.includes("e") || Math.abs(p) > 300) {
    const f = 10 ** p;
    r = Math.floor(abs * f + 0.5) / f;
  } else {
    r = Number(`${Math.floor(Number(`${text}e${p}`) + 0.5)}e${-p}`);
  }
  return v < 0 ? -r : r;
}

function realFn(name: string, description: string, fn: (x: number) => number, aliases?: string[]): ScalarFunctionDef {
  return {
    name,
    aliases,
    category: "math",
    description,
    params: [{ name: "number", kind: "numeric" }],
    returns: "real",
    resultNaming: "firstArg",
    bind: () => (a) => (typeof a[0] === "number" ? fn(a[0]) : null),
  };
}

function realPredicate(name: string, description: string, fn: (x: number) => boolean): ScalarFunctionDef {
  return {
    name,
    category: "math",
    description,
    params: [{ name: "number", kind: "numeric" }],
    returns: "bool",
    resultNaming: "none",
    bind: () => (a) => (typeof a[0] === "number" ? fn(a[0]) : null),
  };
}

function extremeOf(name: string, sign: 1 | -1): ScalarFunctionDef {
  return {
    name,
    category: "math",
    description: `The ${sign > 0 ? "largest" : "smallest"} of the arguments, ignoring nulls (null when all are null).`,
    params: [
      { name: "arg", kind: "orderable" },
      { name: "args", kind: "orderable", variadic: true },
    ],
    returns: (args) => commonType(args.map((a) => a.type)),
    resultNaming: "none",
    bind: (args) => {
      const to = commonType(args.map((a) => a.type));
      const n = args.length;
      return (a) => {
        let best: Value = null;
        let bestIndex = -1;
        for (let i = 0; i < n; i++) {
          const v = a[i] as Value;
          if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) continue;
          if (bestIndex < 0 || compareValues(v, best) * sign > 0) {
            best = v;
            bestIndex = i;
          }
        }
        if (bestIndex < 0) return to === "string" ? "" : null;
        return to === "dynamic" && args[bestIndex]!.type !== "dynamic" ? scalarToDynamic(best, args[bestIndex]!.type) : best;
      };
    },
  };
}

export const MATH_FUNCTIONS: ScalarFunctionDef[] = [
  {
    name: "bin",
    aliases: ["floor"],
    category: "math",
    description: "Rounds down to a multiple of the bin size (numbers, timespans, and datetimes counted from 1970-01-01).",
    params: [
      { name: "value", kind: "any" },
      { name: "roundTo", kind: "any" },
    ],
    returns: binReturn,
    resultNaming: "firstArg",
    bind: binImpl,
  },
  {
    name: "bin_at",
    category: "math",
    description: "Rounds down to a multiple of the bin size, with bins aligned to a fixed point.",
    params: [
      { name: "value", kind: "any" },
      { name: "bin_size", kind: "any" },
      { name: "fixed_point", kind: "any" },
    ],
    returns: binReturn,
    resultNaming: "firstArg",
    bind: binAtImpl,
  },
  {
    name: "round",
    category: "math",
    description: "Rounds to a number of decimal digits (default 0; negative rounds left of the point), half away from zero.",
    params: [
      { name: "number", kind: "numeric" },
      { name: "precision", kind: "integer", optional: true },
    ],
    returns: (args) => args[0]?.type ?? "real",
    resultNaming: "firstArg",
    bind: (args) => {
      const hasP = args.length > 1;
      return (a) => {
        const v = a[0];
        if (typeof v !== "number") return null;
        const p = hasP ? a[1] : 0;
        if (typeof p !== "number") return null;
        return roundHalfAwayFromZero(v, p);
      };
    },
  },
  {
    name: "ceiling",
    category: "math",
    description: "The smallest integer greater than or equal to the number.",
    params: [{ name: "number", kind: "numeric" }],
    returns: (args) => args[0]?.type ?? "real",
    resultNaming: "firstArg",
    bind: () => (a) => (typeof a[0] === "number" ? Math.ceil(a[0]) : null),
  },
  {
    name: "abs",
    category: "math",
    description: "The absolute value of a number or timespan.",
    params: [{ name: "number", kind: "summable" }],
    returns: (args) => {
      const t = args[0]?.type ?? "real";
      return t === "int" ? "long" : t;
    },
    resultNaming: "firstArg",
    bind: () => (a) => {
      const v = a[0];
      if (typeof v === "number") return Math.abs(v);
      if (typeof v === "bigint") return v < 0n ? -v : v;
      return null;
    },
  },
  {
    name: "sign",
    category: "math",
    description: "-1, 0 or 1 by the sign of the number.",
    params: [{ name: "number", kind: "numeric" }],
    returns: "real",
    resultNaming: "none",
    bind: () => (a) => (typeof a[0] === "number" ? (Number.isNaN(a[0]) ? NaN : a[0] > 0 ? 1 : a[0] < 0 ? -1 : 0) : null),
  },
  realFn("sqrt", "The square root (NaN for negative numbers).", Math.sqrt),
  realFn("log", "The natural logarithm.", Math.log),
  realFn("log2", "The base-2 logarithm.", Math.log2),
  realFn("log10", "The base-10 logarithm.", Math.log10),
  realFn("exp", "e raised to the power of the number.", Math.exp),
  realFn("exp2", "2 raised to the power of the number.", (x) => 2 ** x),
  realFn("exp10", "10 raised to the power of the number.", (x) => 10 ** x),
  realFn("cos", "The cosine.", Math.cos),
  realFn("sin", "The sine.", Math.sin),
  realFn("tan", "The tangent.", Math.tan),
  realFn("acos", "The arc cosine.", Math.acos),
  realFn("asin", "The arc sine.", Math.asin),
  realFn("atan", "The arc tangent.", Math.atan),
  realFn("degrees", "Converts radians to degrees.", (x) => (x * 180) / Math.PI),
  realFn("radians", "Converts degrees to radians.", (x) => (x * Math.PI) / 180),
  {
    name: "atan2",
    category: "math",
    description: "The angle in radians between the positive x-axis and the ray to (x, y).",
    params: [
      { name: "y", kind: "numeric" },
      { name: "x", kind: "numeric" },
    ],
    returns: "real",
    resultNaming: "firstArg",
    bind: () => (a) => (typeof a[0] === "number" && typeof a[1] === "number" ? Math.atan2(a[0], a[1]) : null),
  },
  {
    name: "pow",
    category: "math",
    description: "The base raised to the exponent.",
    params: [
      { name: "base", kind: "numeric" },
      { name: "exponent", kind: "numeric" },
    ],
    returns: "real",
    resultNaming: "firstArg",
    bind: () => (a) => (typeof a[0] === "number" && typeof a[1] === "number" ? a[0] ** a[1] : null),
  },
  {
    name: "pi",
    category: "math",
    description: "The constant pi.",
    params: [],
    returns: "real",
    resultNaming: "none",
    bind: () => () => Math.PI,
  },
  realPredicate("isnan", "True when the number is NaN.", Number.isNaN),
  realPredicate("isinf", "True when the number is positive or negative infinity.", (x) => x === Infinity || x === -Infinity),
  realPredicate("isfinite", "True when the number is neither infinite nor NaN.", Number.isFinite),
  {
    name: "rand",
    category: "math",
    description: "A random real in [0, 1), or a random integer in [0, N) when given N (nondeterministic).",
    params: [{ name: "range", kind: "integer", optional: true }],
    returns: "real",
    resultNaming: "none",
    volatile: true,
    bind: (args) =>
      args.length === 0
        ? () => Math.random()
        : (a) => (typeof a[0] === "number" && a[0] > 0 ? Math.floor(Math.random() * a[0]) : null),
  },
  extremeOf("max_of", 1),
  extremeOf("min_of", -1),
  realFn("erf", "The error function.", erf),
  realFn("erfc", "The complementary error function, 1 - erf(x).", erfc),
  realFn("gamma", "The gamma function (gamma(n) = (n-1)! for positive integers).", gamma),
  realFn("loggamma", "The natural logarithm of the absolute value of the gamma function.", logGamma),
];

/** erf by its Maclaurin series near 0 and the continued fraction of erfc further out (about 1e-15 accuracy). */
function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 200; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    const r = (2 / Math.sqrt(Math.PI)) * sum;
    return x < 0 ? -r : r;
  }
  const c = erfcTail(ax);
  return x < 0 ? c - 1 : 1 - c;
}

/** erfc(x) for x >= 2.5: exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated from the tail. */
function erfcTail(x: number): number {
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}

/** erfc without the cancellation of 1 - erf(x) for large x. */
function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2.5) return erfcTail(x);
  if (x <= -2.5) return 2 - erfcTail(-x);
  return 1 - erf(x);
}

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** The gamma function by the Lanczos approximation (g = 7) and the reflection formula; exact for small positive integers. */
function gamma(x: number): number {
  if (Number.isInteger(x) && x > 0 && x < 171) {
    let r = 1;
    for (let i = 2; i < x; i++) r *= i;
    return r;
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const z = x - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, z + 0.5) * Math.exp(-t) * s;
}

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}
