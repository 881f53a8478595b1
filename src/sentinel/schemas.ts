/**
 * Table schemas from files: the forms people have at hand when they want to replay a rule.
 *
 *   1. simple:      { "Table": [ { "name": "Col", "type": "string" }, ... ] }   (or { "Table": { "Col": "string" } })
 *   2. catalogue:   { "tables": { "Table": { "columns": [ { "name", "type" } ] } } }
 *   3. Sentinel KQL-validation file (Azure-Sentinel .script/tests/KqlvalidationsTests/CustomTables/*.json):
 *                   { "Name": "Table", "Properties": [ { "Name": "Col", "Type": "String" } ] }
 *                   (a folder of them: loadSchemaFolder; an array of them is accepted too)
 *   4. getschema output: [ { "ColumnName", "ColumnOrdinal", "DataType", "ColumnType" } ], the table named
 *                   after the file (`SigninLogs.json` -> SigninLogs), or wrapped as { "Table": [ ...rows ] }.
 *
 * Types may be KQL names (`string`, `long`, `real`, ...), .NET names (`System.String`, `Int32`, `Double`,
 * `Boolean`, `SByte`, `Guid`, `Object`) or the spellings the Sentinel files use (`DateTime`, `Dynamic`,
 * `Int`, `Integer`, `BigInt`, `Bool`, `Real`). Every problem is a KqlError with code `KQL_SCHEMA` that names
 * the file.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { describeValue } from "../describe-value.js";
import { KqlError } from "../errors.js";
import { scalarTypeFromName } from "../types.js";
import type { ColumnSchema, ScalarType } from "../types.js";

export type Schemas = Record<string, ColumnSchema[]>;

/** Type spellings found in schema files that the language's own alias list does not have. */
const EXTRA_TYPE_NAMES: Readonly<Record<string, ScalarType>> = {
  integer: "int",
  int16: "int",
  uint16: "int",
  byte: "int",
  uint32: "long",
  bigint: "long",
  uint64: "long",
  sbyte: "bool",
  single: "real",
  number: "real",
  uniqueidentifier: "guid",
  array: "dynamic",
  "system.int16": "int",
  "system.byte": "int",
  "system.uint32": "long",
  "system.uint64": "long",
};

/** The KQL type for a type name from a schema file, or undefined when it is not one. */
export function schemaTypeFromName(name: string): ScalarType | undefined {
  return scalarTypeFromName(name) ?? EXTRA_TYPE_NAMES[name.trim().toLowerCase()];
}

