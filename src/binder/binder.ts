/**
 * The binder: resolves every name in a parsed query against the let scopes and table schemas, types
 * every expression and computes each operator's output schema with Kusto's naming rules. Errors
 * (unknown names, type mismatches, bad arguments) are raised here, before any row runs.
 */
import { createRequire } from "node:module";
import type * as Levenshtein from "fastest-levenshtein";
import { KqlError, type KqlErrorCode, type Span } from "../errors.js";
import { allFunctionNames, findAggregateFunction, findScalarFunction } from "../functions/registry.js";
import { bindHasAny, bindStringOperator, findStringOperator } from "../functions/string-operators.js";
import { remembering } from "../functions/remembering.js";
import type { ArgInfo, ParamSpec, QueryContext, ScalarImpl } from "../functions/types.js";
import { compileRegex } from "../functions/util.js";
import type * as A from "../parser/ast.js";
import { compileExpr } from "../runtime/compile.js";
import { Table } from "../runtime/table.js";
import { parseGuid, toDynamic, type Value } from "../runtime/values.js";
import { isNumeric, scalarTypeFromName, type ColumnSchema, type ScalarType } from "../types.js";
import { derivedName, matchesPattern, positionalCall } from "./naming.js";
import { bindOperator } from "./operators.js";
import type { BoundExpr, PlanNode } from "./plan.js";
import { bindFind } from "./find.js";
import { Scope } from "./scope.js";
import { arithmeticType, comparable, fitsParam } from "./types-check.js";
import { ExecutionGuard } from "../runtime/guard.js";
import { CompiledCode } from "../runtime/compiled-code.js";

/** Constant folding runs scalar code only: no row loops to limit. */
const FOLD_GUARD = ExecutionGuard.unlimited();

/** Where the binder finds tables that no `let` defines. */
export interface TableCatalog {
  /** The schema of a table, or undefined when it is unknown. */
  schemaOf(name: string): ColumnSchema[] | undefined;
  names(): string[];
}

/** The row a scalar expression is evaluated against: one input schema, or both sides of a join. */
export type RowContext =
  | { kind: "row"; schema: readonly ColumnSchema[] }
  | { kind: "join"; left: readonly ColumnSchema[]; right: readonly ColumnSchema[] }
  | { kind: "none" };

export const NO_ROW: RowContext = { kind: "none" };

/** Functions the binder itself implements because they need the query's structure, not just values. */
const STRUCTURAL_FUNCTIONS = new Set(["column_names_of", "toscalar", "column_ifexists", "columnifexists", "materialize", "table", "view", "typeof", "_GetWatchlist"]);

/** Window functions: their value depends on neighbouring rows, so the binder types them and the runtime runs them over the whole column. */
const WINDOW_FUNCTIONS: Record<string, { min: number; max: number; type: (args: BoundExpr[]) => ScalarType }> = {
  prev: { min: 1, max: 3, type: (a) => a[0]!.type },
  next: { min: 1, max: 3, type: (a) => a[0]!.type },
  row_number: { min: 0, max: 2, type: () => "long" },
  row_cumsum: { min: 1, max: 2, type: (a) => a[0]!.type },
  row_rank_dense: { min: 1, max: 2, type: () => "long" },
  row_rank_min: { min: 1, max: 2, type: () => "long" },
  row_window_session: { min: 3, max: 4, type: () => "datetime" },
};

/** The nearest name for a "did you mean" hint; the library is loaded only when there is an error to explain. */
let nearest: ((word: string, candidates: readonly string[]) => string) | undefined;
function closest(word: string, candidates: readonly string[]): string {
  nearest ??= (createRequire(import.meta.url)("fastest-levenshtein") as typeof Levenshtein).closest;
  return nearest(word, candidates);
}

/** At most this many columns are added to one open input (a guard against a runaway retry). */
const MAX_OPEN_COLUMNS = 256;

/** The column an "unknown column" error names, if it is one. */
function missingColumnName(err: unknown): string | undefined {
  return err instanceof KqlError && err.code === "KQL_UNKNOWN_COLUMN" ? err.subject : undefined;
}

/** An operator keeps its input's schema open when it passes every input column on (where, extend, sort, ...) or only drops, renames or moves some; project closes it. */
function keepsOpen(input: PlanNode, out: PlanNode): boolean {
  if (out.op === "project" && out.unnamed) return out.unnamed === "kept";
  const names = new Set(out.schema.map((c) => c.name));
  return input.schema.every((c) => names.has(c.name));
}

export class Binder {
  private nextId = 1;
  /** How deep user functions are expanded, to stop a recursive `let f` with an error instead of a stack overflow. */
  private depth = 0;

  constructor(
    readonly source: string,
    readonly catalog: TableCatalog,
    readonly ctx: QueryContext,
    /**
     * Runs a bound plan over the caller's tables. Only plugins whose output columns depend on the data
     * (`evaluate bag_unpack`, `evaluate pivot` without a schema hint) call it, as Kusto itself does.
     */
    readonly peek?: (plan: PlanNode) => Table,
  ) {}

  newId(): number {
    return this.nextId++;
  }

  /**
   * Plan nodes whose columns depend on the data (`evaluate bag_unpack` and `evaluate pivot` without a
   * schema hint), and the pass-through operators after them: Kusto's binder leaves their schema open. A
   * name an operator reads that such an input lacks is added to it as an empty dynamic column
   * (bindPipe), so a rule bound over tables without those rows still binds (docs/semantics.md).
   */
  readonly openNodes = new Set<number>();

