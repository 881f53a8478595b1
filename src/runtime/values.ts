/**
 * Runtime representation of KQL values, one JS shape per type:
 *
 *   bool            boolean | null
 *   int, long, real number | null         (long is a double: exact to 2^53, see docs/semantics.md)
 *   decimal         number | null         (a double, see docs/semantics.md)
 *   string          string                (never null: a missing string is "")
 *   datetime        bigint | null         (100 ns ticks since 1970-01-01T00:00:00Z, exact end to end)
 *   timespan        bigint | null         (100 ns ticks)
 *   guid            string | null         (lower-case canonical form)
 *   dynamic         DynamicValue          (JSON-like; objects are prototype-free; null is JSON null)
 *
 * Datetimes are bigint ticks because a JS number cannot hold 100 ns ticks of today's dates exactly
 * (they exceed 2^53); a bigint compares and hashes by value, so Map keys and sorting stay simple.
 */
import { KqlError } from "../errors.js";
import type { ScalarType } from "../types.js";

export type DynamicValue = null | boolean | number | string | DynamicValue[] | { [key: string]: DynamicValue };

export type Value = null | boolean | number | string | bigint | DynamicValue;

export const TICKS_PER_MS = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
export const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
export const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;

/** Ticks of 0001-01-01 and 9999-12-31T23:59:59.9999999, Kusto's datetime range, relative to the Unix epoch. */
export const MIN_DATETIME = -621355968000000000n;
export const MAX_DATETIME = 2534023007999999999n;

// ---------------------------------------------------------------------------------------------------
// datetime

/** Days from 1970-01-01 to a proleptic Gregorian civil date (Howard Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number counted from 1970-01-01. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

function buildTicks(y: number, mo: number, d: number, h: number, mi: number, s: number, fracTicks: number, offsetMinutes: number): bigint | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const seconds = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60 + s - offsetMinutes * 60;
  const ticks = partsToTicks(seconds, fracTicks);
  return ticks < MIN_DATETIME || ticks > MAX_DATETIME ? null : ticks;
}

/** Reads up to 7 fractional digits as ticks; more digits are truncated, as Kusto does. */
function fractionTicks(digits: string): number {
  return Number((digits + "0000000").slice(0, 7));
}

const ISO_RE =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*$/;
const RFC_RE =
  /^\s*(?:[A-Za-z]{3},?\s+)?(\d{1,2})[\s-]([A-Za-z]{3})[\s-](\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?\s*$/;
const SLASH_RE = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM|am|pm)?)?\s*$/;
const COMPACT_RE = /^\s*(\d{4})(\d{2})(\d{2})(?:[T ]?(\d{2})(\d{2})(\d{2})?)?\s*$/;

function offsetMinutesOf(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/**
 * Parses the datetime text forms Kusto accepts (ISO 8601 with optional time, fraction and offset; RFC 822
 * and RFC 850 style `Sat, 8 Nov 2014 15:05:02 GMT`; `MM/DD/YYYY [hh:mm[:ss] [AM|PM]]`; `YYYYMMDD[hhmmss]`).
 * Returns ticks in UTC, or null for text that is not a valid datetime.
 */
export function parseDateTime(text: string): bigint | null {
  const fast = parseIsoUtcFast(text);
  if (fast !== undefined) return fast;
  let m = ISO_RE.exec(text);
  if (m) {
    return buildTicks(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ? fractionTicks(m[7]) : 0, offsetMinutesOf(m[8]));
  }
  m = RFC_RE.exec(text);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (!month) return null;
    let year = +m[3]!;
    if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    return buildTicks(year, month, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ? fractionTicks(m[7]) : 0, offsetMinutesOf(m[8]));
  }
  m = SLASH_RE.exec(text);
  if (m) {
    let hour = +(m[4] ?? 0);
    const ampm = m[8]?.toLowerCase();
    if (ampm === "pm" && hour < 12) hour += 12;
    if (ampm === "am" && hour === 12) hour = 0;
    return buildTicks(+m[3]!, +m[1]!, +m[2]!, hour, +(m[5] ?? 0), +(m[6] ?? 0), m[7] ? fractionTicks(m[7]) : 0, 0);
  }
  m = COMPACT_RE.exec(text);
  if (m) return buildTicks(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), 0, 0);
  return null;
}

