/**
 * `find [withsource=C] in (T1, T2, ...) where Predicate [project-smart | project Col[:type], ..., pack_all()]`.
 *
 * find is a union of per-table filters, so it is bound as one: each table that has a column the
 * predicate names becomes `T | where Predicate | project source_ = "T", <output columns>, pack_ = ...`,
 * and the pipelines are unioned. No runtime code of its own.
 *
 * Output (the reference's "output schema"): the source column (`source_`, or withsource's name) holding
 * the table's name, then
 *   - project-smart (the default): the columns common to every searched table (name and type), in the
 *     first table's order, then the predicate's columns that are not common, then `pack_`, a bag of the
 *     row's other columns;
 *   - project: the listed columns (null where a table lacks one; `Col:type` converts), and with
 *     `pack_all()` a `pack_` bag of all the row's columns.
 * Tables without any column the predicate names are left out. A predicate column a table lacks is null
 * in that table's rows (see docs/semantics.md). Not supported: find without `in (...)` (every table of
 * the database), `* has` term search, and a predicate column with different types in different tables.
 */
import type * as A from "../parser/ast.js";
import type { ColumnSchema, ScalarType } from "../types.js";
import { newBag } from "../runtime/values.js";
import type { Binder } from "./binder.js";
import { namesIn } from "./naming.js";
import type { PlanNode } from "./plan.js";
import { Scope } from "./scope.js";

/** The conversion function find's `project Col:type` applies. */
const CONVERT: Record<ScalarType, string> = {
  bool: "tobool",
  int: "toint",
  long: "tolong",
  real: "toreal",
  decimal: "todecimal",
  string: "tostring",
  datetime: "todatetime",
  timespan: "totimespan",
  guid: "toguid",
  dynamic: "todynamic",
};

