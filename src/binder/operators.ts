/**
 * Binding of each tabular operator: checks its expressions against the input schema and computes its
 * output schema with Kusto's naming rules (see naming.ts and ../shared/notes/kql-semantics.md).
 */
import { re2, type RE2JS } from "../functions/re2.js";
import type { Span } from "../errors.js";
import { findAggregateFunction } from "../functions/registry.js";
import type * as A from "../parser/ast.js";
import type { ColumnSchema, ScalarType } from "../types.js";
import { argInfo, NO_ROW, type Binder, type RowContext } from "./binder.js";
import type { ArgInfo } from "../functions/types.js";
import { argumentName, ColumnNamer, derivedName, matchesPattern, namesIn, OutputColumns, positionalCall, uniqueName } from "./naming.js";
import type { AggregateCall, BagUnpackNode, BoundExpr, TopNestedNode, ParseStep, PlanNode, SortKeyPlan, SummarizeOutput } from "./plan.js";
import { isBag, valueToString, type Value } from "../runtime/values.js";
import { Scope } from "./scope.js";
import { bindBasket, bindIpv4Lookup, bindSequenceDetect } from "./plugins.js";
import { comparable } from "./types-check.js";

export function bindOperator(b: Binder, op: A.QueryOperator, input: PlanNode | undefined, scope: Scope): PlanNode {
  if (op.kind === "Union") return bindUnion(b, op, input, scope);
  if (!input) throw b.error("KQL_SYNTAX", "this operator needs an input table", op.span);
  const row: RowContext = { kind: "row", schema: input.schema };
  const base = { id: b.newId(), span: op.span };
  switch (op.kind) {
    case "Where": {
      const predicate = b.bindScalar(op.predicate, row, scope);
      if (predicate.type !== "bool" && predicate.type !== "dynamic") throw b.error("KQL_TYPE", `where needs a bool predicate, but the expression is ${predicate.type}`, op.predicate.span);
      return pushBelowInnerunique(b, input, predicate, base) ?? { ...base, op: "where", label: "where", schema: input.schema, input, predicate };
    }
    case "Extend":
      return bindExtend(b, op.items, input, scope, "extend");
    case "Serialize":
      return op.items.length ? bindExtend(b, op.items, input, scope, "serialize") : input;
    case "Project":
      return bindProject(b, op, input, scope);
    case "ProjectAway":
    case "ProjectKeep": {
      const matched = new Set<number>();
      for (const p of op.columns) {
        const hits = input.schema.map((c, i) => (matchesPattern(p.pattern, c.name) ? i : -1)).filter((i) => i >= 0);
        if (hits.length === 0 && !p.pattern.includes("*")) throw b.error("KQL_UNKNOWN_COLUMN", `unknown column '${p.pattern}'`, p.span, p.pattern);
        hits.forEach((i) => matched.add(i));
      }
      const keep = input.schema.map((_, i) => i).filter((i) => matched.has(i) === (op.kind === "ProjectKeep"));
      return op.kind === "ProjectAway"
        ? passThrough(b, input, keep, keep.map((i) => input.schema[i]!.name), op.span, "project-away", "kept")
        : passThrough(b, input, keep, keep.map((i) => input.schema[i]!.name), op.span, "project-keep", "dropped");
    }
    case "ProjectByNames":
      return bindProjectByNames(b, op, input, scope);
    case "ProjectRename": {
      const names = input.schema.map((c) => c.name);
      for (const r of op.renames) {
        const i = input.schema.findIndex((c) => c.name === r.oldName);
        if (i < 0) throw b.error("KQL_UNKNOWN_COLUMN", `unknown column '${r.oldName}'`, r.span, r.oldName);
        names[i] = r.newName;
      }
      if (new Set(names).size !== names.length) throw b.error("KQL_ARGUMENTS", "project-rename gives two columns the same name", op.span);
      return passThrough(b, input, input.schema.map((_, i) => i), names, op.span, "project-rename", "kept");
    }
    case "ProjectReorder": {
      const order: number[] = [];
      for (const p of op.columns) {
        let hits = input.schema.map((c, i) => (matchesPattern(p.pattern, c.name) ? i : -1)).filter((i) => i >= 0 && !order.includes(i));
        if (hits.length === 0 && !p.pattern.includes("*")) throw b.error("KQL_UNKNOWN_COLUMN", `unknown column '${p.pattern}'`, p.span, p.pattern);
        if (p.order) {
          const dir = p.order.endsWith("desc") ? -1 : 1;
          hits = [...hits].sort((x, y) => dir * input.schema[x]!.name.localeCompare(input.schema[y]!.name));
        }
        order.push(...hits);
      }
      input.schema.forEach((_, i) => {
        if (!order.includes(i)) order.push(i);
      });
      return passThrough(b, input, order, order.map((i) => input.schema[i]!.name), op.span, "project-reorder", "kept");
    }
    case "Summarize":
      return bindSummarize(b, op, input, scope);
    case "Join":
    case "Lookup":
      return bindJoin(b, op, input, scope);
    case "Sort": {
      const keys = op.keys.map((k) => sortKey(b, k, row, scope));
      return { ...base, op: "sort", label: "sort", schema: input.schema, input, keys };
    }
    case "Top": {
      const limit = b.bindScalar(op.count, NO_ROW, scope);
      if (limit.k !== "const" || typeof limit.value !== "number") throw b.error("KQL_ARGUMENTS", "top needs a constant number of rows", op.count.span);
      return { ...base, op: "sort", label: "top", schema: input.schema, input, keys: [sortKey(b, op.key, row, scope)], limit };
    }
    case "Take": {
      const count = b.bindScalar(op.count, NO_ROW, scope);
      if (count.k !== "const" || typeof count.value !== "number") throw b.error("KQL_ARGUMENTS", "take needs a constant number of rows", op.count.span);
      return { ...base, op: "take", label: "take", schema: input.schema, input, count };
    }
    case "Distinct": {
      if (op.columns.length === 1 && op.columns[0]!.kind === "Star") {
        const exprs = input.schema.map((c, i): BoundExpr => ({ k: "column", type: c.type, index: i, name: c.name, span: op.span }));
        return { ...base, op: "distinct", label: "distinct", schema: input.schema, input, exprs };
      }
      const exprs = op.columns.map((c) => b.bindScalar(c, row, scope));
      const namer = new ColumnNamer();
      const taken = new Set<string>();
      const schema = op.columns.map((c, i) => {
        const name = uniqueName(derivedName(c) ?? namer.fresh(taken), taken);
        taken.add(name);
        return { name, type: exprs[i]!.type };
      });
      return { ...base, op: "distinct", label: "distinct", schema, input, exprs };
    }
    case "Count":
      return { ...base, op: "count", label: "count", schema: [{ name: "Count", type: "long" }], input };
    case "MvExpand":
      return bindMvExpand(b, op, input, scope);
    case "Parse":
      return bindParse(b, op, input, scope);
    case "MakeSeries":
      return bindMakeSeries(b, op, input, scope);
    case "MvApply":
      return bindMvApply(b, op, input, scope);
    case "Evaluate":
      return bindEvaluate(b, op, input, scope);
    case "Sample":
      return bindSample(b, op, input, scope);
    case "GetSchema":
      return bindGetSchema(b, op, input);
    case "TopNested":
      return bindTopNested(b, op, input, scope);
    case "Reduce":
      return bindReduce(b, op, input, scope);
    case "Partition":
      return bindPartition(b, op, input, scope);
    case "As":
      scope.define(op.name, { kind: "tabular", plan: input });
      return input;
    case "Render":
      return input;
    case "Invoke": {
      const fn = scope.lookup(op.call.name);
      if (fn?.kind !== "function") throw b.error("KQL_UNKNOWN_FUNCTION", `unknown function '${op.call.name}'`, op.call.nameSpan);
      if (fn.def.params[0]?.type.kind !== "tabular") throw b.error("KQL_ARGUMENTS", `invoke needs a function whose first parameter is a table`, op.call.span);
      return b.expandFunction(fn, [{ kind: "Name", name: "", span: op.span }, ...op.call.args], op.call.namedArgs, op.span, withInput(scope, input));
    }
    default:
      throw b.error("KQL_UNSUPPORTED", `the '${operatorName(op)}' operator is not supported yet`, op.keywordSpan);
  }
}

/**
 * `T | join kind=innerunique U on k | where <left columns only>`: Kusto's optimizer applies such a filter
 * to the left input, before the join keeps one left row per key (join-innerunique.md shows it returning
 * the rows the filter selects). The engine does the same rewrite, so a replay keeps the rows the filter
 * asks for instead of losing them to the first-row-per-key pick. Undefined when the rewrite does not apply.
 */