  /** One pipe stage; over an open input, a missing column is added (empty) and the stage bound again. */
  private bindPipe(e: A.PipeExpression, scope: Scope): PlanNode {
    let input = this.bindTabular(e.source, scope);
    for (let added = 0; ; added++) {
      try {
        const out = bindOperator(this, e.operator, input, scope);
        if (this.openNodes.has(input.id) && out !== input && keepsOpen(input, out)) this.openNodes.add(out.id);
        return out;
      } catch (err) {
        const name = this.openNodes.has(input.id) && added < MAX_OPEN_COLUMNS ? missingColumnName(err) : undefined;
        if (name === undefined || input.schema.some((c) => c.name === name)) throw err;
        input = this.withEmptyColumn(input, name);
      }
    }
  }

  /** `input | extend name = dynamic(null)`, still open. */
  private withEmptyColumn(input: PlanNode, name: string): PlanNode {
    const span = input.span;
    const exprs: BoundExpr[] = input.schema.map((c, index) => ({ k: "column", type: c.type, index, name: c.name, span }));
    exprs.push({ k: "const", type: "dynamic", value: null, span });
    const node: PlanNode = { op: "project", id: this.newId(), span, label: "extend (open schema)", schema: [...input.schema, { name, type: "dynamic" }], input, exprs };
    this.openNodes.add(node.id);
    return node;
  }

  /** The catalog's tables a wildcard name (`Security*`) stands for, sorted, as union and find read them. */
  tablesMatching(pattern: string): string[] {
    return this.catalog.names().filter((n) => matchesPattern(pattern, n)).sort();
  }

  error(code: KqlErrorCode, message: string, span: Span, subject?: string): KqlError {
    return new KqlError({ code, message, source: this.source, span, subject });
  }

  // -------------------------------------------------------------------------------------------------
  // Statements

  /** Binds a whole query; its last tabular statement is the result. */
  bindQuery(query: A.QueryText, scope: Scope): PlanNode {
    const result = this.bindStatements(query.statements, scope, query.span);
    if (result.kind !== "tabular") throw this.error("KQL_TYPE", "the query's last statement must be a tabular expression", result.span);
    return result.plan;
  }

  /** Binds statements in order; returns the last expression statement's value. */
  bindStatements(
    statements: readonly A.Statement[],
    scope: Scope,
    span: Span,
  ): { kind: "tabular"; plan: PlanNode; span: Span } | { kind: "scalar"; expr: BoundExpr; span: Span } {
    let last: { kind: "tabular"; plan: PlanNode; span: Span } | { kind: "scalar"; expr: BoundExpr; span: Span } | undefined;
    for (const st of statements) {
      switch (st.kind) {
        case "Let":
          this.bindLet(st, scope);
          break;
        case "DeclareQueryParameters":
          for (const p of st.params) {
            if (p.type.kind !== "scalar") throw this.error("KQL_UNSUPPORTED", "tabular query parameters are not supported", p.span);
            const value = p.defaultValue ? this.bindScalar(p.defaultValue, NO_ROW, scope) : this.constant(p.type.type === "string" ? "" : null, p.type.type, p.span);
            if (!scope.lookup(p.name)) scope.define(p.name, { kind: "scalar", expr: value });
          }
          break;
        case "Set":
          break;
        case "ExpressionStatement":
          last = this.bindValue(st.expression, scope);
          break;
      }
    }
    if (!last) throw this.error("KQL_SYNTAX", "the query has no tabular expression to run", span);
    return last;
  }

  private bindLet(st: A.LetStatement, scope: Scope): void {
    const value = st.value;
    if (value.kind === "FunctionDefinition") {
      scope.define(st.name, { kind: "function", def: value, scope, name: st.name });
      return;
    }
    const bound = this.bindValue(value, scope);
    scope.define(st.name, bound.kind === "tabular" ? { kind: "tabular", plan: bound.plan } : { kind: "scalar", expr: bound.expr });
  }

  /** An expression whose kind (scalar or tabular) is not known from the syntax: `let x = ...`. */
  bindValue(e: A.Expression, scope: Scope): { kind: "tabular"; plan: PlanNode; span: Span } | { kind: "scalar"; expr: BoundExpr; span: Span } {
    if (this.isTabular(e, scope)) return { kind: "tabular", plan: this.bindTabular(e, scope), span: e.span };
    return { kind: "scalar", expr: this.bindScalar(e, NO_ROW, scope), span: e.span };
  }

  /** Whether an expression denotes a table (decided from its shape and the names it refers to). */
  isTabular(e: A.Expression, scope: Scope): boolean {
    switch (e.kind) {
      case "Pipe":
      case "Datatable":
      case "Print":
      case "Range":
      case "UnionSource":
      case "ExternalData":
      case "FindOrSearch":
        return true;
      case "Paren":
        return this.isTabular(e.expression, scope);
      case "Name": {
        if (e.joinSide) return false;
        const b = scope.lookup(e.name);
        if (b) return b.kind === "tabular" || (b.kind === "function" && b.def.params.length === 0 && this.functionIsTabular(b));
        return this.catalog.schemaOf(e.name) !== undefined;
      }
      case "Call": {
        if (e.name === "materialize" || e.name === "table" || e.name === "view" || e.name === "_GetWatchlist") return true;
        const b = scope.lookup(e.name);
        if (b?.kind === "function") return this.functionIsTabular(b);
        if (b?.kind === "tabular") return true;
        if (!findScalarFunction(e.name) && !findAggregateFunction(e.name) && this.catalog.schemaOf(e.name)) return true;
        return false;
      }
      default:
        return false;
    }
  }

  private functionIsTabular(b: Extract<ReturnType<Scope["lookup"]>, { kind: "function" }>): boolean {
    const body = b.def.body;
    const last = body[body.length - 1];
    if (!last || last.kind !== "ExpressionStatement") return false;
    const inner = new Scope(b.scope);
    for (const p of b.def.params) {
      if (p.type.kind === "tabular") inner.define(p.name, { kind: "tabular", plan: this.emptyPlan([], p.span) });
      else inner.define(p.name, { kind: "scalar", expr: this.constant(null, p.type.type, p.span) });
    }
    for (const st of body) if (st.kind === "Let" && st.value.kind !== "FunctionDefinition" && this.isTabular(st.value, inner)) inner.define(st.name, { kind: "tabular", plan: this.emptyPlan([], st.span) });
    return this.isTabular(last.expression, inner);
  }

