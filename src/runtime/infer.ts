/**
 * Schemas inferred from the caller's rows, for tables nobody described. Reads up to SAMPLE_ROWS rows:
 * booleans -> bool, whole numbers -> long, other numbers -> real, objects and arrays -> dynamic,
 * Dates and ISO-8601 datetime strings -> datetime, other strings -> string. A column whose samples mix
 * kinds is string (or dynamic when one of them is an object). `TimeGenerated` is always datetime.
 */
import type { ColumnSchema, ScalarType } from "../types.js";

export const SAMPLE_ROWS = 10_000;

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

type Kind = "bool" | "long" | "real" | "string" | "datetime" | "dynamic";

function kindOf(v: unknown): Kind | undefined {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(v) ? "long" : "real";
    case "bigint":
      return "long";
    case "string":
      if (v === "") return undefined;
      return ISO_DATETIME.test(v) ? "datetime" : "string";
    case "object":
      return v instanceof Date ? "datetime" : "dynamic";
    default:
      return "string";
  }
}

function merge(a: Kind | undefined, b: Kind): Kind {
  if (a === undefined || a === b) return b;
  if ((a === "long" && b === "real") || (a === "real" && b === "long")) return "real";
  if (a === "dynamic" || b === "dynamic") return "dynamic";
  return "string";
}

export function inferSchema(rows: readonly Record<string, unknown>[]): ColumnSchema[] {
  const kinds = new Map<string, Kind | undefined>();
  const n = Math.min(rows.length, SAMPLE_ROWS);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (typeof row !== "object" || row === null) continue;
    for (const key of Object.keys(row)) {
      const k = kindOf(row[key]);
      const prev = kinds.get(key);
      kinds.set(key, k === undefined ? prev : merge(prev, k));
    }
  }
  return [...kinds].map(([name, kind]) => ({ name, type: name === "TimeGenerated" ? "datetime" : ((kind ?? "string") as ScalarType) }));
}

const inferred = new WeakMap<readonly Record<string, unknown>[], { length: number; schema: ColumnSchema[] }>();

/**
 * inferSchema, remembered per rows array (and its length): tests and CI replay many rules over the same
 * fixture tables, and sampling 10,000 wide rows each time would cost more than running most rules.
 */
export function inferSchemaCached(rows: readonly Record<string, unknown>[]): ColumnSchema[] {
  const hit = inferred.get(rows);
  if (hit && hit.length === rows.length) return hit.schema;
  const schema = inferSchema(rows);
  inferred.set(rows, { length: rows.length, schema });
  return schema;
}
