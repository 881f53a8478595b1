/** Date and time functions: now, ago, startofday..endofyear, datetime_add/diff/part, format_datetime, ... */
import {
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
  civilFromDays,
  daysFromCivil,
  floorDivMod,
} from "../runtime/values.js";
import type { ScalarFunctionDef, ScalarImpl } from "./types.js";
import { argError, constantString } from "./util.js";
import { checkDateTime } from "./conversion.js";

// ---------------------------------------------------------------------------------------------------
// calendar helpers

export interface Civil {
  year: number;
  month: number;
  day: number;
  /** Ticks since midnight. */
  time: bigint;
  /** Days since 1970-01-01. */
  days: number;
}

export function toCivil(ticks: bigint): Civil {
  const { quotient: days, rest: time } = floorDivMod(ticks, TICKS_PER_DAY);
  const d = Number(days);
  const { year, month, day } = civilFromDays(d);
  return { year, month, day, time, days: d };
}

function fromDays(days: number): bigint {
  return BigInt(days) * TICKS_PER_DAY;
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/** 0 = Sunday ... 6 = Saturday for a day number counted from 1970-01-01 (a Thursday). */
function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** .NET DateTime.AddMonths: the day is clamped to the target month's length. */
function addMonths(ticks: bigint, months: number): bigint | null {
  const c = toCivil(ticks);
  const total = c.year * 12 + (c.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  if (year < 1 || year > 9999) return null;
  const day = Math.min(c.day, daysInMonth(year, month));
  return checkDateTime(fromDays(daysFromCivil(year, month, day)) + c.time);
}

/** ISO 8601 week number. */
function isoWeek(days: number): number {
  const wd = weekday(days) || 7; // Monday=1..Sunday=7
  const thursday = days - wd + 4;
  const { year } = civilFromDays(thursday);
  const jan1 = daysFromCivil(year, 1, 1);
  return Math.floor((thursday - jan1) / 7) + 1;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

// ---------------------------------------------------------------------------------------------------
// parts

const PART_ALIASES: Record<string, string> = {
  year: "year",
  quarter: "quarter",
  month: "month",
  week: "week",
  week_of_year: "week_of_year",
  day: "day",
  dayofyear: "dayofyear",
  hour: "hour",
  minute: "minute",
  second: "second",
  millisecond: "millisecond",
  microsecond: "microsecond",
  nanosecond: "nanosecond",
};

function partName(raw: string | undefined, fn: string): string {
  const p = raw === undefined ? undefined : PART_ALIASES[raw.trim().toLowerCase()];
  if (!p) throw argError(`${fn}(): unknown date part ${JSON.stringify(raw ?? "")}`);
  return p;
}

const FIXED_UNIT: Record<string, bigint> = {
  day: TICKS_PER_DAY,
  hour: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MS,
  microsecond: 10n,
};

function dateAdd(part: string, amount: number, ticks: bigint): bigint | null {
  const n = Math.trunc(amount);
  switch (part) {
    case "year":
      return addMonths(ticks, n * 12);
    case "quarter":
      return addMonths(ticks, n * 3);
    case "month":
      return addMonths(ticks, n);
    case "week":
      return checkDateTime(ticks + BigInt(n) * 7n * TICKS_PER_DAY);
    case "nanosecond":
      return checkDateTime(ticks + BigInt(n) / 100n);
    default:
      return checkDateTime(ticks + BigInt(n) * FIXED_UNIT[part]!);
  }
}

/** datetime_diff(part, a, b): calendar-boundary difference a - b in the given unit. */
function dateDiff(part: string, a: bigint, b: bigint): number {
  switch (part) {
    case "year":
      return toCivil(a).year - toCivil(b).year;
    case "quarter": {
      const ca = toCivil(a);
      const cb = toCivil(b);
      return (ca.year - cb.year) * 4 + (Math.floor((ca.month - 1) / 3) - Math.floor((cb.month - 1) / 3));
    }
    case "month": {
      const ca = toCivil(a);
      const cb = toCivil(b);
      return (ca.year - cb.year) * 12 + (ca.month - cb.month);
    }
    case "week": {
      const da = toCivil(a).days;
      const db = toCivil(b).days;
      return ((da - weekday(da)) - (db - weekday(db))) / 7;
    }
    case "nanosecond":
      return Number((a - b) * 100n);
    default: {
      const unit = FIXED_UNIT[part]!;
      return Number(floorDiv(a, unit) - floorDiv(b, unit));
    }
  }
}

function datePart(part: string, t: bigint): number {
  const c = toCivil(t);
  switch (part) {
    case "year":
      return c.year;
    case "quarter":
      return Math.floor((c.month - 1) / 3) + 1;
    case "month":
      return c.month;
    case "week":
    case "week_of_year":
      return isoWeek(c.days);
    case "day":
      return c.day;
    case "dayofyear":
      return c.days - daysFromCivil(c.year, 1, 1) + 1;
    case "hour":
      return Number(c.time / TICKS_PER_HOUR);
    case "minute":
      return Number((c.time % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
    case "second":
      return Number((c.time % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
    case "millisecond":
      return Number((c.time % TICKS_PER_SECOND) / TICKS_PER_MS);
    case "microsecond":
      return Number((c.time % TICKS_PER_SECOND) / 10n);
    case "nanosecond":
      return Number(c.time % TICKS_PER_SECOND) * 100;
    default:
      return 0;
  }
}

// ---------------------------------------------------------------------------------------------------
// start/end of periods

type Period = "day" | "week" | "month" | "year";

function startOf(period: Period, t: bigint, offset: number): bigint | null {
  const c = toCivil(t);
  switch (period) {
    case "day":
      return checkDateTime(fromDays(c.days + offset));
    case "week":
      return checkDateTime(fromDays(c.days - weekday(c.days) + offset * 7));
    case "month": {
      const total = c.year * 12 + (c.month - 1) + offset;
      const y = Math.floor(total / 12);
      if (y < 1 || y > 9999) return null;
      return checkDateTime(fromDays(daysFromCivil(y, total - y * 12 + 1, 1)));
    }
    case "year": {
      const y = c.year + offset;
      if (y < 1 || y > 9999) return null;
      return checkDateTime(fromDays(daysFromCivil(y, 1, 1)));
    }
  }
}

function endOf(period: Period, t: bigint, offset: number): bigint | null {
  const next = startOf(period, t, offset + 1);
  if (next !== null) return next - 1n;
  // The period after the last one is out of range: the end is the last representable tick.
  const start = startOf(period, t, offset);
  return start === null ? null : 2534023007999999999n;
}

function periodFn(kind: "start" | "end", period: Period): ScalarFunctionDef {
  return {
    name: `${kind}of${period}`,
    category: "datetime",
    description: `The ${kind} of the ${period} containing the date, shifted by an optional offset in ${period}s.`,
    params: [
      { name: "date", kind: "datetime" },
      { name: "offset", kind: "integer", optional: true },
    ],
    returns: "datetime",
    resultNaming: kind === "start" && period === "day" ? "firstArg" : "none",
    bind: () => {
      const f = kind === "start" ? startOf : endOf;
      return (a) => {
        const t = a[0];
        if (typeof t !== "bigint") return null;
        const off = a.length > 1 ? a[1] : 0;
        if (off === null) return null;
        return f(period, t, Math.trunc(Number(off ?? 0)));
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// formatting

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

type Token = { letter: string; count: number } | { literal: string };

const FORMAT_LETTERS = new Set(["d", "f", "F", "h", "H", "m", "M", "s", "t", "y"]);

function tokenize(fmt: string, fn: string, allowed: Set<string>): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i]!;
    if (allowed.has(ch)) {
      let j = i;
      while (j < fmt.length && fmt[j] === ch) j++;
      out.push({ letter: ch, count: j - i });
      i = j;
    } else if (ch === "\\" && i + 1 < fmt.length) {
      out.push({ literal: fmt[i + 1]! });
      i += 2;
    } else if (ch === "'" || ch === '"') {
      const end = fmt.indexOf(ch, i + 1);
      if (end < 0) throw argError(`${fn}(): unterminated quoted text in format ${JSON.stringify(fmt)}`);
      out.push({ literal: fmt.slice(i + 1, end) });
      i = end + 1;
    } else if (/* letters outside the spec are an error */ (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z")) {
      throw argError(`${fn}(): unsupported format specifier '${ch}' in ${JSON.stringify(fmt)}`);
    } else {
      out.push({ literal: ch });
      i++;
    }
  }
  return out;
}

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, "0");
}

function fraction(ticksOfSecond: bigint, count: number, trim: boolean): string {
  let s = pad(ticksOfSecond, 7).slice(0, Math.min(count, 7));
  if (count > 7) s = s.padEnd(count, "0");
  if (trim) {
    let end = s.length;
    while (end > 0 && s[end - 1] === "0") end--;
    s = s.slice(0, end);
  }
  return s;
}

function compileDateFormat(fmt: string): (t: bigint) => string {
  const tokens = tokenize(fmt, "format_datetime", FORMAT_LETTERS);
  for (const tok of tokens) {
    if ("letter" in tok) {
      const { letter, count } = tok;
      const max: Record<string, number> = { d: 4, f: 7, F: 7, h: 2, H: 2, m: 2, M: 4, s: 2, t: 2, y: 4 };
      if (count > max[letter]!) throw argError(`format_datetime(): unsupported format specifier '${letter.repeat(count)}'`);
    }
  }
  return (t) => {
    const c = toCivil(t);
    const hour = Number(c.time / TICKS_PER_HOUR);
    const minute = Number((c.time % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
    const second = Number((c.time % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
    const frac = c.time % TICKS_PER_SECOND;
    let out = "";
    for (const tok of tokens) {
      if ("literal" in tok) {
        out += tok.literal;
        continue;
      }
      const { letter, count } = tok;
      switch (letter) {
        case "d":
          out += count === 1 ? String(c.day) : count === 2 ? pad(c.day, 2) : count === 3 ? DAY_NAMES[weekday(c.days)]!.slice(0, 3) : DAY_NAMES[weekday(c.days)]!;
          break;
        case "f":
          out += fraction(frac, count, false);
          break;
        case "F":
          out += fraction(frac, count, true);
          break;
        case "h": {
          const h12 = hour % 12 === 0 ? 12 : hour % 12;
          out += count === 1 ? String(h12) : pad(h12, 2);
          break;
        }
        case "H":
          out += count === 1 ? String(hour) : pad(hour, 2);
          break;
        case "m":
          out += count === 1 ? String(minute) : pad(minute, 2);
          break;
        case "M":
          out += count === 1 ? String(c.month) : count === 2 ? pad(c.month, 2) : count === 3 ? MONTH_NAMES[c.month - 1]!.slice(0, 3) : MONTH_NAMES[c.month - 1]!;
          break;
        case "s":
          out += count === 1 ? String(second) : pad(second, 2);
          break;
        case "t":
          out += count === 1 ? (hour < 12 ? "A" : "P") : hour < 12 ? "AM" : "PM";
          break;
        case "y":
          out += count === 1 ? String(c.year % 100) : count === 2 ? pad(c.year % 100, 2) : pad(c.year, count);
          break;
      }
    }
    return out;
  };
}

const TIMESPAN_LETTERS = new Set(["d", "f", "F", "h", "H", "m", "s"]);

function compileTimespanFormat(fmt: string): (t: bigint) => string {
  const tokens = tokenize(fmt, "format_timespan", TIMESPAN_LETTERS);
  return (t) => {
    const neg = t < 0n;
    let r = neg ? -t : t;
    const days = r / TICKS_PER_DAY;
    r %= TICKS_PER_DAY;
    const hour = Number(r / TICKS_PER_HOUR);
    const minute = Number((r % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
    const second = Number((r % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
    const frac = r % TICKS_PER_SECOND;
    let out = neg ? "-" : "";
    for (const tok of tokens) {
      if ("literal" in tok) {
        out += tok.literal;
        continue;
      }
      const { letter, count } = tok;
      switch (letter) {
        case "d":
          out += pad(days, count);
          break;
        case "f":
          out += fraction(frac, count, false);
          break;
        case "F":
          out += fraction(frac, count, true);
          break;
        case "h": {
          const h12 = hour % 12;
          out += count === 1 ? String(h12) : pad(h12, 2);
          break;
        }
        case "H":
          out += count === 1 ? String(hour) : pad(hour, 2);
          break;
        case "m":
          out += count === 1 ? String(minute) : pad(minute, 2);
          break;
        case "s":
          out += count === 1 ? String(second) : pad(second, 2);
          break;
      }
    }
    return out;
  };
}

// ---------------------------------------------------------------------------------------------------
// definitions

function dateGetter(name: string, description: string, returns: "int" | "long", fn: (c: Civil, t: bigint) => number, aliases?: string[]): ScalarFunctionDef {
  return {
    name,
    aliases,
    category: "datetime",
    description,
    params: [{ name: "date", kind: "datetime" }],
    returns,
    resultNaming: "none",
    bind: () => (a) => (typeof a[0] === "bigint" ? fn(toCivil(a[0]), a[0]) : null),
  };
}

function unixFn(name: string, unit: string, ticksPer: number): ScalarFunctionDef {
  return {
    name,
    category: "datetime",
    description: `Converts a Unix time in ${unit} since 1970-01-01 to a datetime.`,
    params: [{ name: "number", kind: "numeric" }],
    returns: "datetime",
    resultNaming: "none",
    bind: () => (a) => {
      const v = a[0];
      if (typeof v !== "number" || !Number.isFinite(v)) return null;
      return checkDateTime(BigInt(Math.round(v * ticksPer)));
    },
  };
}

function partBinder(fn: string, arg: Parameters<typeof constantString>[0]): string | undefined {
  const c = constantString(arg);
  return c === undefined ? undefined : partName(c, fn);
}

/**
 * format_datetime / format_timespan: the format is compiled once when constant; a value of another type,
 * or a format the compiler rejects at run time, gives "".
 */
function tickFormatter(name: string, description: string, paramName: string, type: "datetime" | "timespan", compile: (format: string) => (ticks: bigint) => string): ScalarFunctionDef {
  return {
    name,
    category: "datetime",
    description,
    params: [
      { name: paramName, kind: type },
      { name: "format", kind: "string", constant: true },
    ],
    returns: "string",
    resultNaming: "firstArg",
    bind: (args) => {
      const c = constantString(args[1]);
      const fixed = c === undefined ? undefined : compile(c);
      return (a) => {
        const t = a[0];
        if (typeof t !== "bigint") return "";
        try {
          return (fixed ?? compile(String(a[1] ?? "")))(t);
        } catch {
          return "";
        }
      };
    },
  };
}

export const DATETIME_FUNCTIONS: ScalarFunctionDef[] = [
  {
    name: "ingestion_time",
    category: "datetime",
    description: "When the row was ingested. Replayed rows carry no ingestion time, so this is always null (see docs/semantics.md).",
    params: [],
    returns: "datetime",
    resultNaming: "none",
    // Kusto reads a hidden per-row ingestion timestamp; caller rows have none, and null keeps
    // `ingestion_time() > ago(1h)` from matching anything rather than matching everything.
    bind: () => () => null,
  },
  {
    name: "now",
    category: "datetime",
    description: "The current UTC time (one instant for the whole query), plus an optional offset.",
    params: [{ name: "offset", kind: "timespan", optional: true }],
    returns: "datetime",
    resultNaming: "none",
    bind: (args, ctx) => {
      const now = ctx.now;
      if (args.length === 0) return () => now;
      return (a) => (typeof a[0] === "bigint" ? checkDateTime(now + a[0]) : null);
    },
  },
  {
    name: "ago",
    category: "datetime",
    description: "now() minus the given timespan.",
    params: [{ name: "timespan", kind: "timespan" }],
    returns: "datetime",
    resultNaming: "none",
    bind: (args, ctx) => {
      const now = ctx.now;
      const c = args[0]!.constant ? args[0]!.value : undefined;
      if (typeof c === "bigint") {
        const v = checkDateTime(now - c);
        return () => v;
      }
      return (a) => (typeof a[0] === "bigint" ? checkDateTime(now - a[0]) : null);
    },
  },
  {
    name: "datetime_add",
    category: "datetime",
    description: "Adds an amount of a calendar unit (year, quarter, month, week, day, hour, ... nanosecond) to a datetime.",
    params: [
      { name: "part", kind: "string", constant: true },
      { name: "value", kind: "integer" },
      { name: "datetime", kind: "datetime" },
    ],
    returns: "datetime",
    resultNaming: "none",
    bind: (args) => {
      const fixed = partBinder("datetime_add", args[0]);
      return (a) => {
        const t = a[2];
        const n = a[1];
        if (typeof t !== "bigint" || typeof n !== "number") return null;
        const part = fixed ?? PART_ALIASES[String(a[0]).toLowerCase()];
        return part ? dateAdd(part, n, t) : null;
      };
    },
  },
  {
    name: "datetime_diff",
    category: "datetime",
    description: "The number of calendar-unit boundaries between two datetimes (first minus second).",
    params: [
      { name: "part", kind: "string", constant: true },
      { name: "datetime1", kind: "datetime" },
      { name: "datetime2", kind: "datetime" },
    ],
    returns: "long",
    resultNaming: "none",
    bind: (args) => {
      const fixed = partBinder("datetime_diff", args[0]);
      return (a) => {
        const x = a[1];
        const y = a[2];
        if (typeof x !== "bigint" || typeof y !== "bigint") return null;
        const part = fixed ?? PART_ALIASES[String(a[0]).toLowerCase()];
        return part ? dateDiff(part, x, y) : null;
      };
    },
  },
  {
    name: "datetime_part",
    aliases: ["datepart"],
    category: "datetime",
    description: "A part of a datetime as an integer (year, quarter, month, week_of_year, day, dayOfYear, hour, minute, second, millisecond, microsecond, nanosecond).",
    params: [
      { name: "part", kind: "string", constant: true },
      { name: "date", kind: "datetime" },
    ],
    returns: "int",
    resultNaming: "none",
    bind: (args) => {
      const fixed = partBinder("datetime_part", args[0]);
      return (a) => {
        const t = a[1];
        if (typeof t !== "bigint") return null;
        const part = fixed ?? PART_ALIASES[String(a[0]).toLowerCase()];
        return part ? datePart(part, t) : null;
      };
    },
  },
  periodFn("start", "day"),
  periodFn("start", "week"),
  periodFn("start", "month"),
  periodFn("start", "year"),
  periodFn("end", "day"),
  periodFn("end", "week"),
  periodFn("end", "month"),
  periodFn("end", "year"),
  {
    name: "dayofweek",
    category: "datetime",
    description: "The number of days since the preceding Sunday, as a timespan.",
    params: [{ name: "date", kind: "datetime" }],
    returns: "timespan",
    resultNaming: "none",
    bind: () => (a) => (typeof a[0] === "bigint" ? BigInt(weekday(toCivil(a[0]).days)) * TICKS_PER_DAY : null),
  },
  dateGetter("dayofmonth", "The day of the month (1-31).", "int", (c) => c.day),
  dateGetter("dayofyear", "The day of the year (1-366).", "int", (c) => c.days - daysFromCivil(c.year, 1, 1) + 1),
  dateGetter("hourofday", "The hour of the day (0-23).", "int", (c) => Number(c.time / TICKS_PER_HOUR)),
  dateGetter("getmonth", "The month (1-12).", "int", (c) => c.month, ["monthofyear"]),
  dateGetter("getyear", "The year.", "int", (c) => c.year),
  dateGetter("week_of_year", "The ISO 8601 week number (1-53).", "int", (c) => isoWeek(c.days), ["weekofyear"]),
  tickFormatter("format_datetime", "Formats a datetime with a .NET-style format (yyyy, MM, dd, HH, hh, mm, ss, f..., F..., tt, and separators).", "date", "datetime", compileDateFormat),
  tickFormatter("format_timespan", "Formats a timespan with a format (d..., hh, HH, mm, ss, f..., F..., and separators).", "timespan", "timespan", compileTimespanFormat),
  {
    name: "make_datetime",
    category: "datetime",
    description: "Builds a datetime from year, month, day and optional hour, minute and (fractional) second.",
    params: [
      { name: "year", kind: "numeric" },
      { name: "month", kind: "numeric" },
      { name: "day", kind: "numeric" },
      { name: "hour", kind: "numeric", optional: true },
      { name: "minute", kind: "numeric", optional: true },
      { name: "second", kind: "numeric", optional: true },
    ],
    returns: "datetime",
    resultNaming: "onlyArg",
    bind: (): ScalarImpl => (a) => {
      const parts: number[] = [];
      for (let i = 0; i < a.length; i++) {
        const v = a[i];
        if (typeof v !== "number" || !Number.isFinite(v)) return null;
        parts.push(v);
      }
      const [y, mo, d, h = 0, mi = 0, s = 0] = parts as [number, number, number, number?, number?, number?];
      if (!Number.isInteger(y) || !Number.isInteger(mo) || !Number.isInteger(d) || !Number.isInteger(h) || !Number.isInteger(mi)) return null;
      if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s >= 60) return null;
      const secTicks = BigInt(Math.round(s * 1e7));
      return checkDateTime(fromDays(daysFromCivil(y, mo, d)) + BigInt(h) * TICKS_PER_HOUR + BigInt(mi) * TICKS_PER_MINUTE + secTicks);
    },
  },
  {
    name: "make_timespan",
    category: "datetime",
    description: "Builds a timespan from (hours, minutes[, seconds]) or (days, hours, minutes, seconds).",
    params: [
      { name: "a", kind: "numeric" },
      { name: "b", kind: "numeric" },
      { name: "c", kind: "numeric", optional: true },
      { name: "d", kind: "numeric", optional: true },
    ],
    returns: "timespan",
    resultNaming: "onlyArg",
    bind: (args): ScalarImpl => {
      const n = args.length;
      return (a) => {
        const v: number[] = [];
        for (let i = 0; i < n; i++) {
          const x = a[i];
          if (typeof x !== "number" || !Number.isFinite(x)) return null;
          v.push(x);
        }
        const [d, h, m, s] = n === 4 ? v : [0, v[0]!, v[1]!, v[2] ?? 0];
        return BigInt(Math.trunc(d!)) * TICKS_PER_DAY + BigInt(Math.trunc(h!)) * TICKS_PER_HOUR + BigInt(Math.trunc(m!)) * TICKS_PER_MINUTE + BigInt(Math.round(s! * 1e7));
      };
    },
  },
  unixFn("unixtime_seconds_todatetime", "seconds", 1e7),
  unixFn("unixtime_milliseconds_todatetime", "milliseconds", 1e4),
  unixFn("unixtime_microseconds_todatetime", "microseconds", 10),
  unixFn("unixtime_nanoseconds_todatetime", "nanoseconds", 0.01),
];

/** For tests and other modules: the calendar math. */
export const _internal = { dateAdd, dateDiff, datePart, startOf, endOf, isoWeek, weekday };