  emptyPlan(schema: ColumnSchema[], span: Span): PlanNode {
    return { op: "datatable", id: this.newId(), schema, span, label: "empty", rows: [] };
  }

  // -------------------------------------------------------------------------------------------------
  // Tabular expressions

  bindTabular(e: A.Expression, scope: Scope): PlanNode {
    switch (e.kind) {
      case "Paren":
        return this.bindTabular(e.expression, scope);
      case "Pipe":
        return this.bindPipe(e, scope);
      case "Name":
        return this.bindTableName(e.name, e.span, scope);
      case "Call":
        return this.bindTabularCall(e, scope);
      case "Datatable":
        return this.bindDatatable(e, scope);
      case "Print": {
        const exprs: BoundExpr[] = [];
        const schema: ColumnSchema[] = [];
        const taken = new Set<string>();
        e.items.forEach((item, i) => {
          const expr = this.bindScalar(item.expression, NO_ROW, scope);
          const name = item.names?.[0]?.name ?? `print_${i}`;
          taken.add(name);
          exprs.push(expr);
          schema.push({ name, type: expr.type });
        });
        return { op: "print", id: this.newId(), schema, span: e.span, label: "print", exprs };
      }
      case "Range": {
        const from = this.bindScalar(e.from, NO_ROW, scope);
        const to = this.bindScalar(e.to, NO_ROW, scope);
        const step = this.bindScalar(e.step, NO_ROW, scope);
        const type: ScalarType = from.type === "datetime" ? "datetime" : from.type === "timespan" ? "timespan" : isNumeric(from.type) && (from.type === "real" || step.type === "real" || to.type === "real") ? "real" : "long";
        return { op: "range", id: this.newId(), schema: [{ name: e.column, type }], span: e.span, label: "range", from, to, step };
      }
      case "UnionSource":
        return bindOperator(this, { kind: "Union", params: e.params, tables: e.tables, span: e.span, keywordSpan: e.span }, undefined, scope);
      case "ExternalData":
        return this.bindExternalData(e, scope);
      case "FindOrSearch":
        return bindFind(this, e, scope);
      default:
        throw this.error("KQL_TYPE", "expected a tabular expression here, found a scalar expression", e.span);
    }
  }

  /**
   * externaldata never fetches anything: its rows are the caller's table named by the first URL (or
   * none), typed by the declared columns.
   */
  private bindExternalData(e: A.ExternalDataExpression, scope: Scope): PlanNode {
    const first = e.urls[0];
    const url = first ? this.bindScalar(first, NO_ROW, scope) : undefined;
    const name = url && url.k === "const" && typeof url.value === "string" ? url.value : "";
    const schema = e.columns.map((c) => ({ name: c.name, type: c.type }));
    return { op: "source", id: this.newId(), schema, span: e.span, label: "externaldata", table: name };
  }

  /**
   * `_GetWatchlist('alias')`: the caller's table `watchlist:alias`. Without one it is empty, with the
   * columns every Sentinel watchlist has.
   */
  private bindWatchlist(e: A.CallExpression, scope: Scope): PlanNode {
    const arg = e.args[0];
    const alias = arg ? this.bindScalar(arg, NO_ROW, scope) : undefined;
    if (!alias || alias.k !== "const" || typeof alias.value !== "string") throw this.error("KQL_ARGUMENTS", "_GetWatchlist() needs a constant watchlist alias", e.span);
    const name = `watchlist:${alias.value}`;
    const schema = this.catalog.schemaOf(name) ?? [
      { name: "_DTItemId", type: "string" },
      { name: "LastUpdatedTimeUTC", type: "datetime" },
      { name: "SearchKey", type: "string" },
      { name: "WatchlistItem", type: "dynamic" },
    ];
    return { op: "source", id: this.newId(), schema: schema.map((c) => ({ ...c })), span: e.span, label: `_GetWatchlist('${alias.value}')`, table: name };
  }

  private bindTableName(name: string, span: Span, scope: Scope): PlanNode {
    const b = scope.lookup(name);
    if (b?.kind === "tabular") return b.plan;
    if (b?.kind === "function") return this.expandFunction(b, [], [], span, scope);
    if (b?.kind === "scalar") throw this.error("KQL_TYPE", `'${name}' is a scalar value, not a table`, span);
    const schema = this.catalog.schemaOf(name);
    if (!schema) {
      const suggestion = closest(name, [...this.catalog.names(), ...scope.allNames()].filter((n) => n.length > 0));
      throw this.error("KQL_UNKNOWN_TABLE", `unknown table or tabular expression '${name}'${suggestion && this.similar(name, suggestion) ? ` (did you mean '${suggestion}'?)` : ""}`, span);
    }
    return { op: "source", id: this.newId(), schema: schema.map((c) => ({ ...c })), span, label: name, table: name };
  }

  private similar(a: string, b: string): boolean {
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    if (la === lb) return true;
    let d = 0;
    for (let i = 0; i < Math.max(la.length, lb.length); i++) if (la[i] !== lb[i]) d++;
    return d <= Math.max(2, Math.floor(a.length / 3));
  }