function schemaError(message: string, sourceName: string): KqlError {
  return new KqlError({ code: "KQL_SCHEMA", message, sourceName });
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A fresh result map without a prototype, so a table named `constructor` or `__proto__` is just a table. */
function emptySchemas(): Schemas {
  return Object.create(null) as Schemas;
}

/** The name of the file without folders and extension: `/x/SigninLogs.schema.json` -> `SigninLogs.schema`. */
function tableNameFromFile(sourceName: string): string {
  const base = basename(sourceName);
  const ext = extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

/** One column entry in any of the supported spellings. */
function readColumn(entry: unknown, table: string, index: number, sourceName: string): ColumnSchema {
  if (!isObj(entry)) throw schemaError(`table ${table}: column ${index + 1} must be an object with a name and a type`, sourceName);
  const name = entry.name ?? entry.Name ?? entry.ColumnName ?? entry.columnName;
  if (typeof name !== "string" || name.trim() === "") {
    throw schemaError(`table ${table}: column ${index + 1} has no name (expected "name", "Name" or "ColumnName")`, sourceName);
  }
  // getschema gives both ColumnType (KQL) and DataType (.NET); prefer the KQL one.
  const typeName = entry.type ?? entry.Type ?? entry.ColumnType ?? entry.columnType ?? entry.DataType ?? entry.dataType;
  if (typeof typeName !== "string") throw schemaError(`table ${table}: column ${name} has no type`, sourceName);
  const type = schemaTypeFromName(typeName);
  if (!type) throw schemaError(`table ${table}: column ${name} has unknown type "${typeName}"`, sourceName);
  return { name: name.trim(), type };
}

/** Adds a table, dropping exact duplicate columns (real Sentinel files have some) and rejecting conflicting ones. */
function addTable(out: Schemas, table: string, columns: readonly unknown[], sourceName: string, ordinalKey?: string): void {
  const name = table.trim();
  if (name === "") throw schemaError("a table has an empty name", sourceName);
  let entries = columns;
  if (ordinalKey) {
    entries = [...columns].sort((a, b) => Number(isObj(a) ? a[ordinalKey] : 0) - Number(isObj(b) ? b[ordinalKey] : 0));
  }
  const result: ColumnSchema[] = [];
  const seen = new Map<string, ScalarType>();
  entries.forEach((entry, i) => {
    const col = readColumn(entry, name, i, sourceName);
    const prior = seen.get(col.name);
    if (prior !== undefined) {
      if (prior !== col.type) throw schemaError(`table ${name}: column ${col.name} is listed twice, as ${prior} and as ${col.type}`, sourceName);
      return;
    }
    seen.set(col.name, col.type);
    result.push(col);
  });
  const existing = out[name];
  if (existing && !sameColumns(existing, result)) throw schemaError(`table ${name} is defined twice with different columns`, sourceName);
  out[name] = result;
}

function sameColumns(a: readonly ColumnSchema[], b: readonly ColumnSchema[]): boolean {
  return a.length === b.length && a.every((c, i) => c.name === b[i]!.name && c.type === b[i]!.type);
}

function isGetschemaRow(v: unknown): boolean {
  return isObj(v) && typeof v.ColumnName === "string" && (typeof v.ColumnType === "string" || typeof v.DataType === "string");
}

function isSentinelTableFile(v: unknown): v is { Name: string; Properties: unknown[] } {
  return isObj(v) && typeof v.Name === "string" && Array.isArray(v.Properties);
}

/**
 * Schemas from parsed JSON in any of the supported forms. `sourceName` names the input in errors and gives
 * a getschema array its table name.
 */
export function schemasFromJson(json: unknown, sourceName: string): Schemas {
  const out = emptySchemas();
  if (Array.isArray(json)) {
    if (json.length === 0) throw schemaError("the schema file is an empty list", sourceName);
    if (json.every(isGetschemaRow)) {
      addTable(out, tableNameFromFile(sourceName), json, sourceName, "ColumnOrdinal");
      return out;
    }
    if (json.every(isSentinelTableFile)) {
      for (const t of json) addTable(out, t.Name, t.Properties, sourceName);
      return out;
    }
    throw schemaError(
      "a list must be getschema output ({ColumnName, ColumnType, ...} rows) or Sentinel table files ({Name, Properties})",
      sourceName,
    );
  }
  if (!isObj(json)) throw schemaError("a schema file must hold a JSON object or a list", sourceName);

  if (isSentinelTableFile(json)) {
    addTable(out, json.Name, json.Properties, sourceName);
    return out;
  }

  const catalogue = json.tables;
  if (isObj(catalogue) && Object.values(catalogue).every((t) => isObj(t) && Array.isArray(t.columns))) {
    for (const [table, def] of Object.entries(catalogue)) addTable(out, table, (def as { columns: unknown[] }).columns, sourceName);
    // Workspace functions (ASIM parsers such as _Im_Dns) are read like tables: their result columns.
    const functions = json.functions;
    if (isObj(functions)) {
      for (const [name, def] of Object.entries(functions)) {
        if (isObj(def) && Array.isArray(def.columns) && !(name in out)) addTable(out, name, def.columns, sourceName);
      }
    }
    return out;
  }

  const entries = Object.entries(json);
  if (entries.length === 0) throw schemaError("the schema file has no tables", sourceName);
  for (const [table, def] of entries) {
    if (Array.isArray(def)) {
      addTable(out, table, def, sourceName, def.every(isGetschemaRow) ? "ColumnOrdinal" : undefined);
    } else if (isObj(def) && Array.isArray(def.columns)) {
      addTable(out, table, def.columns, sourceName);
    } else if (isObj(def) && Object.values(def).every((t) => typeof t === "string")) {
      addTable(out, table, Object.entries(def).map(([name, type]) => ({ name, type })), sourceName);
    } else {
      throw schemaError(
        `table ${table}: expected a list of {name, type} columns, {columns: [...]}, or {column: type}; see docs/schemas.md`,
        sourceName,
      );
    }
  }
  return out;
}

/** Parses JSON text (a BOM is fine) and reads schemas from it. */
export function schemasFromText(text: string, sourceName: string): Schemas {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw schemaError(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`, sourceName);
  }
  return schemasFromJson(json, sourceName);
}

/** Reads one schema file (JSON in any supported form). */
export function loadSchemaFile(path: string): Schemas {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw schemaError(`cannot read the schema file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, path);
  }
  return schemasFromText(text, path);
}

/**
 * Reads every `*.json` file in a folder (not its subfolders), such as a copy of the Sentinel repository's
 * CustomTables folder, and merges them. A table defined twice with different columns is an error.
 */
export function loadSchemaFolder(dir: string): Schemas {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith(".json")).sort();
  } catch (e) {
    throw schemaError(`cannot read the schema folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, dir);
  }
  const out = emptySchemas();
  const origin = new Map<string, string>();
  for (const n of names) {
    const path = join(dir, n);
    const one = loadSchemaFile(path);
    for (const [table, columns] of Object.entries(one)) {
      const prior = out[table];
      if (prior && !sameColumns(prior, columns)) {
        throw schemaError(`table ${table} is defined with different columns in ${origin.get(table)} and here`, path);
      }
      out[table] = columns;
      origin.set(table, n);
    }
  }
  return out;
}

/** A file or a folder of schema files. */
export function loadSchemas(path: string): Schemas {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw schemaError(`cannot read the schema path: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, path);
  }
  return isDir ? loadSchemaFolder(path) : loadSchemaFile(path);
}

/**
 * Merges schema maps; later ones win for a table defined in several. Also takes a caller's
 * `RunOptions.schemas`, whose column types are still names (the catalog checks them).
 */
export function mergeSchemas<Columns = ColumnSchema[]>(...maps: readonly Readonly<Record<string, Columns>>[]): Record<string, Columns> {
  const out = emptySchemas() as Record<string, Columns>;
  maps.forEach((m: unknown, i) => {
    // From untyped callers: each argument must be a schema map (an object of tables), not a list or a value.
    if (typeof m !== "object" || m === null || Array.isArray(m)) {
      throw new KqlError({ code: "KQL_ARGUMENTS", message: `mergeSchemas: argument ${i + 1} must be an object mapping table names to columns, got ${describeValue(m)}` });
    }
    for (const [t, cols] of Object.entries(m as Record<string, Columns>)) out[t] = cols;
  });
  return out;
}
