/**
 * Microsoft's own KQL parser and binder (`@kusto/language-service-next`, the C# Kusto.Language library
 * compiled to JavaScript) as a test oracle: for a query over our table schemas it says whether the query
 * parses, which semantic errors it has, and the result schema. It never runs a query.
 *
 * The package is a devDependency: nothing under src/ may import it. It is two scripts that define globals
 * (`Bridge`, `System`, `Kusto`); see ../shared/notes/kusto-language-oracle.md.
 */
import { createRequire } from "node:module";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

export interface OracleColumn {
  name: string;
  /** A KQL scalar type name as our binder spells it, or `unknown` (open schema, error type). */
  type: string;
}

export interface OracleDiagnostic {
  code: string;
  severity: string;
  message: string;
  start: number;
  length: number;
}

export interface OracleResult {
  /** The parser reported a syntax error. */
  syntaxError: boolean;
  /** The first syntax error's message, when there is one. */
  syntaxMessage?: string;
  /** Semantic errors (severity Error) the binder reports; syntax errors are not repeated here. */
  semanticErrors: OracleDiagnostic[];
  /** The result schema when the query's result is a table (the last tabular statement). */
  schema?: OracleColumn[];
}

/** A schema map as our engine takes it: table -> columns. */
export type SchemaMap = Record<string, readonly { name: string; type: string }[]>;

/** A workspace function (an ASIM parser such as `_Im_Dns`): parameters and result columns. */
export interface WorkspaceFunction {
  parameters: readonly { name: string; type: string; required?: boolean }[];
  columns: readonly { name: string; type: string }[];
}

let kusto: { K: Any; Bridge: Any } | undefined;

/** Loads the two scripts once (about a second of start-up). */
function load(): { K: Any; Bridge: Any } {
  if (kusto) return kusto;
  const require = createRequire(import.meta.url);
  require("@kusto/language-service-next/bridge.min.js");
  require("@kusto/language-service-next/Kusto.Language.Bridge.min.js");
  const g = globalThis as Any;
  if (!g.Kusto || !g.Bridge) throw new Error("@kusto/language-service-next did not define the Kusto and Bridge globals");
  kusto = { K: g.Kusto.Language, Bridge: g.Bridge };
  return kusto;
}

/** A name as a KQL identifier: bracket-quoted when it is not a plain identifier. */
export function quoteName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;
}

/** Microsoft's type text, normalised to our spelling (`int`, `long`, `real`, ...). */
export function normaliseType(text: string): string {
  const t = text.trim().toLowerCase();
  switch (t) {
    case "int":
    case "long":
    case "real":
    case "string":
    case "bool":
    case "datetime":
    case "timespan":
    case "guid":
    case "dynamic":
    case "decimal":
      return t;
    case "double":
      return "real";
    case "boolean":
      return "bool";
    case "date":
      return "datetime";
    case "time":
      return "timespan";
    case "uniqueid":
      return "guid";
    default:
      // Typed dynamic values print as `dynamic`, a bag type as `(a:long)`, an array as `dynamic` too.
      if (t.startsWith("dynamic") || t.startsWith("(") || t.startsWith("[")) return "dynamic";
      return "unknown";
  }
}

/** The columns every Sentinel watchlist has, as our binder gives `_GetWatchlist('alias')`. */
export const WATCHLIST_COLUMNS = [
  { name: "_DTItemId", type: "string" },
  { name: "LastUpdatedTimeUTC", type: "datetime" },
  { name: "SearchKey", type: "string" },
  { name: "WatchlistItem", type: "dynamic" },
] as const;

export class KustoOracle {
  private readonly K: Any;
  private readonly Bridge: Any;
  private readonly globals: Any;