  private bindTabularCall(e: A.CallExpression, scope: Scope): PlanNode {
    if (e.name === "_GetWatchlist") return this.bindWatchlist(e, scope);
    if (e.name === "materialize" || e.name === "view") {
      const arg = e.args[0];
      if (!arg || e.args.length !== 1) throw this.error("KQL_ARGUMENTS", `${e.name}() takes one tabular argument`, e.span);
      return this.bindTabular(arg, scope);
    }
    if (e.name === "table") {
      const arg = e.args[0];
      if (!arg) throw this.error("KQL_ARGUMENTS", "table() takes a table name", e.span);
      const nameExpr = this.bindScalar(arg, NO_ROW, scope);
      if (nameExpr.k !== "const" || typeof nameExpr.value !== "string") throw this.error("KQL_ARGUMENTS", "table() needs a constant table name", arg.span);
      return this.bindTableName(nameExpr.value, e.span, scope);
    }
    const b = scope.lookup(e.name);
    if (b?.kind === "function") return this.expandFunction(b, e.args, e.namedArgs, e.span, scope);
    if (b?.kind === "tabular" && e.args.length === 0) return b.plan;
    if (this.catalog.schemaOf(e.name) && e.args.length === 0) return this.bindTableName(e.name, e.span, scope);
    // A workspace function the caller supplies as a table (ASIM parsers, watchlists): its arguments are ignored.
    if (this.catalog.schemaOf(e.name)) return this.bindTableName(e.name, e.span, scope);
    throw this.error("KQL_UNKNOWN_FUNCTION", `unknown tabular function '${e.name}'`, e.nameSpan);
  }

  /** Expands a user-defined function at its call site: parameters become bindings in a fresh scope. */
  expandFunction(
    b: Extract<ReturnType<Scope["lookup"]>, { kind: "function" }>,
    args: readonly A.Expression[],
    namedArgs: readonly A.NamedArgument[],
    span: Span,
    callerScope: Scope,
    row: RowContext = NO_ROW,
  ): PlanNode {
    const result = this.expandFunctionBody(b, args, namedArgs, span, callerScope, row);
    if (result.kind !== "tabular") throw this.error("KQL_TYPE", `function '${b.name}' returns a scalar, not a table`, span);
    return result.plan;
  }

  expandFunctionBody(
    b: Extract<ReturnType<Scope["lookup"]>, { kind: "function" }>,
    args: readonly A.Expression[],
    namedArgs: readonly A.NamedArgument[],
    span: Span,
    callerScope: Scope,
    row: RowContext,
  ): ReturnType<Binder["bindStatements"]> {
    const params = b.def.params;
    if (args.length > params.length) throw this.error("KQL_ARGUMENTS", `function '${b.name}' takes ${params.length} argument(s), got ${args.length}`, span);
    if (++this.depth > 64) throw this.error("KQL_ARGUMENTS", `function '${b.name}' expands too deeply (recursive definition?)`, span);
    try {
      const inner = new Scope(b.scope);
      params.forEach((p, i) => {
        const named = namedArgs.find((n) => n.name === p.name);
        const arg = args[i] ?? named?.value ?? p.defaultValue;
        if (p.type.kind === "tabular") {
          if (!arg) throw this.error("KQL_ARGUMENTS", `function '${b.name}' needs its tabular argument '${p.name}'`, span);
          inner.define(p.name, { kind: "tabular", plan: this.bindTabular(arg, callerScope) });
        } else {
          if (!arg) throw this.error("KQL_ARGUMENTS", `function '${b.name}' needs its argument '${p.name}'`, span);
          const bound = this.bindScalar(arg, row, callerScope);
          inner.define(p.name, { kind: "scalar", expr: bound });
        }
      });
      return this.bindStatements(b.def.body, inner, b.def.span);
    } finally {
      this.depth--;
    }
  }

  private bindDatatable(e: A.DatatableExpression, scope: Scope): PlanNode {
    const schema = e.columns.map((c) => ({ name: c.name, type: c.type }));
    const width = schema.length;
    if (width === 0) throw this.error("KQL_ARGUMENTS", "datatable needs at least one column", e.span);
    if (e.values.length % width !== 0) throw this.error("KQL_ARGUMENTS", `datatable has ${e.values.length} values, not a multiple of its ${width} columns`, e.span);
    const rows: Value[][] = [];
    for (let r = 0; r < e.values.length; r += width) {
      const row: Value[] = [];
      for (let c = 0; c < width; c++) {
        const valueExpr = e.values[r + c]!;
        const bound = this.bindScalar(valueExpr, NO_ROW, scope);
        if (bound.k !== "const") throw this.error("KQL_ARGUMENTS", "datatable values must be constants", valueExpr.span);
        row.push(this.coerceConstant(bound, schema[c]!.type, valueExpr.span));
      }
      rows.push(row);
    }
    return { op: "datatable", id: this.newId(), schema, span: e.span, label: "datatable", rows };
  }

  /** A constant converted to a column type (datatable cells, typed defaults). */
  coerceConstant(c: Extract<BoundExpr, { k: "const" }>, type: ScalarType, span: Span): Value {
    const v = c.value;
    if (v === null) return type === "string" ? "" : null;
    if (c.type === type) return v;
    if (isNumeric(type) && isNumeric(c.type)) return type === "int" || type === "long" ? Math.trunc(v as number) : v;
    if (type === "dynamic") return toDynamic(v);
    if (type === "guid" && typeof v === "string") return parseGuid(v);
    if (type === "string" && typeof v === "string") return v;
    throw this.error("KQL_TYPE", `a ${c.type} value cannot be stored in a ${type} column`, span);
  }

  // -------------------------------------------------------------------------------------------------
  // Scalar expressions

  constant(value: Value, type: ScalarType, span: Span): BoundExpr {
    return { k: "const", type, value, span };
  }

  /** Binds a scalar expression; a result that does not depend on the row is folded into a constant. */
  bindScalar(e: A.Expression, row: RowContext, scope: Scope): BoundExpr {
    const bound = this.bindScalarRaw(e, row, scope);
    return this.fold(bound);
  }

