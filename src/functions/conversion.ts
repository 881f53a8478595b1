/** Type conversion functions: tostring, toint, tolong, todouble, tobool, todatetime, totimespan, ... */
import type { ScalarType } from "../types.js";
import {
  MAX_DATETIME,
  MIN_DATETIME,
  parseDateTime,
  parseGuid,
  parseTimespan,
  valueToString,
  type Value,
} from "../runtime/values.js";
import type { ArgInfo, ScalarFunctionDef, ScalarImpl } from "./types.js";

/**
 * Whether text is a decimal number literal as .NET's double parser accepts it (sign, digits, optional
 * fraction, optional exponent; surrounding whitespace allowed), or NaN/Infinity.
 */
export function parseRealText(text: string): number | null {
  const s = text.trim();
  if (s.length === 0) return null;
  if (s === "NaN") return NaN;
  if (s === "Infinity" || s === "+Infinity" || s === "∞") return Infinity;
  if (s === "-Infinity" || s === "-∞") return -Infinity;
  let i = 0;
  const n = s.length;
  if (s[i] === "+" || s[i] === "-") i++;
  let digits = 0;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
    i++;
    digits++;
  }
  if (i < n && s[i] === ".") {
    i++;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return null;
  if (i < n && (s[i] === "e" || s[i] === "E")) {
    i++;
    if (i < n && (s[i] === "+" || s[i] === "-")) i++;
    let exp = 0;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
      i++;
      exp++;
    }
    if (exp === 0) return null;
  }
  if (i !== n) return null;
  return Number(s);
}

/** A value of a given static type as a real number, or null. */
export function toReal(v: Value, type: ScalarType): number | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "number":
      return v;
    case "boolean":
      return v ? 1 : 0;
    case "bigint":
      return Number(v);
    case "string":
      if (type === "guid") return null;
      return parseRealText(v);
    default:
      return null;
  }
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** A value as a long (truncating reals); null when it cannot be converted. */
export function toLong(v: Value, type: ScalarType): number | null {
  const r = toReal(v, type);
  if (r === null || !Number.isFinite(r)) return null;
  return Math.trunc(r) || 0;
}

export function toInt(v: Value, type: ScalarType): number | null {
  const r = toLong(v, type);
  if (r === null) return null;
  if (r < INT_MIN || r > INT_MAX) {
    // Like a C# unchecked cast from a long: keep the low 32 bits.
    return Number(BigInt.asIntN(32, BigInt(r)));
  }
  return r;
}

export function toBool(v: Value, _type: ScalarType): boolean | null {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "boolean":
      return v;
    case "number":
      return Number.isNaN(v) ? null : v !== 0;
    case "bigint":
      return v !== 0n;
    case "string": {
      const s = v.trim().toLowerCase();
      if (s === "true" || s === "1") return true;
      if (s === "false" || s === "0") return false;
      return null;
    }
    default:
      return null;
  }
}

export function toDateTime(v: Value, type: ScalarType): bigint | null {
  if (v === null || v === undefined) return null;
  if (type === "datetime" && typeof v === "bigint") return v;
  if (typeof v === "string") return parseDateTime(v);
  return null;
}

export function toTimespan(v: Value, type: ScalarType): bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return type === "timespan" ? v : null;
  if (typeof v === "string") return parseTimespan(v);
  // A number reads as ticks.
  if (typeof v === "number" && Number.isFinite(v)) return BigInt(Math.trunc(v));
  return null;
}

export function toGuid(v: Value, _type: ScalarType): string | null {
  return typeof v === "string" ? parseGuid(v) : null;
}

function conv(
  name: string,
  returns: ScalarType,
  description: string,
  fn: (v: Value, type: ScalarType) => Value,
  aliases?: string[],
): ScalarFunctionDef {
  return {
    name,
    aliases,
    category: "conversion",
    description,
    params: [{ name: "value", kind: "any" }],
    returns,
    resultNaming: "firstArg",
    bind: (args: readonly ArgInfo[]): ScalarImpl => {
      const type = args[0]!.type;
      return (a) => fn(a[0] as Value, type);
    },
  };
}

/** Kusto's type name for a dynamic value (gettype of dynamic). */
function dynamicTypeName(v: Value): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(v) ? "long" : "real";
    case "object":
      return "dictionary";
    default:
      return "dynamic";
  }
}

export const CONVERSION_FUNCTIONS: ScalarFunctionDef[] = [
  conv("tostring", "string", "Converts the input to its string representation (null gives an empty string).", (v, t) => valueToString(v, t)),
  conv("toint", "int", "Converts the input to an int (reals truncate; invalid input gives null).", toInt),
  conv("tolong", "long", "Converts the input to a long (reals truncate; invalid input gives null).", toLong),
  conv("todouble", "real", "Converts the input to a real number (invalid input gives null).", toReal, ["toreal"]),
  conv("todecimal", "decimal", "Converts the input to a decimal number (held as a double; invalid input gives null).", toReal),
  conv("tobool", "bool", "Converts the input to a bool: \"true\"/\"false\" (any case), numbers (non-zero is true).", toBool, ["toboolean"]),
  conv("todatetime", "datetime", "Converts the input to a datetime in UTC (invalid input gives null).", toDateTime),
  conv("totimespan", "timespan", "Converts the input to a timespan (`1.02:03:04`, `2d`; numbers are ticks).", toTimespan, ["totime"]),
  conv("toguid", "guid", "Converts a string to a guid (invalid input gives null).", toGuid),
  {
    name: "tohex",
    category: "conversion",
    description: "Converts an integer to a lower-case hexadecimal string (negative numbers in two's complement), optionally zero-padded.",
    params: [
      { name: "value", kind: "integer" },
      { name: "minLength", kind: "integer", optional: true },
    ],
    returns: "string",
    resultNaming: "firstArg",
    bind: () => (a) => {
      const v = a[0];
      if (typeof v !== "number" || !Number.isFinite(v)) return "";
      const big = BigInt.asUintN(64, BigInt(Math.trunc(v)));
      const s = big.toString(16);
      const min = typeof a[1] === "number" ? a[1] : 0;
      return min > s.length ? s.padStart(min, "0") : s;
    },
  },
  {
    name: "gettype",
    category: "conversion",
    description: "The runtime type name of the argument (`string`, `long`, `datetime`, ...; for dynamic: `array`, `dictionary`, `null`, ...).",
    params: [{ name: "value", kind: "any" }],
    returns: "string",
    resultNaming: "none",
    bind: (args) => {
      const t = args[0]!.type;
      if (t === "dynamic") return (a) => dynamicTypeName(a[0] as Value);
      return () => t;
    },
  },
];

/** Clamp helper for datetime results of arithmetic (outside Kusto's range gives null). */
export function checkDateTime(t: bigint): bigint | null {
  return t < MIN_DATETIME || t > MAX_DATETIME ? null : t;
}
