/**
 * Result rows: a table's columns turned into the plain objects `runQuery` returns, one per row, keyed by
 * column name, with datetimes and timespans in Kusto's text forms.
 */
import type { QueryResult, ResultRow, ResultValue } from "./api-types.js";
import { RowObjectColumn, type Column, type Table } from "./runtime/table.js";
import { formatDateTime, formatTimespan, isCanonicalIso, type Value } from "./runtime/values.js";
import type { ScalarType } from "./types.js";
import { RecentCache } from "./recent-cache.js";
import { CompiledCode, holdCompiledCode } from "./runtime/compiled-code.js";

/** A value as the result rows carry it: datetimes and timespans as Kusto's text forms. */
export function toResultValue(v: Value, type: ScalarType): ResultValue {
  if (v === null || v === undefined) return type === "string" ? "" : null;
  if (type === "datetime") return formatDateTime(v as bigint);
  if (type === "timespan") return formatTimespan(v as bigint);
  return v as ResultValue;
}

/**
 * How one column's values reach the result rows. A datetime the caller's row already holds in Kusto's
 * own text form is passed through as it is: parsing it and printing it back gives the same text.
 */
function resultReader(column: Column, type: ScalarType): (row: number) => ResultValue {
  if (type === "datetime" && column instanceof RowObjectColumn) {
    const rawAt = column.rawReader();
    return (i) => {
      const raw = rawAt(i);
      return typeof raw === "string" && isCanonicalIso(raw) ? raw : toResultValue(column.get(i), type);
    };
  }
  const read = column.reader();
  return (i) => toResultValue(read(i), type);
}

/**
 * A table as result rows keyed by column name (objects without a prototype, so any column name is safe),
 * cut at `maxResultRows` with a warning, as Kusto's result-set limit does. Row by row: a row's fields
 * are read while its object is in the cache (reading a block column by column measured slower).
 */
export function materialize(table: Table, maxResultRows = Infinity): QueryResult {
  const columns = table.schema.map((c) => ({ name: c.name, type: c.type }));
  const warnings: string[] = [];
  const length = Math.min(table.length, maxResultRows);
  if (length < table.length) {
    warnings.push(`the result was truncated to ${length} of ${table.length} rows (maxResultRows); add a take or summarize, or raise maxResultRows`);
  }
  const names = columns.map((c) => c.name);
  // A column the result holds twice (`extend timestamp = KeyVaultEvents_TimeGenerated`) is one Column: its
  // value is read (and a datetime's text checked) once per row and copied.
  const readColumns: number[] = [];
  const copyTo: string[] = [];
  const copyFrom: string[] = [];
  const firstOf = new Map<Column, number>();
  table.columns.forEach((column, c) => {
    const first = firstOf.get(column);
    if (first !== undefined && columns[c]!.type === columns[first]!.type) {
      copyTo.push(names[c]!);
      copyFrom.push(names[first]!);
      return;
    }
    if (first === undefined) firstOf.set(column, c);
    readColumns.push(c);
  });
  // The readers are held for a moment after the rows are made, like a query's own closures (compiled-code.ts).
  const code = new CompiledCode();
  const readers = readColumns.map((c) => code.keep(resultReader(table.columns[c]!, columns[c]!.type)));
  const readNames = readColumns.map((c) => names[c]!);
  const readCount = readers.length;
  const copyCount = copyTo.length;
  const newRow = rowMaker(names);
  const rows: ResultRow[] = new Array(length);
  for (let i = 0; i < length; i++) {
    const row = newRow.start();
    for (let k = 0; k < readCount; k++) row[readNames[k]!] = readers[k]!(i);
    for (let k = 0; k < copyCount; k++) row[copyTo[k]!] = row[copyFrom[k]!]!;
    rows[i] = newRow.finish(row);
  }
  holdCompiledCode(code);
  return { columns, rows, warnings };
}

/**
 * How result rows start and end. An object without a prototype that gets its properties one by one is a
 * hash table in V8: slow to build and large (a 250-column AzureDiagnostics row took 12 KB). A row starts
 * instead as a copy of one template that already has every column as an own data property, so rows share
 * one compact shape, and the prototype is removed once the row is filled. JSON.parse makes the template
 * with `__proto__` as an ordinary own key; it is copied once more because V8 gives a parsed object of
 * more than about 120 keys the hash-table form, and a spread copy of that the compact one.
 */
function rowMaker(names: readonly string[]): { start(): ResultRow; finish(row: ResultRow): ResultRow } {
  const template = rowTemplate(names);
  return { start: () => ({ ...template }), finish: (row) => Object.setPrototypeOf(row, null) as ResultRow };
}

/**
 * The template by column names, for the last few schemas: a rule replayed again and again (its tests, a
 * warm `runQuery`) has the same result columns every time, and building the template through JSON was a
 * few per cent of a warm call. Templates are only ever copied, never changed.
 */
const templates = new RecentCache<ResultRow>(64);

function rowTemplate(names: readonly string[]): ResultRow {
  return templates.get(JSON.stringify(names), () => ({ ...(JSON.parse(JSON.stringify(Object.fromEntries(names.map((n) => [n, null])))) as ResultRow) }));
}