  fold(expr: BoundExpr): BoundExpr {
    if (expr.k === "const" || !isFoldable(expr)) return expr;
    const fn = compileExpr(expr, Table.empty([]), { run: () => Table.empty([]), guard: FOLD_GUARD, compiled: new CompiledCode() });
    return { k: "const", type: expr.type, value: fn(0), span: expr.span };
  }

  private bindScalarRaw(e: A.Expression, row: RowContext, scope: Scope): BoundExpr {
    switch (e.kind) {
      case "Literal":
        // A dynamic literal's value reaches results and function arguments: each run gets its own copy of
        // it (toDynamic copies arrays and bags), as the tree is shared by every run of the same text
        // (parser/shared-tree.ts).
        return { k: "const", type: e.type, value: e.type === "dynamic" ? toDynamic(e.value) : (e.value as Value), span: e.span };
      case "Paren":
        return this.bindScalarRaw(e.expression, row, scope);
      case "Name":
        return this.bindName(e, row, scope);
      case "Unary": {
        const operand = this.bindScalar(e.operand, row, scope);
        if (e.operator === "+") return operand;
        if (!isNumeric(operand.type) && operand.type !== "timespan" && operand.type !== "dynamic") throw this.error("KQL_TYPE", `unary minus cannot be applied to ${operand.type}`, e.span);
        return { k: "negate", type: operand.type === "dynamic" ? "real" : operand.type, operand, span: e.span };
      }
      case "Binary":
        return this.bindBinary(e, row, scope);
      case "In":
        return this.bindIn(e, row, scope);
      case "Between": {
        const left = this.bindScalar(e.left, row, scope);
        const low = this.bindScalar(e.low, row, scope);
        const high = this.bindScalar(e.high, row, scope);
        if (!comparable(left.type, low.type, true) || !comparable(left.type, high.type, true)) {
          // `between (t1 .. 1h)` on datetimes: the upper bound may be a timespan added to the lower bound.
          if (left.type === "datetime" && low.type === "datetime" && high.type === "timespan") {
            const upper: BoundExpr = { k: "binary", op: "+", type: "datetime", left: low, right: high, span: high.span };
            return { k: "between", type: "bool", negated: e.negated, left, low, high: this.fold(upper), span: e.span };
          }
          throw this.error("KQL_TYPE", `between cannot compare ${left.type} with ${low.type} .. ${high.type}`, e.span);
        }
        return { k: "between", type: "bool", negated: e.negated, left, low, high, span: e.span };
      }
      case "Call":
        return this.bindCall(e, row, scope);
      case "Member": {
        if (e.target.kind === "Name" && e.target.joinSide) return this.bindJoinColumn(e.target.joinSide, e.member, e.span, row);
        const target = this.bindScalar(e.target, row, scope);
        if (target.type !== "dynamic") throw this.error("KQL_TYPE", `'.${e.member}' needs a dynamic value, but the expression is ${target.type}`, e.span);
        return { k: "access", type: "dynamic", target, key: { k: "const", type: "string", value: e.member, span: e.span }, span: e.span };
      }
      case "Index": {
        const target = this.bindScalar(e.target, row, scope);
        const key = this.bindScalar(e.index, row, scope);
        if (target.type !== "dynamic") throw this.error("KQL_TYPE", `indexing needs a dynamic value, but the expression is ${target.type}`, e.span);
        return { k: "access", type: "dynamic", target, key, span: e.span };
      }
      case "Star":
        throw this.error("KQL_SYNTAX", "'*' is only allowed as an aggregate argument or a column list", e.span);
      default:
        throw this.error("KQL_TYPE", "expected a scalar expression here, found a tabular expression", e.span);
    }
  }

  private bindName(e: A.NameReference, row: RowContext, scope: Scope): BoundExpr {
    if (e.joinSide) throw this.error("KQL_SYNTAX", `$${e.joinSide} must be followed by a column name ($${e.joinSide}.Column)`, e.span);
    const col = this.findColumn(e.name, row);
    if (col) return { ...col, span: e.span };
    const b = scope.lookup(e.name);
    if (b?.kind === "scalar") return { ...b.expr, span: e.span };
    if (b?.kind === "tabular") throw this.error("KQL_TYPE", `'${e.name}' is a table; a scalar is needed here (use toscalar(${e.name}) for its first value)`, e.span);
    if (b?.kind === "function" && b.def.params.length === 0) {
      const result = this.expandFunctionBody(b, [], [], e.span, scope, row);
      if (result.kind === "scalar") return result.expr;
      throw this.error("KQL_TYPE", `'${e.name}' is a tabular function; a scalar is needed here`, e.span);
    }
    // `True`, `FALSE`: Kusto reads bool literals in any case; the lexer reserves only the lower-case ones.
    const lower = e.name.toLowerCase();
    if (lower === "true" || lower === "false") return { k: "const", type: "bool", value: lower === "true", span: e.span };
    const candidates = row.kind === "row" ? row.schema.map((c) => c.name) : row.kind === "join" ? [...row.left, ...row.right].map((c) => c.name) : [];
    const all = [...candidates, ...scope.allNames()];
    const suggestion = all.length ? closest(e.name, all) : undefined;
    throw this.error(
      "KQL_UNKNOWN_COLUMN",
      `unknown column or variable '${e.name}'${suggestion && this.similar(e.name, suggestion) ? ` (did you mean '${suggestion}'?)` : ""}`,
      e.span,
      e.name,
    );
  }

  findColumn(name: string, row: RowContext): Extract<BoundExpr, { k: "column" }> | undefined {
    if (row.kind === "row") {
      const index = row.schema.findIndex((c) => c.name === name);
      if (index >= 0) return { k: "column", type: row.schema[index]!.type, index, name, span: { start: 0, end: 0 } };
    }
    return undefined;
  }

