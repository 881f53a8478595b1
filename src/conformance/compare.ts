/**
 * Compares a query result with an output table as the KQL reference pages print it: cells are the
 * page's text (`1,234`, `1.5E+20`, `True`, `2016-02-17 08:40:00.0000000`, `1.02:03:04`, JSON with
 * `<br>` line breaks, an empty cell for null), so each cell is read by the type of the result column.
 */
import type { QueryResult, ResultValue } from "../api-types.js";
import type { ScalarType } from "../types.js";

export interface Tolerance {
  rel: number;
  abs: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { rel: 1e-6, abs: 1e-9 };

/** A documented output table. */
export interface ExpectedTable {
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  ordered: boolean;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(s: string): string {
  return s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
    if (e.startsWith("#x") || e.startsWith("#X")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Strips markdown wrappers the pages put around cells: `code`, **bold**, *italic*. */
function unwrap(s: string): string {
  let t = s.trim();
  for (;;) {
    const m = /^(`+|\*\*|\*|__)([\s\S]*)\1$/.exec(t);
    if (!m || !m[2]!.trim()) return t;
    t = m[2]!.trim();
  }
}

/** The texts a documented cell may stand for, most literal first. */
export function cellVariants(cell: string): string[] {
  const out: string[] = [];
  const add = (v: string): void => {
    if (!out.includes(v)) out.push(v);
  };
  const raw = String(cell).trim();
  add(raw);
  const bare = unwrap(raw);
  add(bare);
  const lines = decodeEntities(bare.replace(/<br\s*\/?>/gi, "\n")).trim();
  add(lines);
  add(decodeEntities(bare.replace(/<br\s*\/?>/gi, "")).trim());
  const quoted = /^"([\s\S]*)"$/.exec(lines);
  if (quoted) add(quoted[1]!);
  return out;
}

const collapse = (s: string): string => s.replace(/\s+/g, " ").trim();

// ---------------------------------------------------------------------------------------------------
// Numbers

/** A number as a page prints it (`1,234.5`, `1.5E+20`, `NaN`, `∞`), or undefined. */
export function parseDocNumber(text: string): number | undefined {
  let t = text.trim();
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
  if (/^nan$/i.test(t)) return NaN;
  if (/^\+?(inf|infinity|∞)$/i.test(t)) return Infinity;
  if (/^-(inf|infinity|∞)$/i.test(t)) return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

export function numbersEqual(e: number, a: number, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  if (Number.isNaN(e) || Number.isNaN(a)) return Number.isNaN(e) && Number.isNaN(a);
  if (!Number.isFinite(e) || !Number.isFinite(a)) return e === a;
  return Math.abs(e - a) <= tol.abs + tol.rel * Math.max(Math.abs(e), Math.abs(a));
}

// ---------------------------------------------------------------------------------------------------
// datetime and timespan

const DT_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const TICKS_PER_MS = 10000n;

/** A datetime text in any of the pages' forms as 100 ns ticks since the epoch, or undefined. */
export function datetimeTicks(text: string): bigint | undefined {
  const m = DT_RE.exec(text.trim());
  if (!m) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(+m[1]!, +m[2]! - 1, +m[3]!);
  d.setUTCHours(+(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), 0);
  let ms = d.getTime();
  if (Number.isNaN(ms)) return undefined;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    ms -= sign * (+zone.slice(1, 3) * 60 + +zone.slice(-2)) * 60000;
  }
  const frac = BigInt(((m[7] ?? "") + "0000000").slice(0, 7));
  return BigInt(ms) * TICKS_PER_MS + frac;
}

const UNIT_TICKS: Record<string, bigint> = { d: 864000000000n, h: 36000000000n, m: 600000000n, s: 10000000n, ms: 10000n, micro: 10n, tick: 1n };

/** A timespan text (`[-][d.]hh:mm:ss[.fffffff]`, `d:hh:mm:ss`, `1.5h`, `30 seconds`) as ticks, or undefined. */
export function timespanTicks(text: string): bigint | undefined {
  const s = text.trim();
  let m = /^([-+])?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7})\d*)?)?$/.exec(s) ?? /^([-+])?(\d+):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7})\d*)?$/.exec(s);
  if (m) {
    const frac = BigInt(((m[6] ?? "") + "0000000").slice(0, 7));
    const t = BigInt(m[2] ?? 0) * UNIT_TICKS.d! + BigInt(m[3]!) * UNIT_TICKS.h! + BigInt(m[4]!) * UNIT_TICKS.m! + BigInt(m[5] ?? 0) * UNIT_TICKS.s! + frac;
    return m[1] === "-" ? -t : t;
  }
  m = /^([-+])?(\d+(?:\.\d+)?)\s*(d|days?|h|hrs?|hours?|m|min|minutes?|s|sec|seconds?|ms|milliseconds?|microseconds?|ticks?)$/i.exec(s);
  if (m) {
    const u = m[3]!.toLowerCase();
    const unit = u.startsWith("d") ? "d" : u.startsWith("h") ? "h" : u === "m" || u.startsWith("min") ? "m" : u === "ms" || u.startsWith("milli") ? "ms" : u.startsWith("micro") ? "micro" : u.startsWith("tick") ? "tick" : "s";
    const [ip, fp = ""] = m[2]!.split(".");
    const t = (BigInt(ip! + fp) * UNIT_TICKS[unit]!) / 10n ** BigInt(fp.length);
    return m[1] === "-" ? -t : t;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// dynamic

/** JSON as the pages write it: also single quotes, trailing commas, bare words, NaN. */
export function parseLooseJson(text: string): unknown {
  const s = text;
  let i = 0;
  const ws = (): void => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const str = (): string => {
    const q = s[i++];
    let out = "";
    while (i < s.length && s[i] !== q) {
      if (s[i] === "\\") {
        const n = s[i + 1]!;
        if (n === "u") {
          out += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        const esc: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" };
        out += esc[n] ?? n;
        i += 2;
        continue;
      }
      out += s[i++];
    }
    if (i >= s.length) throw new Error("unterminated string");
    i++;
    return out;
  };
  const value = (): unknown => {
    ws();
    const c = s[i];
    if (c === "{") {
      i++;
      const o: Record<string, unknown> = {};
      for (;;) {
        ws();
        if (s[i] === "}") {
          i++;
          return o;
        }
        let key: string;
        if (s[i] === '"' || s[i] === "'") key = str();
        else {
          const k = /^[^:\s,}]+/.exec(s.slice(i));
          if (!k) throw new Error("key expected");
          key = k[0];
          i += key.length;
        }
        ws();
        if (s[i] !== ":") throw new Error(": expected");
        i++;
        o[key] = value();
        ws();
        if (s[i] === ",") i++;
        else if (s[i] !== "}") throw new Error(", or } expected");
      }
    }
    if (c === "[") {
      i++;
      const a: unknown[] = [];
      for (;;) {
        ws();
        if (s[i] === "]") {
          i++;
          return a;
        }
        a.push(value());
        ws();
        if (s[i] === ",") i++;
        else if (s[i] !== "]") throw new Error(", or ] expected");
      }
    }
    if (c === '"' || c === "'") return str();
    const lit = /^(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|-?Infinity|NaN|true|false|null)(?=[\s,\]}]|$)/.exec(s.slice(i));
    if (lit) {
      i += lit[0].length;
      if (lit[0] === "true") return true;
      if (lit[0] === "false") return false;
      if (lit[0] === "null") return null;
      return Number(lit[0]);
    }
    const word = /^[^,\]}\n]+/.exec(s.slice(i));
    if (word && i > 0) {
      i += word[0].length;
      return word[0].trim();
    }
    throw new Error(`value expected at ${i}`);
  };
  const v = value();
  ws();
  if (i < s.length) throw new Error("trailing text");
  return v;
}

function tryJson(text: string): { ok: true; v: unknown } | { ok: false } {
  const t = text.trim();
  try {
    return { ok: true, v: JSON.parse(t) };
  } catch {
    if (!/^[[{]/.test(t)) return { ok: false };
  }
  try {
    return { ok: true, v: parseLooseJson(t) };
  } catch {
    return { ok: false };
  }
}

/** JSON deep equality with numeric tolerance; strings that are datetimes compare as instants. */
export function deepEqual(e: unknown, a: unknown, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  if (e === null || a === null || e === undefined || a === undefined) return (e ?? null) === (a ?? null);
  if (typeof e === "number" || typeof a === "number") return typeof e === "number" && typeof a === "number" && numbersEqual(e, a, tol);
  if (typeof e === "string" && typeof a === "string") {
    if (e === a || collapse(e) === collapse(a)) return true;
    const de = datetimeTicks(e);
    return de !== undefined && de === datetimeTicks(a);
  }
  if (typeof e === "boolean" || typeof a === "boolean") return e === a;
  if (Array.isArray(e) || Array.isArray(a)) {
    if (!Array.isArray(e) || !Array.isArray(a) || e.length !== a.length) return false;
    return e.every((x, k) => deepEqual(x, a[k], tol));
  }
  if (typeof e === "object" && typeof a === "object") {
    const eo = e as Record<string, unknown>;
    const ao = a as Record<string, unknown>;
    const ke = Object.keys(eo);
    if (ke.length !== Object.keys(ao).length) return false;
    return ke.every((k) => Object.prototype.hasOwnProperty.call(ao, k) && deepEqual(eo[k], ao[k], tol));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Cells, rows, tables

const isNullText = (v: string): boolean => v === "" || /^\(?null\)?$/i.test(v);

/** Whether the documented cell text stands for the actual value of a column of the given type. */
export function cellMatches(doc: string, actual: ResultValue | undefined, type: ScalarType, tol: Tolerance = DEFAULT_TOLERANCE): boolean {
  const vs = cellVariants(doc);
  if (actual === null || actual === undefined) return vs.some(isNullText);
  if (typeof actual === "string" && vs.includes(actual)) return true;
  switch (type) {
    case "bool":
      if (typeof actual !== "boolean") return false;
      return vs.some((v) => v.toLowerCase() === String(actual) || v === (actual ? "1" : "0"));
    case "int":
    case "long":
    case "real":
    case "decimal": {
      if (typeof actual !== "number") return false;
      return vs.some((v) => {
        const n = parseDocNumber(v);
        return n !== undefined && numbersEqual(n, actual, tol);
      });
    }
    case "datetime": {
      if (typeof actual !== "string") return false;
      const a = datetimeTicks(actual);
      return a !== undefined && vs.some((v) => datetimeTicks(v) === a);
    }
    case "timespan": {
      if (typeof actual !== "string") return false;
      const a = timespanTicks(actual);
      return a !== undefined && vs.some((v) => timespanTicks(v) === a);
    }
    case "guid":
      return vs.some((v) => v.toLowerCase() === String(actual).trim().toLowerCase());
    case "dynamic": {
      for (const v of vs) {
        const j = tryJson(v);
        if (j.ok && deepEqual(j.v, actual, tol)) return true;
        if (deepEqual(v, actual, tol)) return true;
      }
      const flat = (x: string): string => x.replace(/\s+/g, "");
      const text = typeof actual === "string" ? actual : JSON.stringify(actual);
      return vs.some((v) => flat(v) === flat(text));
    }
    default: {
      const a = String(actual);
      return vs.some((v) => v === a || collapse(v) === collapse(a));
    }
  }
}

function show(v: unknown, max = 100): string {
  const s = v === undefined ? "undefined" : JSON.stringify(v) ?? String(v);
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}

/** Index of the first cell that differs, -1 when the rows match. */
function rowMismatch(expected: readonly string[], actual: readonly (ResultValue | undefined)[], types: readonly ScalarType[], tol: Tolerance): number {
  if (expected.length !== actual.length) return 0;
  for (let k = 0; k < expected.length; k++) if (!cellMatches(expected[k]!, actual[k], types[k]!, tol)) return k;
  return -1;
}

type Cells = readonly (ResultValue | undefined)[];

/**
 * The result's rows as cells in the documented column order with their types, or why the two tables
 * cannot be compared cell by cell: other columns, or another number of rows.
 */
function alignRows(expected: ExpectedTable, result: QueryResult): { rows: Cells[]; types: ScalarType[] } | { columns: string[] } | { rowCount: number } {
  const names = result.columns.map((c) => c.name);
  if (names.length !== expected.columns.length || names.some((n, k) => n !== expected.columns[k])) return { columns: names };
  const rows = result.rows.map((r) => names.map((n) => r[n]));
  if (rows.length !== expected.rows.length) return { rowCount: rows.length };
  return { rows, types: result.columns.map((c) => c.type) };
}

/** For an unordered table: the result row equal to each documented row (-1 where none is left), each used once, in order. */
function matchRows(expected: ExpectedTable, rows: readonly Cells[], types: readonly ScalarType[], tol: Tolerance): number[] {
  const used = new Array<boolean>(rows.length).fill(false);
  return expected.rows.map((want) => {
    const found = rows.findIndex((row, q) => !used[q] && rowMismatch(want, row, types, tol) < 0);
    if (found >= 0) used[found] = true;
    return found;
  });
}

/** Null when the result matches the documented table, else a short reason. */
export function compareTable(expected: ExpectedTable, result: QueryResult, tol: Tolerance = DEFAULT_TOLERANCE): string | null {
  const aligned = alignRows(expected, result);
  if ("columns" in aligned) return `columns differ: expected ${show(expected.columns, 160)}, got ${show(aligned.columns, 160)}`;
  if ("rowCount" in aligned) return `row count differs: expected ${expected.rows.length}, got ${aligned.rowCount}`;
  const { rows, types } = aligned;
  if (expected.ordered) {
    for (let r = 0; r < rows.length; r++) {
      const k = rowMismatch(expected.rows[r]!, rows[r]!, types, tol);
      if (k >= 0) return `row ${r}, column ${expected.columns[k]}: expected ${show(expected.rows[r]![k])}, got ${show(rows[r]![k])}`;
    }
    return null;
  }
  const r = matchRows(expected, rows, types, tol).indexOf(-1);
  if (r < 0) return null;
  const k = rowMismatch(expected.rows[r]!, rows[r]!, types, tol);
  const detail = k >= 0 ? ` (same position, column ${expected.columns[k]}: expected ${show(expected.rows[r]![k])}, got ${show(rows[r]![k])})` : "";
  return `no row matches expected row ${r} ${show(expected.rows[r])}${detail}`;
}

/**
 * How a result differs from the documented table, reduced to its shape so that a known difference can be
 * recognised again without keeping any documented value: which columns differ and in how many rows.
 */
export type TableDiff =
  | { kind: "match" }
  | { kind: "columns" }
  | { kind: "row-count" }
  | { kind: "cells"; rows: number; columns: readonly string[] };

/**
 * The shape of the difference between a result and the documented table. Ordered tables compare row by
 * row; unordered ones first pair every documented row with an equal result row, then pair the documented
 * rows left over with the result rows left over, in order (not by position, as compareTable's detail does).
 */
export function tableDiff(expected: ExpectedTable, result: QueryResult, tol: Tolerance = DEFAULT_TOLERANCE): TableDiff {
  const aligned = alignRows(expected, result);
  if ("columns" in aligned) return { kind: "columns" };
  if ("rowCount" in aligned) return { kind: "row-count" };
  const { rows, types } = aligned;
  let pairs: [number, number][];
  if (expected.ordered) pairs = rows.map((_, r) => [r, r]);
  else {
    const matched = matchRows(expected, rows, types, tol);
    const unmatched = matched.flatMap((q, r) => (q < 0 ? [r] : []));
    const used = new Set(matched);
    const free = rows.map((_, q) => q).filter((q) => !used.has(q));
    pairs = unmatched.map((r, i) => [r, free[i]!]);
  }
  const columns = new Set<string>();
  let differing = 0;
  for (const [r, q] of pairs) {
    let any = false;
    for (let k = 0; k < expected.columns.length; k++) {
      if (!cellMatches(expected.rows[r]![k]!, rows[q]![k], types[k]!, tol)) {
        columns.add(expected.columns[k]!);
        any = true;
      }
    }
    if (any) differing++;
  }
  if (!differing) return { kind: "match" };
  return { kind: "cells", rows: differing, columns: expected.columns.filter((c) => columns.has(c)) };
}
