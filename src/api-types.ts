/** The public types of runQuery and friends. */
import type { ColumnSchema, ScalarType } from "./types.js";

/** A caller's row: a plain object keyed by column name. Datetimes as ISO-8601 strings or Dates. */
export type InputRow = Record<string, unknown>;

/** Table name -> rows. */
export type InputTables = Record<string, readonly InputRow[]>;

/** Table name -> columns with KQL type names (`string`, `datetime`, `long`, ... and their aliases). */
export type SchemaMap = Record<string, readonly { name: string; type: string }[]>;

export interface RunOptions {
  /** The instant `now()` and `ago()` use for the whole query; defaults to the current time. */
  now?: Date | string;
  /** Table schemas; tables without one are typed from their rows, or from the package's built-in schemas. */
  schemas?: SchemaMap;
}

/** A result value: bool, number, string, null, or a JSON-like dynamic value. Datetimes come as ISO strings with 7 fractional digits, timespans as `[d.]hh:mm:ss[.fffffff]`. */
export type ResultValue = null | boolean | number | string | ResultValue[] | { [key: string]: ResultValue };

export type ResultRow = Record<string, ResultValue>;

export interface QueryResult {
  columns: { name: string; type: ScalarType }[];
  rows: ResultRow[];
}

export type { ColumnSchema, ScalarType };