  private bindJoinColumn(side: "left" | "right", name: string, span: Span, row: RowContext): BoundExpr {
    if (row.kind !== "join") throw this.error("KQL_SYNTAX", `$${side} is only allowed in a join condition`, span);
    const schema = side === "left" ? row.left : row.right;
    const index = schema.findIndex((c) => c.name === name);
    if (index < 0) throw this.error("KQL_UNKNOWN_COLUMN", `the ${side} side of the join has no column '${name}'`, span);
    return { k: "column", type: schema[index]!.type, index, name, side, span };
  }

  private bindBinary(e: A.BinaryExpression, row: RowContext, scope: Scope): BoundExpr {
    const left = this.bindScalar(e.left, row, scope);
    const right = this.bindScalar(e.right, row, scope);
    const op = e.operator;
    switch (op) {
      case "and":
      case "or":
        for (const side of [left, right]) {
          if (side.type !== "bool" && side.type !== "dynamic") throw this.error("KQL_TYPE", `'${op}' needs bool operands, but one is ${side.type}`, side.span);
        }
        return { k: "logical", op, type: "bool", left, right, span: e.span };
      case "==":
      case "!=":
      case "<":
      case "<=":
      case ">":
      case ">=": {
        if (!comparable(left.type, right.type, op !== "==" && op !== "!=")) {
          throw this.error("KQL_TYPE", `cannot compare ${left.type} with ${right.type} using '${op}'`, e.operatorSpan);
        }
        const [l, r] = this.alignBool(...this.alignGuid(left, right));
        return { k: "binary", op, type: "bool", left: l, right: r, span: e.span };
      }
      case "+":
      case "-":
      case "*":
      case "/":
      case "%": {
        const type = arithmeticType(op, left.type, right.type);
        if (!type) throw this.error("KQL_TYPE", `the operator '${op}' cannot be applied to ${left.type} and ${right.type}`, e.operatorSpan);
        return { k: "binary", op, type, left, right, span: e.span };
      }
      case "matches regex": {
        if (right.k !== "const") {
          return { k: "strop", op, type: "bool", left, right, span: e.span, test: (t, p) => { try { return compileRegex(p).test(t); } catch { return false; } } };
        }
        let re;
        try {
          re = compileRegex(String(right.value ?? ""));
        } catch (err) {
          throw this.error("KQL_ARGUMENTS", (err as Error).message.replace(/^.*?: /, ""), right.span);
        }
        // Remembered per text like the other string predicates: a regex over a column of few values runs once per value.
        return { k: "strop", op, type: "bool", left, right, span: e.span, test: remembering((t: string) => re.test(t)) };
      }
      default: {
        const def = findStringOperator(op);
        if (!def) throw this.error("KQL_UNSUPPORTED", `operator '${op}' is not supported`, e.operatorSpan);
        const needle = right.k === "const" ? (right.value === null ? "" : String(right.value)) : undefined;
        return { k: "strop", op, type: "bool", left, right, span: e.span, test: bindStringOperator(op, needle) };
      }
    }
  }

  /** A bool compared with a number is read as 1 or 0 (tolong), so the runtime compares two numbers. */
  private alignBool(left: BoundExpr, right: BoundExpr): [BoundExpr, BoundExpr] {
    const asLong = (e: BoundExpr): BoundExpr => {
      if (e.k === "const") return { ...e, type: "long", value: e.value === null ? null : e.value === true ? 1 : 0 };
      const fn = findScalarFunction("tolong")!;
      return { k: "call", fn, impl: fn.bind([argInfo(e)], this.ctx), args: [e], type: "long", span: e.span };
    };
    if (left.type === "bool" && isNumeric(right.type)) return [asLong(left), right];
    if (right.type === "bool" && isNumeric(left.type)) return [left, asLong(right)];
    return [left, right];
  }

  /** `guidColumn == "text"`: the text is read as a guid so both sides compare in canonical form. */
  private alignGuid(left: BoundExpr, right: BoundExpr): [BoundExpr, BoundExpr] {
    const toGuid = (e: BoundExpr): BoundExpr => (e.k === "const" && typeof e.value === "string" ? { ...e, type: "guid", value: parseGuid(e.value) ?? e.value.toLowerCase() } : e);
    if (left.type === "guid" && right.type === "string") return [left, toGuid(right)];
    if (right.type === "guid" && left.type === "string") return [toGuid(left), right];
    return [left, right];
  }

  private bindIn(e: A.InExpression, row: RowContext, scope: Scope): BoundExpr {
    const left = this.bindScalar(e.left, row, scope);
    const single = e.values.length === 1 ? e.values[0]! : undefined;
    if (single && this.isTabular(single, scope)) {
      const subquery = this.bindTabular(single, scope);
      if (subquery.schema.length === 0) throw this.error("KQL_TYPE", "the subquery of 'in' has no columns", single.span);
      // has_any/has_all over a table read their needles from it when the predicate first runs (compile.ts).
      return { k: "in", op: e.operator, type: "bool", left, subquery, span: e.span };
    }
    const bound = e.values.map((v) => this.bindScalar(v, row, scope));
    const constants: Value[] = [];
    const items: BoundExpr[] = [];
    for (const b of bound) {
      if (b.k === "const") {
        if (Array.isArray(b.value)) constants.push(...(b.value as Value[]));
        else constants.push(b.value);
      } else items.push(b);
    }
    if (e.operator === "has_any" || e.operator === "has_all") {
      if (items.length > 0) throw this.error("KQL_ARGUMENTS", `${e.operator} needs constant values`, e.span);
      const all = e.operator === "has_all";
      const needles = constants.filter((v) => v !== null).map((v) => String(v));
      const hasNeedles = bindHasAny(needles, all);
      const test = (t: string): boolean => hasNeedles(t);
      return { k: "strop", op: e.operator, type: "bool", left, right: { k: "const", type: "string", value: "", span: e.span }, test, span: e.span };
    }
    return { k: "in", op: e.operator, type: "bool", left, values: constants, items, span: e.span };
  }