function pushBelowInnerunique(b: Binder, input: PlanNode, predicate: BoundExpr, base: { id: number; span: Span }): PlanNode | undefined {
  if (input.op !== "join" || input.kind !== "innerunique" || input.isLookup) return undefined;
  const join = input;
  let leftOnly = true;
  const remapped = mapColumns(predicate, (c) => {
    const out = join.outputs[c.index];
    if (!out || out.side !== "left" || c.side !== undefined) {
      leftOnly = false;
      return c;
    }
    return { ...c, index: out.index };
  });
  if (!leftOnly || containsWindow(predicate)) return undefined;
  const left: PlanNode = { ...base, op: "where", label: "where (below innerunique join)", schema: join.left.schema, input: join.left, predicate: remapped };
  return { ...join, id: b.newId(), left };
}

/** A copy of a bound expression with each row-column reference replaced (subqueries are left alone). */
function mapColumns(e: BoundExpr, f: (c: Extract<BoundExpr, { k: "column" }>) => BoundExpr): BoundExpr {
  if (e.k === "column") return f(e);
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(e)) {
    if (VALUE_KEYS.has(key)) copy[key] = v;
    else if (Array.isArray(v)) copy[key] = v.map((x: unknown) => (isBoundExpr(x) ? mapColumns(x, f) : x));
    else copy[key] = isBoundExpr(v) ? mapColumns(v, f) : v;
  }
  return copy as unknown as BoundExpr;
}

/** Fields of a bound expression that hold values or plans, never sub-expressions (a bag value may look like one). */
const VALUE_KEYS = new Set(["value", "values", "subquery", "plan"]);

function isBoundExpr(v: unknown): v is BoundExpr {
  return typeof v === "object" && v !== null && typeof (v as { k?: unknown }).k === "string" && "type" in v;
}

/** Window functions read neighbouring rows, so a predicate using one cannot move to another input. */
function containsWindow(e: BoundExpr): boolean {
  if (e.k === "window") return true;
  return Object.entries(e).some(([key, v]) => !VALUE_KEYS.has(key) && (Array.isArray(v) ? v.some((x: unknown) => isBoundExpr(x) && containsWindow(x)) : isBoundExpr(v) && containsWindow(v)));
}

/** A scope in which the empty name stands for the piped input (used by `invoke`). */
function withInput(scope: Scope, input: PlanNode): Scope {
  const s = new Scope(scope);
  s.define("", { kind: "tabular", plan: input });
  return s;
}

function operatorName(op: A.QueryOperator): string {
  const names: Record<string, string> = {
    MvExpand: "mv-expand",
    MvApply: "mv-apply",
    Parse: "parse",
    Evaluate: "evaluate",
    MakeSeries: "make-series",
    GetSchema: "getschema",
    Sample: "sample",
    TopNested: "top-nested",
    Search: "search",
  };
  return names[op.kind] ?? op.kind.toLowerCase();
}

/**
 * project-by-names: each specifier is a constant name, wildcard pattern or dynamic array of them
 * (column_names_of(T) folds to one). Columns come in specifier order, a wildcard's matches in input
 * order; a column matched again keeps its first place, and names that match nothing are ignored.
 */
function bindProjectByNames(b: Binder, op: A.ProjectByNamesOperator, input: PlanNode, scope: Scope): PlanNode {
  const order: number[] = [];
  const take = (pattern: string): void => {
    input.schema.forEach((c, i) => {
      if (!order.includes(i) && matchesPattern(pattern, c.name)) order.push(i);
    });
  };
  for (const spec of op.specifiers) {
    const v = b.bindScalar(spec, NO_ROW, scope);
    if (v.k !== "const") throw b.error("KQL_ARGUMENTS", "project-by-names needs constant column names (a string, a dynamic array, column_names_of(T))", spec.span);
    const names = Array.isArray(v.value) ? (v.value as Value[]) : [v.value];
    for (const n of names) {
      if (typeof n !== "string") throw b.error("KQL_TYPE", "project-by-names takes column names as strings", spec.span);
      take(n);
    }
  }
  return passThrough(b, input, order, order.map((i) => input.schema[i]!.name), op.span, "project-by-names", "dropped");
}

/** A projection that only picks, renames or reorders input columns: no values are copied. */
function passThrough(b: Binder, input: PlanNode, indices: number[], names: string[], span: Span, label: string, unnamed: "kept" | "dropped"): PlanNode {
  const exprs = indices.map((i): BoundExpr => ({ k: "column", type: input.schema[i]!.type, index: i, name: input.schema[i]!.name, span }));
  const schema = indices.map((i, k) => ({ name: names[k]!, type: input.schema[i]!.type }));
  return { op: "project", id: b.newId(), span, label, schema, input, exprs, unnamed };
}

function sortKey(b: Binder, k: A.SortKey, row: RowContext, scope: Scope): SortKeyPlan {
  const expr = b.bindScalar(k.expression, row, scope);
  const descending = k.direction !== "asc";
  // Kusto: nulls last when descending, first when ascending, unless said otherwise.
  const nullsFirst = k.nulls ? k.nulls === "first" : !descending;
  return { expr, descending, nullsFirst };
}

/**
 * extend: named items replace a column of that name in place or are appended; unnamed items are named
 * after their source column or `Column1`... An item may use a column an earlier item of the same extend
 * made, so the operator is split into consecutive projections where that happens.
 */
function bindExtend(b: Binder, items: readonly A.NamedExpression[], input: PlanNode, scope: Scope, label: string): PlanNode {
  let current = input;
  let schema = [...input.schema];
  let exprs: BoundExpr[] = schema.map((c, i) => ({ k: "column", type: c.type, index: i, name: c.name, span: input.span }));
  let madeHere = new Set<string>();
  const namer = new ColumnNamer();
  const flush = (span: Span): void => {
    current = { op: "project", id: b.newId(), span, label, schema, input: current, exprs };
    // The node just made owns `schema` and `exprs`: the items after it change copies. (Changing the
    // node's own schema gave it columns its exprs do not compute, which a trace of the node then read.)
    schema = [...schema];
    exprs = schema.map((c, i) => ({ k: "column", type: c.type, index: i, name: c.name, span }));
    madeHere = new Set();
  };
  const place = (name: string, expr: BoundExpr): void => {
    const existing = schema.findIndex((c) => c.name === name);
    if (existing >= 0) {
      schema[existing] = { name, type: expr.type };
      exprs[existing] = expr;
    } else {
      schema.push({ name, type: expr.type });
      exprs.push(expr);
    }
    madeHere.add(name);
  };
  for (const item of items) {
    const usesNew = [...madeHere].some((n) => referencesName(item.expression, n));
    if (usesNew) flush(item.span);
    const tuple = b.bindTupleItem(item.expression, { kind: "row", schema: current.schema }, scope);
    if (tuple) {
      // `(a, b) = f(x)`: the given names in order (replacing columns of those names), then default names
      // made unique (Kusto.Language appends them even when a column of that name exists).
      const given = tupleNames(b, item, tuple.columns.length);
      tuple.columns.forEach((c, i) => {
        place(given[i] ?? uniqueName(`${tuple.prefix}_${c.suffix}`, new Set(schema.map((col) => col.name))), c.expr);
      });
      continue;
    }
    if (item.names && item.names.length > 1) throw b.error("KQL_ARGUMENTS", "only a function with several result columns can be assigned to several names", item.span);
    const expr = b.bindScalar(item.expression, { kind: "row", schema: current.schema }, scope);
    let name = item.names?.[0]?.name;
    if (name === undefined) {
      // A derived name replaces the column of that name, as an explicit one does (`extend tostring(D)` retypes D).
      const derived = derivedName(item.expression);
      name = derived !== undefined && derived !== "" ? derived : namer.fresh(new Set(schema.map((c) => c.name)));
    }
    place(name, expr);
  }
  return { op: "project", id: b.newId(), span: items[0]?.span ?? input.span, label, schema, input: current, exprs };
}

/** The names `(a, b) = f(x)` gives a tuple result; more names than columns is an error, as in Kusto. */
function tupleNames(b: Binder, item: A.NamedExpression, columns: number): string[] {
  const names = (item.names ?? []).map((n) => n.name);
  if (names.length > columns) throw b.error("KQL_ARGUMENTS", `${names.length} names for ${columns} result columns`, item.names![columns]!.span);
  return names;
}

/** Whether an expression mentions a name anywhere (conservative: any Name node with that text). */
function referencesName(e: unknown, name: string): boolean {
  if (Array.isArray(e)) return e.some((x) => referencesName(x, name));
  if (typeof e !== "object" || e === null) return false;
  const node = e as { kind?: string; name?: string };
  if (node.kind === "Name" && node.name === name) return true;
  for (const [key, v] of Object.entries(e)) {
    if (key === "span" || key === "value") continue;
    if (typeof v === "object" && v !== null && referencesName(v, name)) return true;
  }
  return false;
}

