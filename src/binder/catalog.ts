/**
 * The tables a query can name: the caller's schemas first, then the package's built-in schemas (with
 * any extra columns the caller's rows carry), then schemas inferred from the rows.
 */
import type { InputTables, SchemaMap } from "../api-types.js";
import { KqlError } from "../errors.js";
import { inferSchema } from "../runtime/infer.js";
import { BUILTIN_SCHEMAS } from "../sentinel/builtin-schemas.js";
import { scalarTypeFromName, type ColumnSchema } from "../types.js";
import type { TableCatalog } from "./binder.js";

export function buildCatalog(tables: InputTables, schemas: SchemaMap | undefined): TableCatalog {
  const resolved = new Map<string, ColumnSchema[]>();
  for (const [name, columns] of Object.entries(schemas ?? {})) {
    resolved.set(
      name,
      columns.map((c) => {
        const type = scalarTypeFromName(c.type);
        if (!type) throw new KqlError({ code: "KQL_SCHEMA", message: `schema of table '${name}': column '${c.name}' has unknown type '${c.type}'` });
        return { name: c.name, type };
      }),
    );
  }
  const lazy = new Map<string, ColumnSchema[]>();
  const schemaOf = (name: string): ColumnSchema[] | undefined => {
    const explicit = resolved.get(name);
    if (explicit) return explicit;
    const cached = lazy.get(name);
    if (cached) return cached;
    const rows = Object.prototype.hasOwnProperty.call(tables, name) ? tables[name] : undefined;
    const builtin = Object.prototype.hasOwnProperty.call(BUILTIN_SCHEMAS, name) ? BUILTIN_SCHEMAS[name] : undefined;
    let schema: ColumnSchema[] | undefined;
    if (builtin) {
      const known = new Set(builtin.map((c) => c.name));
      const extra = rows ? inferSchema(rows).filter((c) => !known.has(c.name)) : [];
      schema = [...builtin, ...extra];
    } else if (rows) {
      schema = inferSchema(rows);
    }
    if (schema) lazy.set(name, schema);
    return schema;
  };
  return {
    schemaOf,
    names: () => [...new Set([...resolved.keys(), ...Object.keys(tables), ...Object.keys(BUILTIN_SCHEMAS)])],
  };
}
