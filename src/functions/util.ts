/**
 * Small helpers shared by the family modules: argument readers, error helpers and a regex cache.
 * Every regex the library compiles goes through RE2JS (linear time, RE2 syntax, as Kusto uses).
 */
import { re2, type RE2JS } from "./re2.js";
import { KqlError } from "../errors.js";
import type { ScalarType } from "../types.js";
import { valueToString, type DynamicValue, type Value } from "../runtime/values.js";
import type { ArgInfo, ScalarImpl } from "./types.js";

/** An argument error raised at bind time (the binder re-anchors it at the call site). */
export function argError(message: string): KqlError {
  return new KqlError({ code: "KQL_ARGUMENTS", message });
}

/** A reader that turns an argument of any static type into the text `tostring()` would give. */
export function stringReader(arg: ArgInfo | undefined): (v: Value) => string {
  const type: ScalarType = arg?.type ?? "string";
  if (type === "string") return (v) => (typeof v === "string" ? v : v === null || v === undefined ? "" : valueToString(v, "dynamic"));
  return (v) => valueToString(v, type);
}

/** The constant value of an argument, or undefined when the argument is not a constant. */
export function constantOf(arg: ArgInfo | undefined): Value | undefined {
  return arg && arg.constant ? (arg.value ?? null) : undefined;
}

/** A constant string argument (null/missing gives ""), or undefined when not constant. */
export function constantString(arg: ArgInfo | undefined): string | undefined {
  const v = constantOf(arg);
  if (v === undefined) return undefined;
  return arg ? valueToString(v, arg.type) : "";
}

const regexCache = new Map<string, RE2JS>();

/** Compiles an RE2 pattern (cached); throws a KQL_ARGUMENTS error for a pattern RE2 rejects. */
export function compileRegex(pattern: string, flags = 0): RE2JS {
  const key = `${flags}\u0000${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    try {
      re = re2().compile(pattern, flags);
    } catch (e) {
      throw argError(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/**
 * A regex for an argument: compiled once when the argument is constant, else per row (cached).
 * A non-constant pattern RE2 rejects gives null at run time instead of an error.
 */
export function regexArg(arg: ArgInfo | undefined): (v: Value) => RE2JS | null {
  const c = constantString(arg);
  if (c !== undefined) {
    const re = compileRegex(c);
    return () => re;
  }
  const read = stringReader(arg);
  return (v) => {
    try {
      return compileRegex(read(v));
    } catch {
      return null;
    }
  };
}

/** A number from an argument value (numbers only; anything else is null). */
export function num(v: Value): number | null {
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null;
}

/** Unicode code points of a string (surrogate pairs count once). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Whether a string has a lone or paired surrogate (so code-point and UTF-16 indices differ). */
export function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** A null-propagating unary implementation. */
export function unary(fn: (v: Value) => Value): ScalarImpl {
  return (args) => {
    const v = args[0];
    return v === null || v === undefined ? null : fn(v as Value);
  };
}

/** A dynamic value's element list if it is an array, else null. */
export function asArray(v: Value): DynamicValue[] | null {
  return Array.isArray(v) ? (v as DynamicValue[]) : null;
}

/** The static type of the first argument (for `returns` functions that echo it). */
export function firstArgType(args: readonly ArgInfo[]): ScalarType {
  return args[0]?.type ?? "dynamic";
}

/** The common type of several arguments (for iff/case/coalesce/max_of): numeric widening, else the first non-dynamic-null type. */
export function commonType(types: readonly ScalarType[]): ScalarType {
  if (types.length === 0) return "dynamic";
  const numeric = ["int", "long", "decimal", "real"] as const;
  if (types.every((t) => (numeric as readonly string[]).includes(t))) {
    let best = 0;
    for (const t of types) best = Math.max(best, numeric.indexOf(t as (typeof numeric)[number]));
    return numeric[best]!;
  }
  if (types.some((t) => t === "dynamic")) return "dynamic";
  return types[0]!;
}

/** Converts a value of a scalar type to a dynamic value (datetimes and timespans become their text). */
export function scalarToDynamic(v: Value, type: ScalarType): DynamicValue {
  if (v === null || v === undefined) return null;
  switch (type) {
    case "datetime":
    case "timespan":
      return valueToString(v, type);
    case "real":
    case "decimal":
      return typeof v === "number" && !Number.isFinite(v) ? valueToString(v, type) : (v as number);
    default:
      return v as DynamicValue;
  }
}