function bindProject(b: Binder, op: A.ProjectOperator, input: PlanNode, scope: Scope): PlanNode {
  const row: RowContext = { kind: "row", schema: input.schema };
  const exprs: BoundExpr[] = [];
  const schema: ColumnSchema[] = [];
  const taken = new Set<string>();
  const namer = new ColumnNamer();
  for (const item of op.items) {
    if (item.expression.kind === "Star") {
      throw b.error("KQL_UNSUPPORTED", "project * is not supported; list the columns", item.span);
    }
    const tuple = b.bindTupleItem(item.expression, row, scope);
    if (tuple) {
      const given = tupleNames(b, item, tuple.columns.length);
      tuple.columns.forEach((c, i) => {
        const explicit = given[i];
        if (explicit !== undefined && taken.has(explicit)) throw b.error("KQL_ARGUMENTS", `project names the column '${explicit}' twice`, item.span);
        const name = explicit ?? uniqueName(`${tuple.prefix}_${c.suffix}`, taken);
        taken.add(name);
        exprs.push(c.expr);
        schema.push({ name, type: c.expr.type });
      });
      continue;
    }
    if (item.names && item.names.length > 1) throw b.error("KQL_ARGUMENTS", "only a function with several result columns can be assigned to several names", item.span);
    const expr = b.bindScalar(item.expression, row, scope);
    const explicit = item.names?.[0]?.name;
    let name: string;
    if (explicit !== undefined) {
      if (taken.has(explicit)) throw b.error("KQL_ARGUMENTS", `project names the column '${explicit}' twice`, item.span);
      name = explicit;
    } else {
      const derived = derivedName(item.expression);
      name = derived !== undefined ? uniqueName(derived, taken) : namer.fresh(taken);
    }
    taken.add(name);
    exprs.push(expr);
    schema.push({ name, type: expr.type });
  }
  return { op: "project", id: b.newId(), span: op.span, label: "project", schema, input, exprs, unnamed: "dropped" };
}

const ARG_EXTREMES = new Set(["arg_max", "arg_min", "argmax", "argmin"]);

/**
 * What an aggregate's default column name (`sum_F`) knows about one argument: the name it was written
 * with (`sum(F = x)`), else its column's name, else the name Kusto derives from the expression.
 */
function namingInfo(arg: BoundExpr, written: A.Expression): ArgInfo {
  const info = argInfo(arg);
  return { ...info, columnName: argumentName(written) ?? info.columnName ?? derivedName(written) };
}

function bindSummarize(b: Binder, op: A.SummarizeOperator, input: PlanNode, scope: Scope): PlanNode {
  const row: RowContext = { kind: "row", schema: input.schema };
  const out = new OutputColumns();
  const { schema, taken } = out;
  const add = (name: string, type: ScalarType): void => out.add(name, type);

  const keys: BoundExpr[] = [];
  // Input columns a by-key is (the column, renamed or converted to its own type): `*` leaves them out.
  const starExcluded = new Set<string>();
  for (const item of op.by) {
    const expr = b.bindScalar(item.expression, row, scope);
    const explicit = item.names?.[0]?.name;
    const name = explicit ?? out.nameFor(derivedName(item.expression) ?? byNameOfCall(item.expression));
    if (explicit !== undefined && taken.has(explicit)) throw b.error("KQL_ARGUMENTS", `summarize names the column '${explicit}' twice`, item.span);
    keys.push(expr);
    add(name, expr.type);
    const col = keyColumn(item.expression, input.schema, expr.type);
    if (col !== undefined) starExcluded.add(col);
  }
  // Columns `*` brought in (arg_max(x, *), take_any(*)): a later explicit name they took gets a suffix instead.
  const starNames = new Set<string>();
  const addStar = (name: string, type: ScalarType): void => {
    const unique = uniqueName(name, taken);
    starNames.add(unique);
    add(unique, type);
  };
  const explicitName = (name: string, span: Span): string => {
    if (!taken.has(name)) return name;
    if (starNames.has(name)) return uniqueName(name, taken);
    throw b.error("KQL_ARGUMENTS", `summarize names the column '${name}' twice`, span);
  };

  const aggregates: AggregateCall[] = [];
  const outputs: SummarizeOutput[] = [];
  for (const item of op.aggregates) {
    const written = unwrap(item.expression);
    const def = written.kind === "Call" && !scope.callable(written.name) ? findAggregateFunction(written.name) : undefined;
    const call = written.kind === "Call" && def ? positionalCall(written) : written;
    if (call.kind !== "Call" || !def) {
      // An expression over aggregates (`round(avg(x), 2)`, `max(t) - min(t)`): each aggregate becomes a
      // hidden accumulator and the expression is evaluated once per group over the results.
      const hidden: A.CallExpression[] = [];
      const rewritten = replaceAggregates(item.expression, scope, hidden, aggregates.length);
      if (hidden.length === 0) throw b.error("KQL_ARGUMENTS", "summarize needs an aggregate function here (count(), sum(x), ...)", item.expression.span);
      // Each aggregate's default name (`avg_x`), for the expression's own: `round(avg(x), 2)` is `avg_x`.
      const hiddenNames = new Map<A.Expression, string>();
      for (const h of hidden) {
        const hdef = findAggregateFunction(h.name)!;
        if (ARG_EXTREMES.has(h.name)) throw b.error("KQL_UNSUPPORTED", `${h.name}() inside an expression is not supported`, h.span);
        const hargs = positionalCall(h).args;
        const args = hargs.map((a) => (a.kind === "Star" ? undefined : b.bindScalar(a, row, scope))).filter((a): a is BoundExpr => a !== undefined);
        b.checkArguments(h.name, hdef.params, args, h.span);
        aggregates.push({ def: hdef, factory: bindAggregate(b, hdef, args, h.span), args });
        const plainArgs = hargs.filter((a) => a.kind !== "Star");
        hiddenNames.set(h, hdef.defaultName(args.map((a, i) => namingInfo(a, plainArgs[i]!))));
      }
      // The group row: the keys, then every aggregate's result so far (the hidden names index into them).
      const padded: ColumnSchema[] = [
        ...schema.slice(0, keys.length),
        ...aggregates.map((a, i) => ({ name: `\u0000agg${i}`, type: resultType(a) })),
      ];
      const expr = b.bindScalar(rewritten, { kind: "row", schema: padded }, scope);
      const given = item.names?.[0]?.name;
      const derived = derivedName(item.expression, (e) => hiddenNames.get(e));
      const name = given !== undefined ? explicitName(given, item.span) : out.nameFor(derived);
      add(name, expr.type);
      outputs.push({ kind: "expression", expr });
      continue;
    }
    const aggIndex = aggregates.length;
    if (ARG_EXTREMES.has(call.name)) {
      const [target, ...rest] = call.args;
      if (!target) throw b.error("KQL_ARGUMENTS", `${call.name}() needs the expression to maximise or minimise`, call.span);
      const targetExpr = b.bindScalar(target, row, scope);
      // The accumulator receives the value and the row number; the winning row supplies the other columns.
      const args = [targetExpr, { k: "const", type: "long", value: 0, span: call.span } as BoundExpr];
      aggregates.push({ def, factory: bindAggregate(b, def, args, call.span), args: [targetExpr] });
      const names = item.names ?? [];
      const targetName = names[0]?.name ?? uniqueName(derivedName(target) ?? `${call.name.replace(/^arg/, "").replace(/^_/, "")}_`, taken);
      add(targetName, targetExpr.type);
      outputs.push({ kind: "winnerColumn", aggregate: aggIndex, column: targetExpr });
      const targetColumn = target.kind === "Name" ? target.name : undefined;
      let nameIndex = 1;
      for (const extra of rest) {
        if (extra.kind === "Star") {
          input.schema.forEach((c, i) => {
            if (starExcluded.has(c.name) || c.name === targetColumn) return;
            addStar(c.name, c.type);
            outputs.push({ kind: "winnerColumn", aggregate: aggIndex, column: { k: "column", type: c.type, index: i, name: c.name, span: extra.span } });
          });
          continue;
        }
        const expr = b.bindScalar(extra, row, scope);
        const explicit = names[nameIndex++]?.name;
        add(out.nameFor(explicit ?? derivedName(extra)), expr.type);
        outputs.push({ kind: "winnerColumn", aggregate: aggIndex, column: expr });
      }
      continue;
    }
    if ((call.name === "take_any" || call.name === "any") && call.args.some((a) => a.kind === "Star")) {
      // take_any(*): every column of one row of the group. arg_min over a constant picks the group's first row.
      const argMin = findAggregateFunction("arg_min")!;
      const zero: BoundExpr = { k: "const", type: "long", value: 0, span: call.span };
      aggregates.push({ def: argMin, factory: bindAggregate(b, argMin, [zero, zero], call.span), args: [zero] });
      input.schema.forEach((c, i) => {
        if (starExcluded.has(c.name)) return;
        addStar(c.name, c.type);
        outputs.push({ kind: "winnerColumn", aggregate: aggIndex, column: { k: "column", type: c.type, index: i, name: c.name, span: call.span } });
      });
      continue;
    }
    if ((call.name === "take_any" || call.name === "any") && call.args.length > 1) {
      // take_any(a, b, ...): the values of one row of the group, a column each (named after the expression).
      const argMin = findAggregateFunction("arg_min")!;
      const zero: BoundExpr = { k: "const", type: "long", value: 0, span: call.span };
      aggregates.push({ def: argMin, factory: bindAggregate(b, argMin, [zero, zero], call.span), args: [zero] });
      call.args.forEach((arg, j) => {
        const expr = b.bindScalar(arg, row, scope);
        const given = item.names?.[j]?.name;
        add(given !== undefined ? explicitName(given, arg.span) : out.nameFor(derivedName(arg)), expr.type);
        outputs.push({ kind: "winnerColumn", aggregate: aggIndex, column: expr });
      });
      continue;
    }
    const args = call.args.map((a) => (a.kind === "Star" ? undefined : b.bindScalar(a, row, scope))).filter((a): a is BoundExpr => a !== undefined);
    b.checkArguments(call.name, def.params, args, call.span);
    if (def.expand) {
      // percentiles(x, 50, 90): one aggregate and column per part (AggregateFunctionDef.expand).
      def.expand(args.length).forEach((part, j) => {
        const pdef = findAggregateFunction(part.name)!;
        const pargs = part.args.map((i) => args[i]!);
        const pinfos = pargs.map(argInfo);
        const given = item.names?.[j]?.name;
        const pname = pdef.defaultName(pargs.map((a, k) => namingInfo(a, call.args[part.args[k]!]!)));
        aggregates.push({ def: pdef, factory: bindAggregate(b, pdef, pargs, call.span), args: pargs });
        add(given !== undefined ? explicitName(given, item.span) : uniqueName(pname, taken), typeof pdef.returns === "function" ? pdef.returns(pinfos) : pdef.returns);
        outputs.push({ kind: "aggregate", aggregate: aggregates.length - 1 });
      });
      continue;
    }
    const infos = args.map(argInfo);
    const type = typeof def.returns === "function" ? def.returns(infos) : def.returns;
    const defaultName = (): string => {
      const n = def.defaultName(args.map((a, i) => namingInfo(a, call.args[i]!)));
      return n;
    };
    const given = item.names?.[0]?.name;
    const name = given !== undefined ? explicitName(given, item.span) : uniqueName(defaultName(), taken);
    aggregates.push({ def, factory: bindAggregate(b, def, args, call.span), args });
    add(name, type);
    outputs.push({ kind: "aggregate", aggregate: aggIndex });
  }
  return { op: "summarize", id: b.newId(), span: op.span, label: "summarize", schema, input, keys, aggregates, outputs };
}