  constructor(tables: SchemaMap = {}, functions: Record<string, WorkspaceFunction> = {}) {
    const { K, Bridge } = load();
    this.K = K;
    this.Bridge = Bridge;
    const S = K.Symbols;
    const members: Any[] = [];
    for (const [name, cols] of Object.entries(tables)) {
      if (Object.prototype.hasOwnProperty.call(functions, name)) continue;
      const columns = cols.map((c) => new S.ColumnSymbol(c.name, this.scalar(c.type)));
      members.push(new S.TableSymbol.$ctor4(name, columns));
    }
    for (const [name, fn] of Object.entries(functions)) {
      members.push(new S.FunctionSymbol.$ctor16(name, parameterList(fn.parameters), datatableBody(fn.columns), null));
    }
    if (!Object.prototype.hasOwnProperty.call(functions, "_GetWatchlist")) {
      members.push(new S.FunctionSymbol.$ctor16("_GetWatchlist", "(watchlistAlias:string)", datatableBody(WATCHLIST_COLUMNS), null));
    }
    const db = new S.DatabaseSymbol.$ctor1("db", members, false);
    this.globals = K.GlobalState.Default.WithDatabase(db);
  }

  private scalar(type: string): Any {
    const sym = this.K.Symbols.ScalarTypes.GetSymbol(type);
    if (!sym) throw new Error(`the Kusto binder does not know the type '${type}'`);
    return sym;
  }

  /** Syntax only: whether Microsoft's parser reports an error, and the first message. */
  syntax(query: string): { error: boolean; message?: string } {
    const code = this.K.KustoCode.Parse(query, this.globals);
    const diags = (this.Bridge.toArray(code.GetSyntaxDiagnostics()) as Any[]).filter((d) => d.Severity === "Error");
    return diags.length === 0 ? { error: false } : { error: true, message: `${diags[0].Code} ${diags[0].Message}` };
  }

  /** Parses and binds the query: syntax errors, semantic errors and the result schema. */
  analyse(query: string): OracleResult {
    const code = this.K.KustoCode.ParseAndAnalyze(query, this.globals);
    const syntaxDiags = (this.Bridge.toArray(code.GetSyntaxDiagnostics()) as Any[]).filter((d) => d.Severity === "Error");
    const all = (this.Bridge.toArray(code.GetDiagnostics()) as Any[]).filter((d) => d.Severity === "Error");
    const syntaxKeys = new Set(syntaxDiags.map((d) => `${d.Code}@${d.Start}`));
    const semanticErrors = all
      .filter((d) => !syntaxKeys.has(`${d.Code}@${d.Start}`))
      .map((d) => ({ code: String(d.Code), severity: String(d.Severity), message: String(d.Message), start: d.Start as number, length: d.Length as number }));
    const out: OracleResult = { syntaxError: syntaxDiags.length > 0, semanticErrors };
    if (syntaxDiags.length > 0) out.syntaxMessage = `${syntaxDiags[0].Code} ${syntaxDiags[0].Message}`;
    const rt = code.ResultType;
    if (rt && rt instanceof this.K.Symbols.TableSymbol) {
      out.schema = (this.Bridge.toArray(rt.Columns) as Any[]).map((c) => ({
        name: String(c.Name),
        type: normaliseType(String(this.K.Symbols.SchemaDisplay.GetScalarTypeText(c.Type))),
      }));
    }
    return out;
  }
}

/** `(a:string, b:datetime=datetime(null))`: optional parameters get a null default. */
function parameterList(params: WorkspaceFunction["parameters"]): string {
  const parts = params.map((p) => {
    const type = p.type.toLowerCase();
    if (p.required !== false) return `${quoteName(p.name)}:${type}`;
    const dflt = type === "string" ? '""' : `${type}(null)`;
    return `${quoteName(p.name)}:${type}=${dflt}`;
  });
  return `(${parts.join(", ")})`;
}

/** A function body whose result is an empty table with these columns. */
function datatableBody(columns: readonly { name: string; type: string }[]): string {
  return `{ datatable(${columns.map((c) => `${quoteName(c.name)}:${c.type.toLowerCase()}`).join(", ")})[] }`;
}
