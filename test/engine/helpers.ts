import { runQuerySync } from "../../src/api.js";
import type { InputTables, QueryResult, RunOptions } from "../../src/api-types.js";

export const NOW = "2026-11-28T12:00:00Z";

/** Runs a query with `now` pinned and returns the result. */
export function run(query: string, tables: InputTables = {}, options: RunOptions = {}): QueryResult {
  return runQuerySync(query, tables, { now: NOW, ...options });
}

/** The result rows as arrays, in column order. */
export function rowsOf(result: QueryResult): unknown[][] {
  return result.rows.map((r) => result.columns.map((c) => r[c.name]));
}

/** `name:type` per column, the way golden tests print a header. */
export function header(result: QueryResult): string[] {
  return result.columns.map((c) => `${c.name}:${c.type}`);
}

/** The single value of a one-row, one-column result (`print x`). */
export function scalar(query: string, tables: InputTables = {}): unknown {
  const r = run(query, tables);
  expect(r.rows).toHaveLength(1);
  return r.rows[0]![r.columns[0]!.name];
}