const SAME_TYPE_CONVERSIONS = new Set(["tostring", "toint", "tolong", "toreal", "todouble", "tobool", "toboolean", "todatetime", "totimespan", "toguid", "todecimal", "todynamic", "toobject"]);

/**
 * The input column a by-key stands for, as Kusto's binder sees it: a column reference, or a conversion of
 * one to its own type (`tostring(s)` of a string); `bin(t, 1h)` or `tostring(n)` of a number is a new value.
 */
function keyColumn(e: A.Expression, schema: readonly ColumnSchema[], type: ScalarType): string | undefined {
  const c = unwrap(e);
  if (c.kind === "Name") return schema.some((col) => col.name === c.name && col.type === type) ? c.name : undefined;
  if (c.kind === "Call" && SAME_TYPE_CONVERSIONS.has(c.name) && c.args.length === 1) return keyColumn(c.args[0]!, schema, type);
  return undefined;
}

/** `bin(x, 1h)` and similar keep the column's name as a by-expression. */
function byNameOfCall(e: A.Expression): string | undefined {
  const c = unwrap(e);
  if (c.kind === "Call" && (c.name === "bin" || c.name === "floor" || c.name === "bin_at") && c.args[0]) return derivedName(c.args[0]);
  return undefined;
}

function unwrap(e: A.Expression): A.Expression {
  return e.kind === "Paren" ? unwrap(e.expression) : e;
}

function bindAggregate(b: Binder, def: AggregateCall["def"], args: BoundExpr[], span: Span): AggregateCall["factory"] {
  try {
    return def.bind(args.map(argInfo));
  } catch (err) {
    throw b.reanchor(err, span);
  }
}

function bindJoin(b: Binder, op: A.JoinOperator | A.LookupOperator, left: PlanNode, scope: Scope): PlanNode {
  const right = b.bindTabular(op.right, scope);
  const leftKeys: BoundExpr[] = [];
  const rightKeys: BoundExpr[] = [];
  const row: RowContext = { kind: "join", left: left.schema, right: right.schema };
  for (const cond of op.on) {
    if (cond.kind === "SameName") {
      const li = left.schema.findIndex((c) => c.name === cond.name);
      const ri = right.schema.findIndex((c) => c.name === cond.name);
      if (li < 0) throw b.error("KQL_UNKNOWN_COLUMN", `the left side of the join has no column '${cond.name}'`, cond.span);
      if (ri < 0) throw b.error("KQL_UNKNOWN_COLUMN", `the right side of the join has no column '${cond.name}'`, cond.span);
      leftKeys.push({ k: "column", type: left.schema[li]!.type, index: li, name: cond.name, span: cond.span });
      rightKeys.push({ k: "column", type: right.schema[ri]!.type, index: ri, name: cond.name, span: cond.span });
    } else {
      let l = b.bindScalar(cond.left, row, scope);
      let r = b.bindScalar(cond.right, row, scope);
      if (l.k === "column" && l.side === "right" && r.k === "column" && r.side === "left") [l, r] = [r, l];
      if (l.k !== "column" || l.side !== "left" || r.k !== "column" || r.side !== "right") {
        throw b.error("KQL_ARGUMENTS", "a join condition compares $left.Column with $right.Column", cond.span);
      }
      leftKeys.push(l);
      rightKeys.push(r);
    }
  }
  leftKeys.forEach((l, i) => {
    const r = rightKeys[i]!;
    if (!comparable(l.type, r.type, false)) throw b.error("KQL_TYPE", `join keys of different types: ${l.type} and ${r.type}`, op.on[i]!.span);
  });

  const isLookup = op.kind === "Lookup";
  const kind = op.joinKind;
  const outputs: { side: "left" | "right"; index: number }[] = [];
  const schema: ColumnSchema[] = [];
  const taken = new Set<string>();
  const leftOnly = kind === "leftsemi" || kind === "leftanti";
  const rightOnly = kind === "rightsemi" || kind === "rightanti";
  // A renamed right column skips the names the right side itself has (as Kusto's binder does: with `s`
  // and `s1` on both sides, the right `s` becomes `s2`, not `s1`).
  const rightNames = new Set(!leftOnly && !rightOnly ? right.schema.map((c) => c.name) : []);
  const takenOrRight = { has: (n: string): boolean => taken.has(n) || rightNames.has(n) };
  const push = (side: "left" | "right", index: number, name: string, type: ScalarType): void => {
    const unique = taken.has(name) ? uniqueName(name, takenOrRight) : name;
    taken.add(unique);
    schema.push({ name: unique, type });
    outputs.push({ side, index });
  };
  if (!rightOnly) left.schema.forEach((c, i) => push("left", i, c.name, c.type));
  if (!leftOnly) {
    const rightKeyIndexes = new Set(rightKeys.map((k) => (k as Extract<BoundExpr, { k: "column" }>).index));
    right.schema.forEach((c, i) => {
      if (isLookup && rightKeyIndexes.has(i)) return;
      push("right", i, c.name, c.type);
    });
  }
  const label = `${isLookup ? "lookup" : "join"} kind=${kind}`;
  return { op: "join", id: b.newId(), span: op.span, label, schema, kind, left, right, leftKeys, rightKeys, outputs, isLookup };
}

