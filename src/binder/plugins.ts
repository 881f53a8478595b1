/**
 * Binding of the evaluate plugins whose output schema follows from their arguments alone:
 * ipv4_lookup (ipv4-lookup-plugin.md), basket (basket-plugin.md) and sequence_detect
 * (sequence-detect-plugin.md). The runtime halves live in src/runtime/operators/.
 */
import type * as A from "../parser/ast.js";
import type { ColumnSchema, ScalarType } from "../types.js";
import type { Value } from "../runtime/values.js";
import { NO_ROW, type Binder, type RowContext } from "./binder.js";
import { argumentName, OutputColumns, positionalCall } from "./naming.js";
import type { BasketNode, BoundExpr, Ipv4LookupNode, PlanNode, SequenceDetectNode } from "./plan.js";
import type { Scope } from "./scope.js";

/** A plugin's arguments, positional and named, in the order they are written. */
function argumentsInOrder(call: A.CallExpression): { name?: string; value: A.Expression }[] {
  return positionalCall(call).args.map((value) => {
    const name = argumentName(value);
    return name === undefined ? { value } : { name, value };
  });
}

function columnIndex(b: Binder, schema: readonly ColumnSchema[], e: A.Expression, what: string): number {
  if (e.kind !== "Name") throw b.error("KQL_ARGUMENTS", `${what} must be a column name`, e.span);
  const i = schema.findIndex((c) => c.name === e.name);
  if (i < 0) throw b.error("KQL_UNKNOWN_COLUMN", `unknown column '${e.name}'`, e.span, e.name);
  return i;
}

/** A constant argument's value; `~` (written as the string "~") means "the default" in basket's list. */
function constantArg(b: Binder, e: A.Expression, scope: Scope, what: string): { value: Value; type: ScalarType } {
  const v = b.bindScalar(e, NO_ROW, scope);
  if (v.k !== "const") throw b.error("KQL_ARGUMENTS", `${what} must be a constant`, e.span);
  return { value: v.value, type: v.type };
}

/** evaluate ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupKey [, ExtraKey...] [, return_unmatched]). */
export function bindIpv4Lookup(b: Binder, op: A.EvaluateOperator, input: PlanNode, scope: Scope): PlanNode {
  const args = argumentsInOrder(op.plugin);
  const named = args.find((a) => a.name?.toLowerCase() === "return_unmatched");
  const positional = args.filter((a) => a.name === undefined).map((a) => a.value);
  if (positional.length < 3) throw b.error("KQL_ARGUMENTS", "ipv4_lookup needs a lookup table, the input's IPv4 column and the lookup's IPv4 column", op.plugin.span);
  const lookup = b.bindTabular(positional[0]!, scope);
  const sourceKey = columnIndex(b, input.schema, positional[1]!, "ipv4_lookup's SourceIPv4Key");
  const lookupKey = columnIndex(b, lookup.schema, positional[2]!, "ipv4_lookup's IPv4LookupKey");
  let returnUnmatched = false;
  let rest = positional.slice(3);
  const last = rest[rest.length - 1];
  const flag = named?.value ?? (last && last.kind !== "Name" ? last : undefined);
  if (flag) {
    const v = constantArg(b, flag, scope, "return_unmatched");
    if (typeof v.value !== "boolean") throw b.error("KQL_ARGUMENTS", "return_unmatched must be true or false", flag.span);
    returnUnmatched = v.value;
    if (!named) rest = rest.slice(0, -1);
  }
  const extraKeys = rest.map((e): [number, number] => [columnIndex(b, input.schema, e, "an extra key"), columnIndex(b, lookup.schema, e, "an extra key")]);
  const skipped = new Set(extraKeys.map(([, r]) => r));
  const out = new OutputColumns();
  input.schema.forEach((c) => out.add(c.name, c.type));
  const lookupColumns: number[] = [];
  lookup.schema.forEach((c, i) => {
    if (skipped.has(i)) return;
    out.add(out.nameFor(c.name), c.type);
    lookupColumns.push(i);
  });
  const schema = out.schema;
  const node: Ipv4LookupNode = {
    op: "ipv4lookup",
    id: b.newId(),
    span: op.span,
    label: "evaluate ipv4_lookup",
    schema,
    input,
    right: lookup,
    sourceKey,
    lookupKey,
    extraKeys,
    lookupColumns,
    returnUnmatched,
  };
  return node;
}

/** A basket argument left at its default: absent, or `~` written as a string. */
function isDefault(b: Binder, e: A.Expression | undefined, scope: Scope): boolean {
  if (!e) return true;
  if (e.kind === "Name") return false;
  const v = b.bindScalar(e, NO_ROW, scope);
  return v.k === "const" && v.value === "~";
}