/**
 * The parts of a datetime in the form logs and our own output use, `YYYY-MM-DDTHH:MM:SS[.f{1,7}]Z`:
 * whole seconds since the Unix epoch and the 100 ns ticks within the second, both exact JS numbers.
 * `isoUtcParts` fills this scratch object instead of allocating, so hot comparisons need no bigint.
 */
export const ISO_PARTS = { seconds: 0, ticks: 0 };

/**
 * `t` split into whole `unit`s, rounded down, and the rest, which is never negative (also for instants
 * before 1970, where bigint `/` and `%` round toward zero): days and the time of day, seconds and ticks.
 */
export function floorDivMod(t: bigint, unit: bigint): { quotient: bigint; rest: bigint } {
  const rest = t % unit;
  return rest < 0n ? { quotient: t / unit - 1n, rest: rest + unit } : { quotient: t / unit, rest };
}

/** Fills ISO_PARTS with a datetime's parts (ticks within the second 0 to 9,999,999, also before 1970). */
export function ticksToParts(t: bigint): void {
  const { quotient, rest } = floorDivMod(t, TICKS_PER_SECOND);
  ISO_PARTS.seconds = Number(quotient);
  ISO_PARTS.ticks = Number(rest);
}

/** The datetime whose parts are these (the inverse of ticksToParts and isoUtcParts). */
export function partsToTicks(seconds: number, ticks: number): bigint {
  return BigInt(seconds) * TICKS_PER_SECOND + BigInt(ticks);
}

/**
 * Reads `s` into ISO_PARTS when it has the fast form and is a valid datetime in Kusto's range; returns
 * false otherwise (another form, or invalid: use parseDateTime then). charCodeAt only, no allocation.
 */