function bindUnion(b: Binder, op: A.UnionOperator, input: PlanNode | undefined, scope: Scope): PlanNode {
  const param = (name: string): A.Expression | undefined => op.params.find((p) => p.name.toLowerCase() === name)?.value;
  const fuzzyExpr = param("isfuzzy");
  const isFuzzy = fuzzyExpr?.kind === "Literal" && fuzzyExpr.value === true;
  const kindExpr = param("kind");
  const inner = kindExpr?.kind === "Name" && kindExpr.name === "inner";
  const withSourceExpr = param("withsource");
  const inputs: PlanNode[] = [];
  const labels: string[] = [];
  if (input) {
    inputs.push(input);
    labels.push("union_arg0");
  }
  for (const t of op.tables) {
    if (t.kind === "Name" && t.name.includes("*")) {
      for (const name of b.tablesMatching(t.name)) {
        inputs.push(b.bindTabular({ kind: "Name", name, span: t.span }, scope));
        labels.push(name);
      }
      continue;
    }
    try {
      inputs.push(b.bindTabular(t, scope));
      labels.push(t.kind === "Name" ? t.name : `union_arg${labels.length}`);
    } catch (err) {
      // isfuzzy=true: a table that cannot be resolved is left out instead of failing the query.
      if (!isFuzzy) throw err;
    }
  }
  if (inputs.length === 0) throw b.error("KQL_UNKNOWN_TABLE", "union has no table to read (all are missing)", op.span);

  // Columns by name; a name with several types becomes one column per type: Name_string, Name_long.
  const typesByName = new Map<string, ScalarType[]>();
  for (const p of inputs) {
    for (const c of p.schema) {
      const types = typesByName.get(c.name) ?? [];
      if (!types.includes(c.type)) types.push(c.type);
      typesByName.set(c.name, types);
    }
  }
  const outCols: { name: string; source: string; type: ScalarType }[] = [];
  const seen = new Set<string>();
  const taken = new Set<string>();
  // A split name's columns sit together where the name first appears (Kusto: Port_int, Port_string, ...).
  for (const p of inputs) {
    for (const c of p.schema) {
      if (seen.has(c.name)) continue;
      seen.add(c.name);
      const types = typesByName.get(c.name)!;
      for (const type of types) {
        if (inner && !inputs.every((q) => q.schema.some((x) => x.name === c.name && x.type === type))) continue;
        // A split name can meet a real column of that name (x_long from x, and x_long): the later one gets a suffix.
        const name = uniqueName(types.length > 1 ? `${c.name}_${type}` : c.name, taken);
        taken.add(name);
        outCols.push({ name, source: c.name, type });
      }
    }
  }
  const columnMaps = inputs.map((p) => outCols.map((oc) => p.schema.findIndex((c) => c.name === oc.source && c.type === oc.type)));
  const schema: ColumnSchema[] = outCols.map((c) => ({ name: c.name, type: c.type }));
  let withSource: { name: string; labels: string[] } | undefined;
  if (withSourceExpr) {
    const name = withSourceExpr.kind === "Name" ? withSourceExpr.name : String((withSourceExpr as A.Literal).value);
    withSource = { name, labels };
    schema.unshift({ name, type: "string" });
  }
  const node: PlanNode = { op: "union", id: b.newId(), span: op.span, label: "union", schema, inputs, columnMaps };
  if (withSource) node.withSource = withSource;
  return node;
}

/** mv-expand: each item replaces the column of its name (or is appended), typed dynamic unless `to typeof()`. */
function bindMvExpand(b: Binder, op: A.MvExpandOperator, input: PlanNode, scope: Scope): PlanNode {
  const row: RowContext = { kind: "row", schema: input.schema };
  const param = (name: string): A.Expression | undefined => op.params.find((p) => p.name.toLowerCase() === name)?.value;
  const expansion = param("bagexpansion") ?? param("kind");
  const bagExpansion = expansion?.kind === "Name" && expansion.name === "array" ? "array" : "bag";
  const schema = [...input.schema];
  const items = op.items.map((item) => {
    const expr = b.bindScalar(item.expression, row, scope);
    if (expr.type !== "dynamic") throw b.error("KQL_TYPE", `mv-expand needs a dynamic array or property bag, but the expression is ${expr.type}`, item.expression.span);
    const name = item.name ?? derivedName(item.expression) ?? new ColumnNamer().fresh(new Set(schema.map((c) => c.name)));
    const toType = item.toType ?? "dynamic";
    let target = schema.findIndex((c) => c.name === name);
    if (target >= 0) schema[target] = { name, type: toType };
    else {
      target = schema.length;
      schema.push({ name, type: toType });
    }
    return { expr, target, toType };
  });
  const indexParam = param("with_itemindex");
  let itemIndex: number | undefined;
  if (indexParam) {
    if (indexParam.kind !== "Name") throw b.error("KQL_ARGUMENTS", "with_itemindex needs a column name", indexParam.span);
    itemIndex = schema.length;
    schema.push({ name: indexParam.name, type: "long" });
  }
  let limit = 2147483647;
  if (op.limit) {
    const l = b.bindScalar(op.limit, NO_ROW, scope);
    if (l.k !== "const" || typeof l.value !== "number") throw b.error("KQL_ARGUMENTS", "mv-expand limit needs a constant number", op.limit.span);
    limit = l.value;
  }
  const node: PlanNode = { op: "mvexpand", id: b.newId(), span: op.span, label: "mv-expand", schema, input, items, bagExpansion, limit };
  if (itemIndex !== undefined) node.itemIndex = itemIndex;
  return node;
}

/**
 * What a parse column captures. Numbers match digits in `simple` and `regex` mode (so `count:long *`
 * stops where the digits do); `relaxed` captures text up to the next constant and converts what it can.
 * Strings and other types capture lazily up to the next constant in simple/relaxed mode (the rest of the
 * text when last) and greedily in regex mode (`flags=U` makes it lazy). A relaxed number right before a
 * `*` matches digits too, since nothing else would end it.
 */
function captureFor(type: ScalarType, mode: A.ParseOperator["parseKind"], last: boolean, beforeStar: boolean): string {
  if (mode !== "relaxed" || beforeStar) {
    if (type === "int" || type === "long") return "-?\\d+";
    if (type === "real" || type === "decimal") return "-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?";
  }
  if (mode === "regex" || last) return ".*";
  return ".*?";
}

/**
 * parse: `simple` and `relaxed` search the text constants in order from the start of the text (`*` skips),
 * each column capturing the text up to the next constant; `regex` uses the constants as RE2 fragments.
 * Columns are named groups, so capture groups inside the user's regex fragments do not shift them.
 */
function bindParse(b: Binder, op: A.ParseOperator, input: PlanNode, scope: Scope): PlanNode {
  const source = b.bindScalar(op.source, { kind: "row", schema: input.schema }, scope);
  const schema = [...input.schema];
  const captures: { target: number; type: ScalarType; group: string }[] = [];
  const regexMode = op.parseKind === "regex";
  let pattern = regexMode ? "" : "^";
  op.pattern.forEach((part, i) => {
    const last = i === op.pattern.length - 1;
    if (part.kind === "Text") {
      pattern += regexMode ? part.text : re2().quote(part.text);
    } else if (part.kind === "Star") {
      pattern += regexMode || last ? ".*" : ".*?";
    } else {
      const type = part.type ?? "string";
      const group = `kqlcol${captures.length}`;
      pattern += `(?P<${group}>${captureFor(type, op.parseKind, last, op.pattern[i + 1]?.kind === "Star")})`;
      let target = schema.findIndex((c) => c.name === part.name);
      if (target >= 0) schema[target] = { name: part.name, type };
      else {
        target = schema.length;
        schema.push({ name: part.name, type });
      }
      captures.push({ target, type, group });
    }
  });
  if (regexMode && op.flags) {
    if (!/^[imsU]+$/.test(op.flags)) throw b.error("KQL_ARGUMENTS", `unsupported regex flags '${op.flags}' (use i, m, s, U)`, op.span);
    pattern = `(?${op.flags})${pattern}`;
  }
  let regex: RE2JS;
  try {
    regex = re2().compile(pattern, regexMode ? 0 : re2().DOTALL);
  } catch (err) {
    throw b.error("KQL_ARGUMENTS", `the parse pattern is not a valid RE2 regular expression: ${(err as Error).message}`, op.span);
  }
  const label = op.where ? "parse-where" : "parse";
  const node: PlanNode = { op: "parse", id: b.newId(), span: op.span, label, schema, input, source, regex, captures, strict: op.parseKind !== "relaxed", dropUnmatched: op.where === true };
  const steps = regexMode ? undefined : parseSteps(op);
  if (steps) node.steps = steps;
  return node;
}

/**
 * The pattern as indexOf steps, when its shape allows: a column must be followed by text, `*`, or
 * nothing, and a digits-only column must not follow another column. Otherwise undefined (regex only).
 */
function parseSteps(op: A.ParseOperator): ParseStep[] | undefined {
  const steps: ParseStep[] = [];
  let column = 0;
  for (let i = 0; i < op.pattern.length; i++) {
    const part = op.pattern[i]!;
    const previous = steps[steps.length - 1];
    if (part.kind === "Text") steps.push({ kind: "text", text: part.text });
    else if (part.kind === "Star") steps.push({ kind: "star" });
    else {
      if (previous?.kind === "column") return undefined;
      const type = part.type ?? "string";
      // Mirrors captureFor: where the regex matches a number, integers become a digits step and reals
      // are left to the regex; elsewhere the column captures text lazily.
      const numberPattern = (op.parseKind !== "relaxed" || op.pattern[i + 1]?.kind === "Star") && (type === "int" || type === "long" || type === "real" || type === "decimal");
      if (numberPattern && (type === "real" || type === "decimal")) return undefined;
      steps.push({ kind: "column", column: column++, digits: numberPattern });
    }
  }
  return steps;
}

