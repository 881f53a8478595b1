/**
 * Reading the caller's row fields as typed KQL values. Callers hold logs as plain objects: datetimes as
 * ISO-8601 strings or Dates, dynamic columns as objects or as JSON text (as exports write them), numbers
 * sometimes as numeric strings (CSV). Each type gets one reader that coerces what Kusto's ingestion would
 * coerce and rejects the rest with an error naming the table, row and column.
 */
import { KqlError } from "../errors.js";
import type { ScalarType } from "../types.js";
import type { FieldReader } from "./table.js";
import { dateToTicks, parseDateTime, parseGuid, parseJsonDynamic, parseTimespan, TICKS_PER_MS, toDynamic, type Value } from "./values.js";

/** A short, never-throwing display of a caller's value (it may be cyclic, a Symbol or a hostile object). */
function show(raw: unknown): string {
  try {
    return (typeof raw === "object" ? String(JSON.stringify(raw)) : String(raw)).slice(0, 60);
  } catch {
    return Object.prototype.toString.call(raw);
  }
}

function reject(table: string, column: string, type: ScalarType, raw: unknown, row: number): never {
  throw new KqlError({
    code: "KQL_DATA",
    message: `table '${table}', row ${row + 1}, column '${column}': cannot read ${typeof raw} ${show(raw)} as ${type}`,
  });
}

/** A reader whose data errors (a too-deep or cyclic dynamic value) name the table, row and column. */
function naming(table: string, column: string, read: FieldReader): FieldReader {
  return (raw, row) => {
    try {
      return read(raw, row);
    } catch (e) {
      if (e instanceof KqlError && !e.detail.startsWith("table '")) {
        throw new KqlError({ code: e.code, message: `table '${table}', row ${row + 1}, column '${column}': ${e.detail}` });
      }
      throw e;
    }
  };
}

const NUMERIC_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

function readNumber(raw: unknown): number | null | undefined {
  if (typeof raw === "number") return raw;
  if (typeof raw === "bigint") return Number(raw);
  if (typeof raw === "string") {
    if (raw.trim() === "") return null;
    if (NUMERIC_TEXT.test(raw)) return Number(raw);
    const lower = raw.trim().toLowerCase();
    if (lower === "nan") return NaN;
    if (lower === "infinity" || lower === "+infinity") return Infinity;
    if (lower === "-infinity") return -Infinity;
    return undefined;
  }
  if (typeof raw === "boolean") return raw ? 1 : 0;
  return undefined;
}

/** The reader for one column of a caller's table. */
export function fieldReader(type: ScalarType, table: string, column: string): FieldReader {
  switch (type) {
    case "string": {
      const objectText = naming(table, column, (raw) => JSON.stringify(toDynamic(raw)));
      return (raw, row) => {
        if (typeof raw === "string") return raw;
        if (raw === null || raw === undefined) return "";
        if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? "" : raw.toISOString();
        if (typeof raw === "object") return objectText(raw, row);
        return String(raw);
      };
    }
    case "datetime":
      return (raw, row) => {
        if (typeof raw === "string") return raw === "" ? null : parseDateTime(raw);
        if (raw === null || raw === undefined) return null;
        if (raw instanceof Date) return dateToTicks(raw);
        return reject(table, column, type, raw, row);
      };
    case "timespan":
      return (raw, row) => {
        if (typeof raw === "string") return raw === "" ? null : parseTimespan(raw);
        if (raw === null || raw === undefined) return null;
        if (typeof raw === "bigint") return raw;
        if (typeof raw === "number" && Number.isFinite(raw)) return BigInt(Math.round(raw)) * TICKS_PER_MS;
        return reject(table, column, type, raw, row);
      };
    case "bool":
      return (raw, row) => {
        if (typeof raw === "boolean") return raw;
        if (raw === null || raw === undefined || raw === "") return null;
        if (typeof raw === "number") return raw !== 0;
        if (typeof raw === "bigint") return raw !== 0n;
        if (typeof raw === "string") {
          const lower = raw.trim().toLowerCase();
          if (lower === "true" || lower === "1") return true;
          if (lower === "false" || lower === "0") return false;
        }
        return reject(table, column, type, raw, row);
      };
    case "int":
    case "long":
      return (raw, row) => {
        if (raw === null || raw === undefined) return null;
        const n = readNumber(raw);
        if (n === undefined) return reject(table, column, type, raw, row);
        return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
      };
    case "real":
    case "decimal":
      return (raw, row) => {
        if (raw === null || raw === undefined) return null;
        const n = readNumber(raw);
        if (n === undefined) return reject(table, column, type, raw, row);
        return n;
      };
    case "guid":
      return (raw, row) => {
        if (raw === null || raw === undefined || raw === "") return null;
        if (typeof raw === "string") return parseGuid(raw);
        return reject(table, column, type, raw, row);
      };
    case "dynamic":
      return naming(table, column, (raw) => readDynamic(raw));
  }
}

/** JSON text in a dynamic column is parsed (invalid JSON is null, as in Kusto); other strings stay strings. */
function readDynamic(raw: unknown): Value {
  if (typeof raw === "string") {
    const t = raw.trimStart();
    const c = t.charCodeAt(0);
    if (c === 123 /* { */ || c === 91 /* [ */) return parseJsonDynamic(raw);
    return raw;
  }
  return toDynamic(raw);
}