export function isoUtcParts(s: string): boolean {
  const n = s.length;
  if (n < 20 || n > 28 || s.charCodeAt(n - 1) !== 90 /* Z */ || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return false;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  // Digit pairs read inline (a helper closure here would be allocated on every call of this hot function).
  const y0 = s.charCodeAt(0) - 48, y1 = s.charCodeAt(1) - 48, y2 = s.charCodeAt(2) - 48, y3 = s.charCodeAt(3) - 48;
  const mo0 = s.charCodeAt(5) - 48, mo1 = s.charCodeAt(6) - 48, d0 = s.charCodeAt(8) - 48, d1 = s.charCodeAt(9) - 48;
  const h0 = s.charCodeAt(11) - 48, h1 = s.charCodeAt(12) - 48, mi0 = s.charCodeAt(14) - 48, mi1 = s.charCodeAt(15) - 48;
  const s0 = s.charCodeAt(17) - 48, s1 = s.charCodeAt(18) - 48;
  // (x >>> 0) > 9 is true for any non-digit, negative or not.
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (mo0 >>> 0) > 9 || (mo1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return false;
  if ((h0 >>> 0) > 9 || (h1 >>> 0) > 9 || (mi0 >>> 0) > 9 || (mi1 >>> 0) > 9 || (s0 >>> 0) > 9 || (s1 >>> 0) > 9) return false;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  let frac = 0;
  if (n > 20) {
    if (s.charCodeAt(19) !== 46 || n === 21) return false;
    let digits = 0;
    for (let i = 20; i < n - 1; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return false;
      frac = frac * 10 + c;
      digits++;
    }
    for (; digits < 7; digits++) frac *= 10;
  }
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  if (day > 28 && day > daysInMonth(year, month)) return false;
  ISO_PARTS.seconds = (dayNumber(year, month, day) * 24 + hour) * 3600 + minute * 60 + second;
  ISO_PARTS.ticks = frac;
  return true;
}

/** daysFromCivil with a one-entry memo: log timestamps come in runs of the same day. */
let memoDate = -1;
let memoDays = 0;
function dayNumber(year: number, month: number, day: number): number {
  const key = (year * 16 + month) * 32 + day;
  if (key !== memoDate) {
    memoDays = daysFromCivil(year, month, day);
    memoDate = key;
  }
  return memoDays;
}

/** `YYYY-MM-DDTHH:MM:SS.fffffffZ` with each field in its range (year 1 on; the day checked against the month separately). */
const CANONICAL_ISO_RE = /^(?!0000)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{7}Z$/;

/**
 * Whether `s` is a valid datetime in the exact form formatDateTime writes (`YYYY-MM-DDTHH:MM:SS.fffffffZ`,
 * 28 characters). Such texts order as strings exactly as their instants do, so a comparison with another
 * canonical text needs no parsing at all.
 */
export function isCanonicalIso(s: string): boolean {
  // One regex test instead of a charCodeAt loop: V8 runs it over the string's flat contents, while
  // charCodeAt on a concatenated (cons) string, as code that builds timestamps makes, goes through a
  // slow path per character; the regex is faster on flat strings too.
  if (s.length !== 28 || !CANONICAL_ISO_RE.test(s)) return false;
  const day = (s.charCodeAt(8) - 48) * 10 + (s.charCodeAt(9) - 48);
  if (day <= 28) return true;
  const year = (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + (s.charCodeAt(3) - 48);
  return day <= daysInMonth(year, (s.charCodeAt(5) - 48) * 10 + (s.charCodeAt(6) - 48));
}

/**
 * A guid in the form parseGuid returns (`8-4-4-4-12` lowercase hex digits), the form logs carry: such a
 * text needs no capture groups and no new string. A regex test, like isCanonicalIso, for the same reason.
 */
const CANONICAL_GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The hot path of parseDateTime: the fast form, or undefined for another form. */
function parseIsoUtcFast(s: string): bigint | null | undefined {
  if (!isoUtcParts(s)) return undefined;
  return partsToTicks(ISO_PARTS.seconds, ISO_PARTS.ticks);
}

/** ISO 8601 UTC with all seven fractional digits, as Kusto prints datetimes: `2024-01-02T03:04:05.1234567Z`. */
export function formatDateTime(ticks: bigint): string {
  const { quotient: days, rest } = floorDivMod(ticks, TICKS_PER_DAY);
  const { year, month, day } = civilFromDays(Number(days));
  const r = Number(rest);
  const frac = r % 10_000_000;
  const secs = (r - frac) / 10_000_000;
  const hh = Math.floor(secs / 3600);
  const mm = Math.floor((secs % 3600) / 60);
  const ss = secs % 60;
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}T${pad2(hh)}:${pad2(mm)}:${pad2(ss)}.${String(frac).padStart(7, "0")}Z`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** A JS Date as ticks (a Date has millisecond precision). */
export function dateToTicks(date: Date): bigint | null {
  const ms = date.getTime();
  return Number.isNaN(ms) ? null : BigInt(ms) * TICKS_PER_MS;
}


// ---------------------------------------------------------------------------------------------------
// timespan

const UNIT_TICKS: Record<string, number> = {
  d: 864e9,
  day: 864e9,
  days: 864e9,
  h: 36e9,
  hr: 36e9,
  hrs: 36e9,
  hour: 36e9,
  hours: 36e9,
  m: 6e8,
  min: 6e8,
  minute: 6e8,
  minutes: 6e8,
  s: 1e7,
  sec: 1e7,
  second: 1e7,
  seconds: 1e7,
  ms: 1e4,
  milli: 1e4,
  millis: 1e4,
  millisec: 1e4,
  millisecond: 1e4,
  milliseconds: 1e4,
  microsecond: 10,
  microseconds: 10,
  tick: 1,
  ticks: 1,
};

/** Ticks of a timespan literal's number and unit (`2.5` and `d`), or undefined for an unknown unit. */
export function timespanFromUnit(amount: number, unit: string): bigint | undefined {
  const per = UNIT_TICKS[unit.toLowerCase()];
  if (per === undefined) return undefined;
  return BigInt(Math.round(amount * per));
}

export function isTimespanUnit(unit: string): boolean {
  return UNIT_TICKS[unit.toLowerCase()] !== undefined;
}

const TIMESPAN_TEXT_RE = /^\s*(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7})\d*)?)?\s*$/;
const TIMESPAN_UNIT_RE = /^\s*(-)?(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i;

/** Parses `[-][d.]hh:mm[:ss[.fffffff]]`, `2d`, `1.5h`, `100ms`; null when it is not a timespan. */
export function parseTimespan(text: string): bigint | null {
  let m = TIMESPAN_TEXT_RE.exec(text);
  if (m) {
    const [, neg, d, h, mi, s, f] = m;
    if (+h! > 23 || +mi! > 59 || +(s ?? 0) > 59) return null;
    const ticks =
      BigInt(d ?? 0) * TICKS_PER_DAY +
      BigInt(h!) * TICKS_PER_HOUR +
      BigInt(mi!) * TICKS_PER_MINUTE +
      BigInt(s ?? 0) * TICKS_PER_SECOND +
      BigInt(f ? fractionTicks(f) : 0);
    return neg ? -ticks : ticks;
  }
  m = TIMESPAN_UNIT_RE.exec(text);
  if (m) {
    const t = timespanFromUnit(Number(m[2]), m[3]!);
    if (t === undefined) return null;
    return m[1] ? -t : t;
  }
  return null;
}

/** Kusto's timespan text: `[-][d.]hh:mm:ss[.fffffff]` (the fraction only when non-zero). */
export function formatTimespan(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const days = t / TICKS_PER_DAY;
  t %= TICKS_PER_DAY;
  const hours = Number(t / TICKS_PER_HOUR);
  t %= TICKS_PER_HOUR;
  const minutes = Number(t / TICKS_PER_MINUTE);
  t %= TICKS_PER_MINUTE;
  const seconds = Number(t / TICKS_PER_SECOND);
  const frac = Number(t % TICKS_PER_SECOND);
  return `${neg ? "-" : ""}${days > 0n ? `${days}.` : ""}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}${frac ? `.${String(frac).padStart(7, "0")}` : ""}`;
}

// ---------------------------------------------------------------------------------------------------
// guid

const GUID_RE = /^\s*[{(]?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})[})]?\s*$/i;

export function parseGuid(text: string): string | null {
  if (CANONICAL_GUID_RE.test(text)) return text;
  const m = GUID_RE.exec(text);
  return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}-${m[5]}`.toLowerCase() : null;
}

// ---------------------------------------------------------------------------------------------------
// dynamic

/** An empty property bag with no prototype, so keys like `__proto__` are ordinary keys. */
export function newBag(): { [key: string]: DynamicValue } {
  return Object.create(null) as { [key: string]: DynamicValue };
}

export function isBag(v: unknown): v is { [key: string]: DynamicValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parses JSON text into a dynamic value with prototype-free bags; invalid JSON gives `otherwise`: null, as in
 * Kusto's dynamic columns and todynamic, or the text itself where a function keeps text that is not JSON.
 */
export function parseJsonDynamic(text: string, otherwise: DynamicValue = null): DynamicValue {
  try {
    return fromParsedJson(JSON.parse(text) as unknown);
  } catch {
    return otherwise;
  }
}

/**
 * What `JSON.parse` returned, made a dynamic value in place, as toDynamic would copy it: every object loses its
 * prototype (so `__proto__` and `constructor` keys stay data) and a number too large for a double (`1e999`
 * parses as Infinity) becomes its text. The parse made every object and array, so nothing else holds them:
 * copying each into a prototype-free bag, which V8 keeps as a slow dictionary, was half of `parse_json`'s
 * time over the JSON itself; `Object.setPrototypeOf` keeps the parsed object's fast layout.
 */
export function fromParsedJson(v: unknown, depth = 0): DynamicValue {
  if (typeof v === "number") return dynamicNumber(v);
  if (v === null || typeof v !== "object") return v as DynamicValue;
  if (depth >= MAX_DYNAMIC_DEPTH) throw tooDeep();
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (changesAsDynamic(v[i])) v[i] = fromParsedJson(v[i], depth + 1);
    return v as DynamicValue[];
  }
  Object.setPrototypeOf(v, null);
  const bag = v as Record<string, unknown>;
  for (const key in bag) if (changesAsDynamic(bag[key])) bag[key] = fromParsedJson(bag[key], depth + 1);
  return bag as { [key: string]: DynamicValue };
}

/** Whether a parsed value needs fromParsedJson: an array or object, or a number that is not finite. */
function changesAsDynamic(v: unknown): boolean {
  return (typeof v === "object" && v !== null) || (typeof v === "number" && !Number.isFinite(v));
}

/** A number as a dynamic value: one that is not finite (JSON has none) is its text, as `"Infinity"`. */
function dynamicNumber(n: number): DynamicValue {
  return Number.isFinite(n) ? n : String(n);
}

function tooDeep(): KqlError {
  return new KqlError({ code: "KQL_DATA", message: `a dynamic value is nested more than ${MAX_DYNAMIC_DEPTH} levels deep (or is cyclic)` });
}

/** Deeper arrays and bags than this are refused, so a cyclic or hostile value cannot exhaust the stack. */
export const MAX_DYNAMIC_DEPTH = 512;

/**
 * Any JS value from a caller's row as a dynamic value: arrays and objects are copied into prototype-free
 * form (so `__proto__` keys stay data), Dates become ISO strings, bigints become numbers.
 */
export function toDynamic(v: unknown, depth = 0): DynamicValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "boolean":
    case "string":
      return v;
    case "number":
      return dynamicNumber(v);
    case "bigint":
      return Number(v);
    case "object": {
      if (depth >= MAX_DYNAMIC_DEPTH) throw tooDeep();
      if (Array.isArray(v)) return v.map((e) => toDynamic(e, depth + 1));
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : formatDateTime(BigInt(v.getTime()) * TICKS_PER_MS);
      const bag = newBag();
      for (const key of Object.keys(v)) bag[key] = toDynamic((v as Record<string, unknown>)[key], depth + 1);
      return bag;
    }
    default:
      return null;
  }
}