/** A copy of `e` with each aggregate call replaced by a reference to its hidden result column. */
function replaceAggregates(e: A.Expression, scope: Scope, hidden: A.CallExpression[], aggregateOffset: number): A.Expression {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (typeof node !== "object" || node === null) return node;
    const n = node as { kind?: string };
    if (n.kind === "Call") {
      const call = node as A.CallExpression;
      if (!scope.callable(call.name) && findAggregateFunction(call.name)) {
        hidden.push(call);
        return { kind: "Name", name: `\u0000agg${hidden.length - 1 + aggregateOffset}`, span: call.span } satisfies A.NameReference;
      }
    }
    if (n.kind === "Pipe") return node;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) copy[k] = k === "span" ? v : visit(v);
    return copy;
  };
  return visit(e) as A.Expression;
}

function resultType(a: AggregateCall): ScalarType {
  return typeof a.def.returns === "function" ? a.def.returns(a.args.map(argInfo)) : a.def.returns;
}

/** The value of a make-series constant series (`x = -1`), or undefined when the expression is not a constant. */
function constantSeriesValue(b: Binder, e: A.Expression, scope: Scope): Value | undefined {
  let bound: BoundExpr;
  try {
    bound = b.bindScalar(e, NO_ROW, scope);
  } catch {
    // A column reference or an expression over aggregates (`sum(x) + 1`): not a constant series.
    return undefined;
  }
  return bound.k === "const" ? bound.value : undefined;
}

/** The aggregate a make-series constant series is bound to: its accumulator ignores the rows. */
const CONSTANT_SERIES: AggregateCall["def"] = {
  name: "constant",
  category: "make-series",
  description: "A constant make-series item.",
  params: [],
  returns: "dynamic",
  defaultName: () => "Column1",
  bind: () => () => ({ add: () => undefined, result: () => null }),
};

/** make-series: by-columns, then one dynamic array per aggregate, then the axis as a dynamic array. */
function bindMakeSeries(b: Binder, op: A.MakeSeriesOperator, input: PlanNode, scope: Scope): PlanNode {
  const row: RowContext = { kind: "row", schema: input.schema };
  const out = new OutputColumns();
  const { schema, taken } = out;
  const keys = op.by.map((item) => {
    const expr = b.bindScalar(item.expression, row, scope);
    out.add(item.names?.[0]?.name ?? out.nameFor(derivedName(item.expression) ?? byNameOfCall(item.expression)), expr.type);
    return expr;
  });
  const aggregates: AggregateCall[] = [];
  const defaults: Value[] = [];
  const namer = new ColumnNamer();
  const defaultOf = (item: A.MakeSeriesOperator["aggregates"][number]): Value => {
    const fallback = item.defaultValue ? b.bindScalar(item.defaultValue, NO_ROW, scope) : undefined;
    if (fallback && fallback.k !== "const") throw b.error("KQL_ARGUMENTS", "make-series default= needs a constant", item.defaultValue!.span);
    return fallback ? (fallback as { value: Value }).value : 0;
  };
  for (const item of op.aggregates) {
    const written = unwrap(item.expression);
    const def = written.kind === "Call" ? findAggregateFunction(written.name) : undefined;
    // As in summarize: an aggregate reads `sum(F = x)` by position, and F names its column.
    const call = written.kind === "Call" && def ? positionalCall(written) : written;
    if (call.kind !== "Call" || !def) {
      // `other = -1 default = -2`: a constant series, the value in every bin that has rows (make-series-operator.md).
      const value = constantSeriesValue(b, item.expression, scope);
      if (value === undefined) throw b.error("KQL_ARGUMENTS", "make-series needs an aggregate function (count(), avg(x), sum(x), ...) or a constant here", item.expression.span);
      aggregates.push({ def: CONSTANT_SERIES, factory: () => ({ add: () => undefined, result: () => value }), args: [] });
      defaults.push(defaultOf(item));
      out.add(item.names?.[0]?.name ?? namer.fresh(taken), "dynamic");
      continue;
    }
    if (ARG_EXTREMES.has(call.name)) throw b.error("KQL_ARGUMENTS", "make-series needs an aggregate function here (count(), avg(x), sum(x), ...)", item.expression.span);
    const args = call.args.map((a) => b.bindScalar(a, row, scope));
    b.checkArguments(call.name, def.params, args, call.span);
    aggregates.push({ def, factory: bindAggregate(b, def, args, call.span), args });
    defaults.push(defaultOf(item));
    const name = item.names?.[0]?.name ?? uniqueName(def.defaultName(args.map((a, i) => namingInfo(a, call.args[i]!))), taken);
    out.add(name, "dynamic");
  }
  const axis = b.bindScalar(op.on, row, scope);
  if (axis.type !== "datetime" && axis.type !== "timespan" && axis.type !== "int" && axis.type !== "long" && axis.type !== "real") {
    throw b.error("KQL_TYPE", `make-series needs a datetime, timespan or numeric axis, but the expression is ${axis.type}`, op.on.span);
  }
  const constant = (e: A.Expression | undefined, what: string): BoundExpr | undefined => {
    if (!e) return undefined;
    const v = b.bindScalar(e, NO_ROW, scope);
    if (v.k !== "const") throw b.error("KQL_ARGUMENTS", `make-series ${what} needs a constant`, e.span);
    return v;
  };
  const step = constant(op.step, "step")!;
  out.add(out.nameFor(derivedName(op.on)), "dynamic");
  const kind = op.params.find((p) => p.name.toLowerCase() === "kind")?.value;
  const nonEmpty = kind?.kind === "Name" && kind.name === "nonempty";
  const node: PlanNode = { op: "makeseries", id: b.newId(), span: op.span, label: "make-series", schema, input, keys, aggregates, defaults, axis, step, nonEmpty };
  const from = constant(op.from, "from");
  const to = constant(op.to, "to");
  if (from) node.from = from;
  if (to) node.to = to;
  return node;
}

/**
 * mv-apply: the per-row expansion is bound as mv-expand over the input; the subquery binds over a
 * placeholder source with that schema (the empty name, as `invoke` binds its input). The output keeps
 * the input's columns in place (less those expanded under their own name; a subquery column of the
 * same name fills that slot, as Microsoft's binder does), then the subquery's other columns.
 */
function bindMvApply(b: Binder, op: A.MvApplyOperator, input: PlanNode, scope: Scope): PlanNode {
  const asExpand: A.MvExpandOperator = { kind: "MvExpand", keywordSpan: op.keywordSpan, params: op.params, items: op.items, span: op.span };
  if (op.limit) asExpand.limit = op.limit;
  const expand = bindMvExpand(b, asExpand, input, scope);
  if (expand.op !== "mvexpand") throw b.error("KQL_UNSUPPORTED", "mv-apply expansion did not bind", op.span);
  const id = b.newId();
  const placeholder = `\u0000mvapply${id}`;
  const source: PlanNode = { op: "source", id: b.newId(), span: op.span, label: "mv-apply row", schema: expand.schema, table: placeholder };
  const subquery = b.bindTabular(op.subquery, withInput(scope, source));
  const expandedNames = new Set(expand.items.filter((it) => it.target < input.schema.length).map((it) => input.schema[it.target]!.name));
  const outputs: { from: "input" | "subquery"; index: number }[] = [];
  const schema: ColumnSchema[] = [];
  const placed = new Set<number>();
  input.schema.forEach((c, i) => {
    if (expandedNames.has(c.name)) return;
    const sub = subquery.schema.findIndex((s) => s.name === c.name);
    if (sub >= 0) placed.add(sub);
    outputs.push(sub >= 0 ? { from: "subquery", index: sub } : { from: "input", index: i });
    schema.push({ name: c.name, type: sub >= 0 ? subquery.schema[sub]!.type : c.type });
  });
  subquery.schema.forEach((c, i) => {
    if (placed.has(i)) return;
    outputs.push({ from: "subquery", index: i });
    schema.push({ ...c });
  });
  return { op: "mvapply", id, span: op.span, label: "mv-apply", schema, input, expand, placeholder, subquery, outputs };
}

/**
 * partition by Column ( subquery ): the subquery is bound once over a placeholder source with the
 * input's schema; the runtime runs it per partition. The partition column must be a scalar column that
 * groups by value (not dynamic), as the reference requires.
 */
function bindPartition(b: Binder, op: A.PartitionOperator, input: PlanNode, scope: Scope): PlanNode {
  for (const p of op.params) {
    if (!p.name.toLowerCase().startsWith("hint.")) throw b.error("KQL_ARGUMENTS", `partition does not take '${p.name}'`, p.span);
  }
  const key = input.schema.findIndex((c) => c.name === op.column);
  if (key < 0) throw b.error("KQL_UNKNOWN_COLUMN", `unknown column '${op.column}'`, op.columnSpan, op.column);
  if (input.schema[key]!.type === "dynamic") throw b.error("KQL_TYPE", "partition needs a column of a scalar type, not dynamic", op.columnSpan);
  const id = b.newId();
  const placeholder = `\u0000partition${id}`;
  const source: PlanNode = { op: "source", id: b.newId(), span: op.span, label: "partition rows", schema: input.schema, table: placeholder };
  const subquery = b.bindTabular(op.subquery, withInput(scope, source));
  return { op: "partition", id, span: op.span, label: "partition", schema: subquery.schema.map((c) => ({ ...c })), input, key, placeholder, subquery };
}

