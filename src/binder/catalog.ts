/**
 * The tables a query can name: the caller's schemas first, then the package's built-in schemas (with
 * any extra columns the caller's rows carry), then schemas inferred from the rows.
 */
import type { InputTables, SchemaMap } from "../api-types.js";
import { describeValue } from "../describe-value.js";
import { KqlError } from "../errors.js";
import { inferSchemaCached } from "../runtime/infer.js";
import { BUILTIN_SCHEMAS } from "../sentinel/builtin-schemas.js";
import { scalarTypeFromName, type ColumnSchema } from "../types.js";
import type { TableCatalog } from "./binder.js";

/**
 * A built-in schema followed by the columns the caller's rows add to it, kept per inferred schema (which
 * infer.ts keeps per rows array): the same tables queried again reuse it instead of a set of the built-in
 * names and a copy per call (AzureDiagnostics has 250 columns). The binder copies what it takes.
 */
const merged = new WeakMap<ColumnSchema[], Map<string, ColumnSchema[]>>();

function withExtraColumns(name: string, builtin: ColumnSchema[], inferred: ColumnSchema[]): ColumnSchema[] {
  let byTable = merged.get(inferred);
  if (!byTable) merged.set(inferred, (byTable = new Map()));
  let schema = byTable.get(name);
  if (!schema) {
    const known = new Set(builtin.map((c) => c.name));
    schema = [...builtin, ...inferred.filter((c) => !known.has(c.name))];
    byTable.set(name, schema);
  }
  return schema;
}

/**
 * The caller's rows of table `name`: undefined when the caller gave none (absent or null), a KQL_DATA error
 * when what the caller gave is not an array. The catalog reads it to type the table, the executor to run it.
 */
export function callerRows(tables: InputTables, name: string): InputTables[string] | undefined {
  const rows: unknown = Object.prototype.hasOwnProperty.call(tables, name) ? tables[name] : undefined;
  if (rows === undefined || rows === null) return undefined;
  if (!Array.isArray(rows)) throw new KqlError({ code: "KQL_DATA", message: `table '${name}' must be an array of row objects` });
  return rows as InputTables[string];
}

export function buildCatalog(tables: InputTables, schemas: SchemaMap | undefined): TableCatalog {
  const explicitSchemas = schemas ?? {};
  // Resolved on first use: callers often pass hundreds of table schemas and a query names a few.
  const resolveExplicit = (name: string): ColumnSchema[] | undefined => {
    if (!Object.prototype.hasOwnProperty.call(explicitSchemas, name)) return undefined;
    // The options come from JavaScript too, untyped: a schema of another shape is the caller's error, named.
    const columns: unknown = explicitSchemas[name];
    if (!Array.isArray(columns)) {
      throw new KqlError({ code: "KQL_SCHEMA", message: `schema of table '${name}': expected a list of { name, type } columns, got ${describeValue(columns)}` });
    }
    return columns.map((c: unknown, at) => {
      if (typeof c !== "object" || c === null || typeof (c as { name?: unknown }).name !== "string" || typeof (c as { type?: unknown }).type !== "string") {
        throw new KqlError({ code: "KQL_SCHEMA", message: `schema of table '${name}': column ${at + 1} is not a { name, type } pair of strings: ${describeValue(c)}` });
      }
      const { name: columnName, type: typeName } = c as { name: string; type: string };
      const type = scalarTypeFromName(typeName);
      if (!type) throw new KqlError({ code: "KQL_SCHEMA", message: `schema of table '${name}': column '${columnName}' has unknown type '${typeName}'` });
      return { name: columnName, type };
    });
  };
  const lazy = new Map<string, ColumnSchema[]>();
  const schemaOf = (name: string): ColumnSchema[] | undefined => {
    const cached = lazy.get(name);
    if (cached) return cached;
    const explicit = resolveExplicit(name);
    if (explicit) {
      lazy.set(name, explicit);
      return explicit;
    }
    const rows = callerRows(tables, name);
    const builtin = Object.prototype.hasOwnProperty.call(BUILTIN_SCHEMAS, name) ? BUILTIN_SCHEMAS[name] : undefined;
    let schema: ColumnSchema[] | undefined;
    if (builtin) {
      schema = rows ? withExtraColumns(name, builtin, inferSchemaCached(rows)) : builtin;
    } else if (rows) {
      schema = inferSchemaCached(rows);
    }
    if (schema) lazy.set(name, schema);
    return schema;
  };
  return {
    schemaOf,
    names: () => [...new Set([...Object.keys(explicitSchemas), ...Object.keys(tables), ...Object.keys(BUILTIN_SCHEMAS)])],
  };
}