/** Dynamic as compact JSON text, the way Kusto prints it (`tostring(dynamic)`). */
export function dynamicToJson(v: DynamicValue): string {
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------------
// Cross-type helpers

/** The text of a value as `tostring()` gives it; null becomes "". */
export function valueToString(v: Value, type: ScalarType): string {
  if (v === null || v === undefined) return "";
  switch (type) {
    case "string":
      return v as string;
    case "datetime":
      return formatDateTime(v as bigint);
    case "timespan":
      return formatTimespan(v as bigint);
    case "bool":
      return v ? "true" : "false";
    case "real":
    case "decimal":
      return formatReal(v as number);
    case "dynamic":
      return typeof v === "string" ? v : dynamicToJson(v as DynamicValue);
    default:
      return String(v);
  }
}

/** Reals print like .NET's round-trip format: `1.5`, `NaN`, `Infinity`, `-Infinity`, `1E+20`. */
export function formatReal(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  const s = String(n);
  return s.includes("e") ? s.replace("e", "E") : s;
}

/**
 * A key for hashing (join keys, group-by keys, distinct, dcount): values of one type that Kusto treats as
 * equal give equal keys. Strings, numbers, booleans and bigints are distinct types in JS, so a Map keyed by
 * them never confuses `1` and `"1"`; dynamic values are keyed by their JSON text with a prefix.
 */
export function hashKey(v: Value): unknown {
  if (v === null || typeof v !== "object") return v;
  return `\u0000json:${JSON.stringify(v)}`;
}

/**
 * Kusto's ordering of two non-null values of one type: numbers, bigints (datetime, timespan), strings
 * (ordinal), bools (false first); dynamic values by their JSON text. Used by sort, min/max and arg_max.
 */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
