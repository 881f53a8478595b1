/** KQL's scalar types, by their canonical names, and the aliases the language accepts for them. */

export type ScalarType = "bool" | "int" | "long" | "real" | "decimal" | "string" | "datetime" | "timespan" | "guid" | "dynamic";

export const SCALAR_TYPES: readonly ScalarType[] = ["bool", "int", "long", "real", "decimal", "string", "datetime", "timespan", "guid", "dynamic"];

const ALIASES: Readonly<Record<string, ScalarType>> = {
  bool: "bool",
  boolean: "bool",
  int: "int",
  int32: "int",
  long: "long",
  int64: "long",
  real: "real",
  double: "real",
  float: "real",
  decimal: "decimal",
  string: "string",
  datetime: "datetime",
  date: "datetime",
  timespan: "timespan",
  time: "timespan",
  guid: "guid",
  uniqueid: "guid",
  dynamic: "dynamic",
  object: "dynamic",
};

/** The canonical type for a type name as written in KQL or in a schema file (case-insensitive), or undefined. */
export function scalarTypeFromName(name: string): ScalarType | undefined {
  const key = name.trim().toLowerCase();
  if (Object.prototype.hasOwnProperty.call(ALIASES, key)) return ALIASES[key];
  // Schema files written from .NET types: System.String, System.DateTime, ...
  const dotnet: Record<string, ScalarType> = {
    "system.string": "string",
    "system.datetime": "datetime",
    "system.int32": "int",
    "system.int64": "long",
    "system.double": "real",
    "system.single": "real",
    "system.boolean": "bool",
    "system.sbyte": "bool",
    "system.guid": "guid",
    "system.timespan": "timespan",
    "system.object": "dynamic",
    "system.data.sqltypes.sqldecimal": "decimal",
    "system.decimal": "decimal",
  };
  return dotnet[key];
}

export function isNumeric(t: ScalarType): boolean {
  return t === "int" || t === "long" || t === "real" || t === "decimal";
}

/** The type that two numeric operands promote to (int < long < decimal < real). */
export function promoteNumeric(a: ScalarType, b: ScalarType): ScalarType {
  if (a === "real" || b === "real") return "real";
  if (a === "decimal" || b === "decimal") return "decimal";
  if (a === "long" || b === "long") return "long";
  return "int";
}

/** A column of a tabular schema. */
export interface ColumnSchema {
  name: string;
  type: ScalarType;
}