/** evaluate basket([Threshold, WeightColumn, MaxDimensions, CustomWildcard, ...]). */
export function bindBasket(b: Binder, op: A.EvaluateOperator, input: PlanNode, scope: Scope): PlanNode {
  const args = argumentsInOrder(op.plugin).map((a) => a.value);
  let threshold = 0.05;
  if (!isDefault(b, args[0], scope)) {
    const v = constantArg(b, args[0]!, scope, "basket's Threshold");
    // The reference gives 0.015 as the lower bound; rules pass smaller ratios, which only find more patterns.
    if (typeof v.value !== "number" || !(v.value > 0 && v.value <= 1)) throw b.error("KQL_ARGUMENTS", "basket's Threshold must be a ratio above 0 and at most 1", args[0]!.span);
    threshold = v.value;
  }
  let weight: number | undefined;
  if (!isDefault(b, args[1], scope)) {
    weight = columnIndex(b, input.schema, args[1]!, "basket's WeightColumn");
    if (!["int", "long", "real", "decimal"].includes(input.schema[weight]!.type)) throw b.error("KQL_TYPE", "basket's WeightColumn must be a numeric column", args[1]!.span);
  }
  let maxDimensions = 5;
  if (!isDefault(b, args[2], scope)) {
    const v = constantArg(b, args[2]!, scope, "basket's MaxDimensions");
    if (typeof v.value !== "number" || !Number.isInteger(v.value) || v.value < 1) throw b.error("KQL_ARGUMENTS", "basket's MaxDimensions must be a positive integer", args[2]!.span);
    maxDimensions = v.value;
  }
  // The wildcard shown where a pattern leaves a column free: null, or "" for strings, unless a
  // CustomWildcard of the column's type says otherwise.
  const byType = new Map<ScalarType, Value>([["string", ""]]);
  for (const e of args.slice(3)) {
    if (isDefault(b, e, scope)) continue;
    const v = constantArg(b, e, scope, "a CustomWildcard");
    byType.set(v.type, v.value);
  }
  const wildcards = input.schema.map((c) => byType.get(c.type) ?? null);
  const columns = input.schema.flatMap((c, i) => (i === weight || c.type === "dynamic" ? [] : [i]));
  const schema: ColumnSchema[] = [
    { name: "SegmentId", type: "long" },
    { name: "Count", type: "long" },
    { name: "Percent", type: "real" },
    ...input.schema.map((c) => ({ ...c })),
  ];
  const node: BasketNode = { op: "basket", id: b.newId(), span: op.span, label: "evaluate basket", schema, input, threshold, maxDimensions, columns, wildcards };
  if (weight !== undefined) node.weight = weight;
  return node;
}

/** evaluate sequence_detect(TimelineColumn, MaxSequenceStepWindow, MaxSequenceSpan, Expr1, Expr2, ..., Dim1, Dim2, ...). */
export function bindSequenceDetect(b: Binder, op: A.EvaluateOperator, input: PlanNode, scope: Scope): PlanNode {
  const row: RowContext = { kind: "row", schema: input.schema };
  const args = argumentsInOrder(op.plugin);
  if (args.length < 5) throw b.error("KQL_ARGUMENTS", "sequence_detect needs a timeline column, two timespans, at least one step and one dimension", op.plugin.span);
  const [timelineArg, stepArg, spanArg] = args.map((a) => a.value);
  const timelineIndex = columnIndex(b, input.schema, timelineArg!, "sequence_detect's TimelineColumn");
  const timelineCol = input.schema[timelineIndex]!;
  if (timelineCol.type !== "datetime") throw b.error("KQL_TYPE", `sequence_detect's TimelineColumn must be a datetime column, but '${timelineCol.name}' is ${timelineCol.type}`, timelineArg!.span);
  const timeline: BoundExpr = { k: "column", type: "datetime", index: timelineIndex, name: timelineCol.name, span: timelineArg!.span };
  const window = (e: A.Expression, what: string): bigint => {
    const v = constantArg(b, e, scope, what);
    if (typeof v.value !== "bigint" || v.type !== "timespan" || v.value < 0n) throw b.error("KQL_ARGUMENTS", `${what} must be a non-negative constant timespan`, e.span);
    return v.value;
  };
  const maxStep = window(stepArg!, "MaxSequenceStepWindow");
  const maxSpan = window(spanArg!, "MaxSequenceSpan");
  // Named arguments are steps; unnamed ones are steps too unless they are a plain column (a dimension).
  const steps: { name: string; expr: BoundExpr }[] = [];
  const dims: BoundExpr[] = [];
  for (const a of args.slice(3)) {
    if (a.name === undefined && a.value.kind === "Name") {
      const i = columnIndex(b, input.schema, a.value, "a dimension");
      dims.push({ k: "column", type: input.schema[i]!.type, index: i, name: input.schema[i]!.name, span: a.value.span });
      continue;
    }
    if (dims.length > 0) throw b.error("KQL_ARGUMENTS", "sequence_detect's steps come before its dimensions", a.value.span);
    const expr = b.bindScalar(a.value, row, scope);
    if (expr.type !== "bool") throw b.error("KQL_TYPE", `a sequence_detect step must be a bool predicate, but it is ${expr.type}`, a.value.span);
    steps.push({ name: a.name ?? "", expr });
  }
  if (steps.length === 0) throw b.error("KQL_ARGUMENTS", "sequence_detect needs at least one step", op.plugin.span);
  const out = new OutputColumns();
  const add = (name: string, type: ScalarType): void => out.add(out.nameFor(name), type);
  for (const d of dims) add(d.k === "column" ? d.name : "", d.type);
  for (const s of steps) add(`${s.name}_${timelineCol.name}`, "datetime");
  add("Duration", "timespan");
  const schema = out.schema;
  const node: SequenceDetectNode = {
    op: "sequencedetect",
    id: b.newId(),
    span: op.span,
    label: "evaluate sequence_detect",
    schema,
    input,
    timeline,
    maxStep,
    maxSpan,
    steps: steps.map((s) => s.expr),
    dims,
  };
  return node;
}