export function bindFind(b: Binder, e: A.FindOrSearchExpression, scope: Scope): PlanNode {
  if (e.keyword === "search") throw b.error("KQL_UNSUPPORTED", "'search' is not supported yet", e.span);
  if (!e.tables.length) throw b.error("KQL_UNSUPPORTED", "find without 'in (...)' searches every table of the database; list the tables to search", e.span);
  const span = e.span;
  const withSource = e.params.find((p) => p.name.toLowerCase() === "withsource")?.value;
  const sourceName = withSource ? (withSource.kind === "Name" ? withSource.name : String((withSource as A.Literal).value)) : "source_";

  // The tables, with wildcards expanded as union does.
  const tables: { label: string; plan: PlanNode }[] = [];
  e.tables.forEach((t, i) => {
    if (t.kind === "Name" && t.name.includes("*")) {
      for (const name of b.tablesMatching(t.name)) tables.push({ label: name, plan: b.bindTabular({ kind: "Name", name, span: t.span }, scope) });
    } else tables.push({ label: t.kind === "Name" ? t.name : `find_arg${i}`, plan: b.bindTabular(t, scope) });
  });

  // The predicate's columns, each with one type across the tables.
  const typeOf = new Map<string, ScalarType>();
  const referenced = [...namesIn(e.predicate, new Set())];
  for (const { plan } of tables) {
    for (const c of plan.schema) {
      if (!referenced.includes(c.name)) continue;
      const known = typeOf.get(c.name);
      if (known && known !== c.type) throw b.error("KQL_UNSUPPORTED", `find over tables where the predicate's column '${c.name}' has different types (${known}, ${c.type}) is not supported yet`, e.predicate.span);
      typeOf.set(c.name, c.type);
    }
  }
  const predicateColumns = referenced.filter((n) => typeOf.has(n));
  const searched = predicateColumns.length ? tables.filter(({ plan }) => plan.schema.some((c) => predicateColumns.includes(c.name))) : tables;
  if (!searched.length) throw b.error("KQL_UNKNOWN_COLUMN", "no table find searches has a column the predicate names", e.predicate.span);

  // The output columns after the source column.
  const has = (plan: PlanNode, c: ColumnSchema): boolean => plan.schema.some((x) => x.name === c.name && x.type === c.type);
  let outputs: (ColumnSchema & { convert?: boolean })[];
  let pack: "rest" | "all" | "none";
  if (!e.project) {
    const common = searched[0]!.plan.schema.filter((c) => searched.every(({ plan }) => has(plan, c)));
    const rest = predicateColumns.filter((n) => !common.some((c) => c.name === n)).map((name) => ({ name, type: typeOf.get(name)! }));
    outputs = [...common, ...rest];
    pack = "rest";
  } else {
    outputs = [];
    pack = "none";
    for (const item of e.project) {
      if (item.kind === "pack_all") {
        pack = "all";
        continue;
      }
      const types = [...new Set(searched.flatMap(({ plan }) => plan.schema.filter((c) => c.name === item.name).map((c) => c.type)))];
      if (item.type) outputs.push({ name: item.name, type: item.type, convert: true });
      else if (types.length === 1) outputs.push({ name: item.name, type: types[0]! });
      else if (!types.length) throw b.error("KQL_UNKNOWN_COLUMN", `no table find searches has a column '${item.name}'`, item.span);
      else throw b.error("KQL_TYPE", `'${item.name}' has several types in the tables find searches (${types.join(", ")}); write ${item.name}:type`, item.span);
    }
  }

  // One pipeline per table over a scope that names its plan; then their union.
  const inner = new Scope(scope);
  const name = (n: string): A.NameReference => ({ kind: "Name", name: n, span });
  const lit = (type: ScalarType, value: unknown): A.Literal => ({ kind: "Literal", type, value, span });
  const call = (fn: string, args: A.Expression[]): A.CallExpression => ({ kind: "Call", name: fn, nameSpan: span, args, namedArgs: [], span });
  const named = (n: string, expression: A.Expression): A.NamedExpression => ({ names: [{ name: n, span }], expression, span });
  const pipe = (source: A.Expression, operator: A.QueryOperator): A.PipeExpression => ({ kind: "Pipe", source, operator, span });
  const pieces: { alias: string; plan: PlanNode }[] = [];
  searched.forEach(({ label, plan }, i) => {
    const alias = `__find_${i}`;
    inner.define(alias, { kind: "tabular", plan });
    let q: A.Expression = name(alias);
    const missing = predicateColumns.filter((n) => !plan.schema.some((c) => c.name === n));
    if (missing.length) q = pipe(q, { kind: "Extend", items: missing.map((n) => named(n, lit(typeOf.get(n)!, null))), span, keywordSpan: span });
    q = pipe(q, { kind: "Where", predicate: e.predicate, span, keywordSpan: span });
    const items = [named(sourceName, lit("string", label))];
    for (const c of outputs) {
      const present = plan.schema.find((x) => x.name === c.name);
      const value: A.Expression = !present ? lit(c.type, null) : c.convert ? call(CONVERT[c.type], [name(c.name)]) : name(c.name);
      items.push(named(c.name, value));
    }
    const packed = pack === "all" ? plan.schema : pack === "rest" ? plan.schema.filter((c) => !outputs.some((o) => o.name === c.name)) : [];
    // bag_pack needs at least one pair; a table with nothing left to pack gets an empty bag.
    if (pack !== "none") items.push(named("pack_", packed.length ? call("bag_pack", packed.flatMap((c) => [lit("string", c.name), name(c.name)])) : lit("dynamic", newBag())));
    q = pipe(q, { kind: "Project", items, span, keywordSpan: span });
    const piece = { alias: `__find_piece_${i}`, plan: b.bindTabular(q, inner) };
    inner.define(piece.alias, { kind: "tabular", plan: piece.plan });
    pieces.push(piece);
  });
  if (pieces.length === 1) return pieces[0]!.plan;
  return b.bindTabular({ kind: "UnionSource", params: [], tables: pieces.map((p) => name(p.alias)), span }, inner);
}