/** Columns a plugin may name from the data: replayed rows are untrusted, and each column costs a pass. */
const MAX_DATA_COLUMNS = 10_000;

/** The plugins bound in plugins.ts, by lower-case name. */
const PLUGINS: Record<string, (b: Binder, op: A.EvaluateOperator, input: PlanNode, scope: Scope) => PlanNode> = {
  ipv4_lookup: bindIpv4Lookup,
  basket: bindBasket,
  sequence_detect: bindSequenceDetect,
};

/** evaluate: the plugins whose output the engine can name (bag_unpack; others are refused by name). */
function bindEvaluate(b: Binder, op: A.EvaluateOperator, input: PlanNode, scope: Scope): PlanNode {
  const name = op.plugin.name.toLowerCase();
  if (name === "bag_unpack") return bindBagUnpack(b, op, input, scope);
  if (name === "pivot") return bindPivot(b, op, input, scope);
  const plugin = PLUGINS[name];
  if (plugin) return plugin(b, op, input, scope);
  throw b.error("KQL_UNSUPPORTED", `the 'evaluate ${op.plugin.name}' operator is not supported yet`, op.plugin.nameSpan);
}

/** The column type of a slot whose values all have one kind; dynamic when they differ (or are all null). */
function slotKind(v: Value): ScalarType | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "bigint") return "long";
  if (typeof v === "number") return Number.isInteger(v) ? "long" : "real";
  return "dynamic";
}

/**
 * evaluate bag_unpack(Column [, prefix] [, columnsConflict] [, ignoredProperties]) [: (schema)]:
 * one column per distinct top-level slot of the bags in Column, which is removed. With a schema hint
 * the hint names the columns (`*` first keeps the input's). Without one the output columns depend on
 * the data, so the binder reads it: it runs the input plan over the caller's tables (Binder.peek) and
 * names one column per slot, sorted by name, typed by the slot's values when they all have one kind
 * (as Kusto does). This is the one place binding reads data (docs/semantics.md); over empty tables the
 * plugin adds no columns. A slot named like an input column fails (columnsConflict='error', the
 * default), replaces the input column ('replace_source') or is dropped ('keep_source').
 */
