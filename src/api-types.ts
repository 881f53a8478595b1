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
  /**
   * Schema files or folders to read (any form docs/schemas.md lists: `{Table: [{name, type}]}`, the
   * `{tables: {...}}` catalogue, Sentinel CustomTables files, getschema output). `schemas` wins over them.
   */
  schemaFiles?: readonly string[];
  /**
   * Rows the result may have (default 500000, Kusto's result-set limit): more are cut off and
   * `warnings` says so. 0 returns no rows; Infinity lifts the limit.
   */
  maxResultRows?: number;
  /** Rows any one operator may produce, a join's pairs included (default 50000000); more fail with KQL_LIMIT. */
  maxIntermediateRows?: number;
  /** Rows one `mv-expand` may produce (default 10000000); more fail with KQL_LIMIT. */
  maxMvExpandRows?: number;
  /** Rows one `range` may produce (default 10000000); more fail with KQL_LIMIT. */
  maxRangeRows?: number;
  /** Wall-clock budget of the run in milliseconds (default none); checked inside long loops, fails with KQL_TIMEOUT. */
  timeoutMs?: number;
  /**
   * Cancels the run: checked between operators and every few thousand rows inside them, fails with
   * KQL_CANCELLED. `runQuery` yields to the event loop between operators, so timers and other tasks can abort it.
   */
  signal?: AbortSignal;
}

/** A result value: bool, number, string, null, or a JSON-like dynamic value. Datetimes come as ISO strings with 7 fractional digits, timespans as `[d.]hh:mm:ss[.fffffff]`. */
export type ResultValue = null | boolean | number | string | ResultValue[] | { [key: string]: ResultValue };

export type ResultRow = Record<string, ResultValue>;

export interface QueryResult {
  columns: { name: string; type: ScalarType }[];
  rows: ResultRow[];
  /** Things the caller should know that did not fail the query, e.g. the result cut at `maxResultRows` (runQuery always sets it). */
  warnings?: string[];
}

export type { ColumnSchema, ScalarType };