  private bindCall(written: A.CallExpression, row: RowContext, scope: Scope): BoundExpr {
    const user = scope.lookup(written.name);
    if (user?.kind === "function") {
      const result = this.expandFunctionBody(user, written.args, written.namedArgs, written.span, scope, row);
      if (result.kind === "scalar") return result.expr;
      throw this.error("KQL_TYPE", `function '${written.name}' returns a table; a scalar is needed here`, written.span);
    }
    // A built-in reads named arguments by position; dropping them would silently change the answer.
    const e = positionalCall(written);
    if (STRUCTURAL_FUNCTIONS.has(e.name)) return this.bindStructuralCall(e, row, scope);
    if (e.name === "row_rank") return this.bindCall(this.rowRankCall(e, row, scope), row, scope);
    const window = Object.prototype.hasOwnProperty.call(WINDOW_FUNCTIONS, e.name) ? WINDOW_FUNCTIONS[e.name] : undefined;
    if (window) {
      const args = e.args.map((a) => this.bindScalar(a, row, scope));
      if (args.length < window.min || args.length > window.max) throw this.error("KQL_ARGUMENTS", `${e.name}() takes ${window.min} to ${window.max} arguments, got ${args.length}`, e.span);
      return { k: "window", fn: e.name as Extract<BoundExpr, { k: "window" }>["fn"], args, type: window.type(args), span: e.span };
    }
    const fn = findScalarFunction(e.name);
    if (!fn) {
      if (findAggregateFunction(e.name)) throw this.error("KQL_ARGUMENTS", `aggregate function '${e.name}' is only allowed in summarize`, e.nameSpan);
      const suggestion = closest(e.name, allFunctionNames());
      throw this.error("KQL_UNKNOWN_FUNCTION", `unknown function '${e.name}'${suggestion && this.similar(e.name, suggestion) ? ` (did you mean '${suggestion}'?)` : ""}`, e.nameSpan);
    }
    if (fn.tuple) {
      throw this.error("KQL_TYPE", `${e.name}() returns several columns: use it alone as an extend or project item, e.g. extend (a, b) = ${e.name}(...)`, e.span);
    }
    let args = e.args.map((a) => this.bindScalar(a, row, scope));
    this.checkArguments(e.name, fn.params, args, e.span);
    if (fn.name === "pack_all") args = this.packAllArgs(args, row, e.span);
    const infos = args.map(argInfo);
    let impl;
    let rowImpl;
    try {
      impl = fn.bind(infos, this.ctx);
      rowImpl = fn.bindRow?.(infos, this.ctx);
    } catch (err) {
      throw this.reanchor(err, e.span);
    }
    const type = typeof fn.returns === "function" ? fn.returns(infos) : fn.returns;
    return rowImpl ? { k: "call", fn, impl, rowImpl, args, type, span: e.span } : { k: "call", fn, impl, args, type, span: e.span };
  }

  /**
   * `row_rank(term [, dense])`: the obsolete form Kusto's binder still accepts (hidden, undocumented).
   * A constant `dense` of true is row_rank_dense(term); otherwise it is the rank with gaps,
   * row_rank_min(term) (docs/semantics.md).
   */
  private rowRankCall(e: A.CallExpression, row: RowContext, scope: Scope): A.CallExpression {
    if (e.args.length < 1 || e.args.length > 2) throw this.error("KQL_ARGUMENTS", `row_rank() takes 1 to 2 argument(s), got ${e.args.length}`, e.span);
    let dense = false;
    if (e.args[1]) {
      const d = this.bindScalar(e.args[1], row, scope);
      if (d.k !== "const" || typeof d.value !== "boolean") throw this.error("KQL_ARGUMENTS", "row_rank()'s second argument (dense) must be a constant bool", e.args[1].span);
      dense = d.value;
    }
    return { ...e, name: dense ? "row_rank_dense" : "row_rank_min", args: [e.args[0]!] };
  }

  /**
   * An extend/project item that calls a function with several result columns (ScalarFunctionDef.tuple):
   * one expression per column, all sharing one evaluation per row, and the prefix of their default
   * names (`series_fit_line_x` for `series_fit_line(x)`, `series_stats_` when the argument has no name,
   * as Kusto.Language names them). Undefined when the item is not such a call.
   */
  bindTupleItem(e: A.Expression, row: RowContext, scope: Scope): { prefix: string; columns: { suffix: string; expr: BoundExpr }[] } | undefined {
    const call = e.kind === "Paren" ? e.expression : e;
    if (call.kind !== "Call" || scope.callable(call.name)) return undefined;
    const fn = findScalarFunction(call.name);
    if (!fn?.tuple) return undefined;
    const args = call.args.map((a) => this.bindScalar(a, row, scope));
    this.checkArguments(call.name, fn.params, args, call.span);
    let impl: ScalarImpl;
    try {
      impl = fn.bind(args.map(argInfo), this.ctx);
    } catch (err) {
      throw this.reanchor(err, call.span);
    }
    const shared = lastResultShared(impl);
    const columns = fn.tuple.map((c, i) => {
      const element: ScalarImpl = (a) => {
        const all = shared(a);
        return Array.isArray(all) ? ((all[i] as Value | undefined) ?? null) : null;
      };
      return { suffix: c.suffix, expr: this.fold({ k: "call", fn, impl: element, args, type: c.type, span: call.span }) };
    });
    const first = call.args[0];
    return { prefix: `${call.name}_${(first && derivedName(first)) ?? ""}`, columns };
  }