function bindBagUnpack(b: Binder, op: A.EvaluateOperator, input: PlanNode, scope: Scope): PlanNode {
  const call = op.plugin;
  const named = (n: string): A.Expression | undefined => call.namedArgs.find((a) => a.name.toLowerCase() === n.toLowerCase())?.value;
  const column = call.args[0];
  if (!column || column.kind !== "Name") throw b.error("KQL_ARGUMENTS", "bag_unpack needs a dynamic column of its input as its first argument", call.span);
  const source = input.schema.findIndex((c) => c.name === column.name);
  if (source < 0) throw b.error("KQL_UNKNOWN_COLUMN", `unknown column '${column.name}'`, column.span, column.name);
  if (input.schema[source]!.type !== "dynamic") throw b.error("KQL_TYPE", `bag_unpack needs a dynamic column, but '${column.name}' is ${input.schema[source]!.type}`, column.span);
  const constant = (e: A.Expression | undefined, what: string): Value | undefined => {
    if (!e) return undefined;
    const v = b.bindScalar(e, NO_ROW, scope);
    if (v.k !== "const") throw b.error("KQL_ARGUMENTS", `bag_unpack ${what} needs a constant`, e.span);
    return v.value;
  };
  const prefixValue = constant(call.args[1] ?? named("OutputColumnPrefix"), "OutputColumnPrefix");
  const prefix = typeof prefixValue === "string" ? prefixValue : "";
  const conflictValue = constant(call.args[2] ?? named("columnsConflict"), "columnsConflict") ?? "error";
  if (conflictValue !== "error" && conflictValue !== "replace_source" && conflictValue !== "keep_source") {
    throw b.error("KQL_ARGUMENTS", "bag_unpack columnsConflict is 'error', 'replace_source' or 'keep_source'", (call.args[2] ?? named("columnsConflict"))!.span);
  }
  const ignoredValue = constant(call.args[3] ?? named("ignoredProperties"), "ignoredProperties");
  const ignored = new Set(Array.isArray(ignoredValue) ? ignoredValue.map((v) => String(v)) : []);

  const outputs: BagUnpackNode["outputs"] = [];
  const schema: ColumnSchema[] = [];
  const keep = (i: number): void => {
    outputs.push({ from: "input", index: i });
    schema.push({ ...input.schema[i]! });
  };
  const hint = op.schemaHint;
  if (hint) {
    const hinted = new Set(hint.columns.map((c) => c.name));
    if (hint.star) input.schema.forEach((c, i) => i !== source && !hinted.has(c.name) && keep(i));
    for (const c of hint.columns) {
      const key = prefix && c.name.startsWith(prefix) ? c.name.slice(prefix.length) : c.name;
      outputs.push({ from: "slot", key });
      schema.push({ name: c.name, type: c.type });
    }
  } else {
    const data = b.peek ? b.peek(input) : undefined;
    const kinds = new Map<string, ScalarType | undefined>();
    if (data) {
      const col = data.columns[source]!;
      for (let r = 0; r < data.length; r++) {
        const v = col.get(r);
        if (!isBag(v)) continue;
        for (const key of Object.keys(v)) {
          if (ignored.has(key)) continue;
          const kind = slotKind(v[key] as Value);
          if (!kinds.has(key)) kinds.set(key, kind);
          else if (kind !== undefined) {
            const seen = kinds.get(key);
            kinds.set(key, seen === undefined || seen === kind ? kind : "dynamic");
          }
        }
      }
    }
    const slots = [...kinds.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    if (slots.length > MAX_DATA_COLUMNS) throw b.error("KQL_LIMIT", `bag_unpack would make ${slots.length} columns (at most ${MAX_DATA_COLUMNS})`, call.span);
    const slotNames = new Set(slots.map((k) => prefix + k));
    const conflicts = input.schema.filter((c, i) => i !== source && slotNames.has(c.name));
    if (conflicts.length > 0 && conflictValue === "error") {
      throw b.error("KQL_ARGUMENTS", `bag_unpack would make a second column '${conflicts[0]!.name}' (use columnsConflict='replace_source' or 'keep_source')`, call.span);
    }
    input.schema.forEach((c, i) => {
      if (i === source) return;
      if (slotNames.has(c.name) && conflictValue === "replace_source") return;
      keep(i);
    });
    for (const key of slots) {
      const name = prefix + key;
      if (conflictValue === "keep_source" && input.schema.some((c, i) => i !== source && c.name === name)) continue;
      outputs.push({ from: "slot", key });
      schema.push({ name, type: kinds.get(key) ?? "dynamic" });
    }
  }
  const node: BagUnpackNode = { op: "bagunpack", id: b.newId(), span: op.span, label: "evaluate bag_unpack", schema, input, source, outputs };
  // Without a hint the columns come from the data: later names it lacks are taken as empty (Binder.openNodes).
  if (!hint) b.openNodes.add(node.id);
  return node;
}

/**
 * evaluate pivot(PivotColumn [, aggregate] [, Column1, ...]) [: (schema)]: one row per distinct
 * by-columns (by default every input column but the pivot column and those the aggregate reads), one
 * column per distinct value of the pivot column as text, in first-seen order, holding the aggregate
 * (count() by default) over that group's rows with that value; a missing combination holds the
 * aggregate over no rows (0 for count). Like bag_unpack, the pivot columns come from the data the
 * binder reads (docs/semantics.md) unless a schema hint names them (the hint's columns after the
 * by-columns are the pivot values).
 */
function bindPivot(b: Binder, op: A.EvaluateOperator, input: PlanNode, scope: Scope): PlanNode {
  const row: RowContext = { kind: "row", schema: input.schema };
  const call = op.plugin;
  const [pivotArg, ...rest] = call.args;
  if (!pivotArg || pivotArg.kind !== "Name") throw b.error("KQL_ARGUMENTS", "pivot needs a column of its input as its first argument", call.span);
  const pivot = b.bindScalar(pivotArg, row, scope);
  let aggregateArg: A.CallExpression = { kind: "Call", name: "count", nameSpan: call.nameSpan, args: [], namedArgs: [], span: call.span };
  if (rest[0]?.kind === "Call") aggregateArg = rest.shift() as A.CallExpression;
  const def = findAggregateFunction(aggregateArg.name);
  if (!def || ARG_EXTREMES.has(aggregateArg.name)) throw b.error("KQL_ARGUMENTS", "pivot needs an aggregate function (count(), sum(x), make_set(x), ...)", aggregateArg.span);
  const args = aggregateArg.args.map((a) => b.bindScalar(a, row, scope));
  b.checkArguments(aggregateArg.name, def.params, args, aggregateArg.span);
  const aggregate: AggregateCall = { def, factory: bindAggregate(b, def, args, aggregateArg.span), args };
  const type = resultType(aggregate);
  let byNames: string[];
  if (rest.length > 0) {
    byNames = rest.map((e) => {
      if (e.kind !== "Name") throw b.error("KQL_ARGUMENTS", "pivot's grouping arguments are column names", e.span);
      return e.name;
    });
  } else {
    const used = namesIn(aggregateArg.args, new Set([pivotArg.name]));
    byNames = input.schema.map((c) => c.name).filter((n) => !used.has(n));
  }
  const schema: ColumnSchema[] = [];
  const keys = byNames.map((n) => {
    const i = input.schema.findIndex((c) => c.name === n);
    if (i < 0) throw b.error("KQL_UNKNOWN_COLUMN", `unknown column '${n}'`, op.plugin.span, n);
    schema.push({ ...input.schema[i]! });
    return { k: "column", type: input.schema[i]!.type, index: i, name: n, span: op.plugin.span } satisfies BoundExpr;
  });
  let values: string[];
  if (op.schemaHint) {
    values = op.schemaHint.columns.filter((c) => !byNames.includes(c.name)).map((c) => c.name);
  } else {
    const data = b.peek ? b.peek(input) : undefined;
    const seen = new Set<string>();
    if (data && pivot.k === "column") {
      const col = data.columns[pivot.index]!;
      for (let r = 0; r < data.length; r++) seen.add(valueToString(col.get(r), pivot.type));
    }
    values = [...seen];
    if (values.length > MAX_DATA_COLUMNS) throw b.error("KQL_LIMIT", `pivot would make ${values.length} columns (at most ${MAX_DATA_COLUMNS})`, op.plugin.span);
  }
  const taken = new Set(schema.map((c) => c.name));
  for (const v of values) {
    if (taken.has(v)) throw b.error("KQL_ARGUMENTS", `pivot would make a second column '${v}'`, op.plugin.span);
    taken.add(v);
    schema.push({ name: v, type: op.schemaHint?.columns.find((c) => c.name === v)?.type ?? type });
  }
  const node: PlanNode = { op: "pivot", id: b.newId(), span: op.span, label: "evaluate pivot", schema, input, pivot, keys, aggregate, values };
  if (!op.schemaHint) b.openNodes.add(node.id);
  return node;
}

/** sample N: Kusto picks N arbitrary rows; a replay takes the first N, like take (docs/semantics.md). */
function bindSample(b: Binder, op: A.SampleOperator, input: PlanNode, scope: Scope): PlanNode {
  const count = b.bindScalar(op.count, NO_ROW, scope);
  if (count.k !== "const" || typeof count.value !== "number") throw b.error("KQL_ARGUMENTS", "sample needs a constant number of rows", op.count.span);
  return { op: "take", id: b.newId(), span: op.span, label: "sample", schema: input.schema, input, count };
}

const CLR_TYPES: Record<ScalarType, string> = {
  bool: "System.SByte",
  int: "System.Int32",
  long: "System.Int64",
  real: "System.Double",
  decimal: "System.Data.SqlTypes.SqlDecimal",
  string: "System.String",
  datetime: "System.DateTime",
  timespan: "System.TimeSpan",
  guid: "System.Guid",
  dynamic: "System.Object",
};

/** getschema: one row per input column; the rows are known at bind time, so the input never runs. */
function bindGetSchema(b: Binder, op: A.GetSchemaOperator, input: PlanNode): PlanNode {
  const schema: ColumnSchema[] = [
    { name: "ColumnName", type: "string" },
    { name: "ColumnOrdinal", type: "long" },
    { name: "DataType", type: "string" },
    { name: "ColumnType", type: "string" },
  ];
  const rows: Value[][] = input.schema.map((c, i) => [c.name, i, CLR_TYPES[c.type], c.type]);
  return { op: "datatable", id: b.newId(), span: op.span, label: "getschema", schema, rows };
}

/**
 * top-nested N of Expr by Aggregate [asc|desc], ...: each level adds its `of` column (named like an
 * extend item) and its aggregate (`aggregated_<of>` unless named). `with others` is not supported yet.
 */
function bindTopNested(b: Binder, op: A.TopNestedOperator, input: PlanNode, scope: Scope): PlanNode {
  const row: RowContext = { kind: "row", schema: input.schema };
  const schema: ColumnSchema[] = [];
  const taken = new Set<string>();
  const namer = new ColumnNamer();
  const add = (name: string, type: ScalarType, span: Span): void => {
    if (taken.has(name)) throw b.error("KQL_ARGUMENTS", `top-nested names the column '${name}' twice`, span);
    taken.add(name);
    schema.push({ name, type });
  };
  const levels: TopNestedNode["levels"] = op.clauses.map((clause) => {
    if (clause.withOthers) throw b.error("KQL_UNSUPPORTED", "top-nested with others is not supported yet", clause.withOthers.span);
    let count: number | undefined;
    if (clause.count) {
      const c = b.bindScalar(clause.count, NO_ROW, scope);
      if (c.k !== "const" || typeof c.value !== "number") throw b.error("KQL_ARGUMENTS", "top-nested needs a constant number of groups", clause.count.span);
      count = c.value;
    }
    const of = b.bindScalar(clause.of.expression, row, scope);
    const ofName = clause.of.names?.[0]?.name ?? derivedName(clause.of.expression) ?? namer.fresh(taken);
    add(ofName, of.type, clause.of.span);
    const call = unwrap(clause.by.expression);
    const def = call.kind === "Call" ? findAggregateFunction(call.name) : undefined;
    if (call.kind !== "Call" || !def || ARG_EXTREMES.has(call.name)) throw b.error("KQL_ARGUMENTS", "top-nested needs an aggregate function after by (count(), sum(x), ...)", clause.by.expression.span);
    const args = call.args.map((a) => b.bindScalar(a, row, scope));
    b.checkArguments(call.name, def.params, args, call.span);
    const aggregate: AggregateCall = { def, factory: bindAggregate(b, def, args, call.span), args };
    add(clause.by.names?.[0]?.name ?? `aggregated_${ofName}`, resultType(aggregate), clause.by.span);
    const level: TopNestedNode["levels"][number] = { of, aggregate, descending: clause.direction !== "asc" };
    if (count !== undefined) level.count = count;
    return level;
  });
  return { op: "topnested", id: b.newId(), span: op.span, label: "top-nested", schema, input, levels };
}

/**
 * reduce [kind=source] by Expr [with threshold=T, characters=C]: Pattern, Count and Representative per
 * group of similar values (reduce-operator.md), or the input plus Pattern with kind=source.
 */
function bindReduce(b: Binder, op: A.ReduceOperator, input: PlanNode, scope: Scope): PlanNode {
  const by = b.bindScalar(op.by, { kind: "row", schema: input.schema }, scope);
  const kind = op.params.find((p) => p.name.toLowerCase() === "kind")?.value;
  if (kind && !(kind.kind === "Name" && kind.name === "source")) throw b.error("KQL_ARGUMENTS", "reduce kind= takes only 'source'", kind.span);
  let threshold = 0.1;
  let separators: string | undefined;
  for (const o of op.options) {
    const v = b.bindScalar(o.value, NO_ROW, scope);
    const name = o.name.toLowerCase();
    if (name === "threshold") {
      if (v.k !== "const" || typeof v.value !== "number" || !(v.value >= 0 && v.value <= 1)) throw b.error("KQL_ARGUMENTS", "reduce threshold is a constant between 0 and 1", o.value.span);
      threshold = v.value;
    } else if (name === "characters") {
      if (v.k !== "const" || typeof v.value !== "string") throw b.error("KQL_ARGUMENTS", "reduce characters is a constant string", o.value.span);
      separators = v.value;
    } else throw b.error("KQL_ARGUMENTS", `unknown reduce option '${o.name}' (threshold, characters)`, o.span);
  }
  if (by.type !== "string") throw b.error("KQL_TYPE", `reduce needs a string expression, but it is ${by.type}`, op.by.span);
  const source = kind !== undefined;
  // kind=source keeps the input's columns and adds the group's three (as Microsoft's binder types it).
  const out = new OutputColumns();
  if (source) input.schema.forEach((c) => out.add(c.name, c.type));
  out.add(out.nameFor("Pattern"), "string");
  out.add(out.nameFor("Count"), "long");
  out.add(out.nameFor("Representative"), "string");
  const schema = out.schema;
  const node: PlanNode = { op: "reduce", id: b.newId(), span: op.span, label: source ? "reduce kind=source" : "reduce", schema, input, by, threshold, source };
  if (separators !== undefined) node.separators = separators;
  return node;
}