  /** pack_all's arguments (src/functions/pack-all.ts): its flag (false by default), then every column of the row. */
  private packAllArgs(args: BoundExpr[], row: RowContext, span: Span): BoundExpr[] {
    const flag = args[0] ?? this.constant(false, "bool", span);
    if (flag.k !== "const" || flag.type !== "bool") throw this.error("KQL_ARGUMENTS", "pack_all() takes a constant bool (ignore null and empty values)", flag.span);
    const schema = row.kind === "row" ? row.schema : [];
    return [{ ...flag, value: flag.value === true }, ...schema.map((c, index): BoundExpr => ({ k: "column", type: c.type, index, name: c.name, span }))];
  }

  reanchor(err: unknown, span: Span): KqlError {
    if (err instanceof KqlError) return this.error(err.code, err.detail, span, err.subject);
    return this.error("KQL_RUNTIME", (err as Error).message ?? String(err), span);
  }

  checkArguments(name: string, params: readonly ParamSpec[], args: readonly BoundExpr[], span: Span): void {
    const required = params.filter((p) => !p.optional && !p.variadic).length;
    const variadic = params.some((p) => p.variadic);
    if (args.length < required || (!variadic && args.length > params.length)) {
      const max = variadic ? "or more" : params.length === required ? "" : `to ${params.length}`;
      throw this.error("KQL_ARGUMENTS", `${name}() takes ${required}${max ? ` ${max}` : ""} argument(s), got ${args.length}`, span);
    }
    args.forEach((a, i) => {
      const p = params[Math.min(i, params.length - 1)]!;
      if (!fitsParam(p.kind, a.type)) throw this.error("KQL_TYPE", `argument ${i + 1} of ${name}() (${p.name}) must be ${p.kind}, but it is ${a.type}`, a.span);
      if (p.constant && a.k !== "const") throw this.error("KQL_ARGUMENTS", `argument ${i + 1} of ${name}() (${p.name}) must be a constant`, a.span);
    });
  }

  private bindStructuralCall(e: A.CallExpression, row: RowContext, scope: Scope): BoundExpr {
    switch (e.name) {
      case "toscalar": {
        const arg = e.args[0];
        if (!arg) throw this.error("KQL_ARGUMENTS", "toscalar() takes one argument", e.span);
        if (!this.isTabular(arg, scope)) return this.bindScalar(arg, row, scope);
        const plan = this.bindTabular(arg, scope);
        const first = plan.schema[0];
        if (!first) throw this.error("KQL_TYPE", "toscalar() of a table with no columns", arg.span);
        return { k: "toscalar", type: first.type, plan, span: e.span };
      }
      case "column_names_of": {
        // The column names of a table, known from its schema: a constant (column-names-of-function.md).
        const arg = e.args[0];
        if (!arg || e.args.length !== 1 || !this.isTabular(arg, scope)) throw this.error("KQL_ARGUMENTS", "column_names_of() takes one tabular argument", e.span);
        return { k: "const", type: "dynamic", value: this.bindTabular(arg, scope).schema.map((c) => c.name), span: e.span };
      }
      case "column_ifexists":
      case "columnifexists": {
        const [nameArg, fallback] = e.args;
        if (!nameArg || !fallback) throw this.error("KQL_ARGUMENTS", `${e.name}() takes a column name and a default value`, e.span);
        const name = this.bindScalar(nameArg, NO_ROW, scope);
        if (name.k !== "const" || typeof name.value !== "string") throw this.error("KQL_ARGUMENTS", `${e.name}() needs a constant column name`, nameArg.span);
        const col = this.findColumn(name.value, row);
        return col ? { ...col, span: e.span } : this.bindScalar(fallback, row, scope);
      }
      case "typeof": {
        // `typeof(string)` as an argument (extract, extractjson): the type's name as a constant.
        const arg = e.args[0];
        const name = arg?.kind === "Name" ? arg.name : "dynamic";
        return { k: "const", type: "string", value: scalarTypeFromName(name) ?? name, span: e.span };
      }
      default:
        throw this.error("KQL_TYPE", `${e.name}() is a tabular function; a scalar is needed here`, e.span);
    }
  }
}

/**
 * The columns of a tuple result are separate expressions over the same arguments; this runs the function
 * once per row for all of them, by reusing the last result while the argument values are unchanged
 * (the functions are pure; a dynamic argument read from a column is the same object for all of them).
 */
function lastResultShared(impl: ScalarImpl): ScalarImpl {
  let last: Value[] | undefined;
  let result: Value = null;
  return (a) => {
    if (last !== undefined && last.length === a.length) {
      let same = true;
      for (let k = 0; k < a.length && same; k++) same = last[k] === a[k];
      if (same) return result;
    }
    last = a.slice();
    result = impl(a);
    return result;
  };
}

/** What a function's `bind` may know about one argument. */
export function argInfo(e: BoundExpr): ArgInfo {
  const info: ArgInfo = { type: e.type, constant: e.k === "const" };
  if (e.k === "const") info.value = e.value;
  if (e.k === "column") info.columnName = e.name;
  return info;
}

/** Whether an expression can be computed once, without a row: no column reads, no subqueries, no volatile calls. */
function isFoldable(e: BoundExpr): boolean {
  switch (e.k) {
    case "const":
      return true;
    case "column":
    case "toscalar":
    case "window":
      return false;
    case "call":
      return !e.fn.volatile && e.args.every(isFoldable);
    case "binary":
    case "logical":
    case "strop":
      return isFoldable(e.left) && isFoldable(e.right);
    case "not":
    case "negate":
      return isFoldable(e.operand);
    case "between":
      return isFoldable(e.left) && isFoldable(e.low) && isFoldable(e.high);
    case "access":
      return isFoldable(e.target) && isFoldable(e.key);
    case "in":
      return !e.subquery && isFoldable(e.left) && (e.items ?? []).every(isFoldable);
  }
}


