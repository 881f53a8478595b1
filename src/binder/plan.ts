/**
 * The binder's output: a typed plan. Every expression knows its type and every operator its output
 * schema before any row runs, so the runtime never guesses a name or a type and an empty input still
 * gives a correctly typed empty result. Plan nodes keep their source spans so traces and errors can
 * point at the query.
 */
import type { RE2JS } from "../functions/re2.js";
import type { Span } from "../errors.js";
import type { AggregateFunctionDef, ScalarFunctionDef } from "../functions/types.js";
import type { RowImplComposer, ScalarImpl, Accumulator } from "../functions/types.js";
import type { JoinKind } from "../parser/ast.js";
import type { ColumnSchema, ScalarType } from "../types.js";
import type { Value } from "../runtime/values.js";

// ---------------------------------------------------------------------------------------------------
// Scalar expressions

interface ExprBase {
  type: ScalarType;
  span: Span;
}

export type BoundExpr =
  | ConstExpr
  | ColumnExpr
  | CallExpr
  | BinaryExpr
  | LogicalExpr
  | NotExpr
  | StringOpExpr
  | InExpr
  | BetweenExpr
  | NegateExpr
  | DynamicAccessExpr
  | ScalarSubqueryExpr
  | WindowExpr;

export interface ConstExpr extends ExprBase {
  k: "const";
  value: Value;
}

/** A column of the operator's input row; `side` picks the table in a join condition. */
export interface ColumnExpr extends ExprBase {
  k: "column";
  index: number;
  name: string;
  side?: "left" | "right";
}

export interface CallExpr extends ExprBase {
  k: "call";
  fn: ScalarFunctionDef;
  impl: ScalarImpl;
  /** The function's per-row form (ScalarFunctionDef.bindRow), which rows run when it exists. */
  rowImpl?: RowImplComposer;
  args: BoundExpr[];
}

export type ArithmeticOp = "+" | "-" | "*" | "/" | "%";
export type ComparisonOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

export interface BinaryExpr extends ExprBase {
  k: "binary";
  op: ArithmeticOp | ComparisonOp;
  left: BoundExpr;
  right: BoundExpr;
}

export interface LogicalExpr extends ExprBase {
  k: "logical";
  op: "and" | "or";
  left: BoundExpr;
  right: BoundExpr;
}

export interface NotExpr extends ExprBase {
  k: "not";
  operand: BoundExpr;
}

/** A string predicate (`has`, `!contains_cs`, `=~`, `matches regex`...) with its test bound once. */
export interface StringOpExpr extends ExprBase {
  k: "strop";
  op: string;
  test: (text: string, needle: string) => boolean;
  left: BoundExpr;
  right: BoundExpr;
}

export interface InExpr extends ExprBase {
  k: "in";
  op: "in" | "!in" | "in~" | "!in~" | "has_any" | "has_all";
  left: BoundExpr;
  /** Constant values known at bind time (dynamic arrays flattened). */
  values?: Value[];
  /** Row-dependent list items. */
  items?: BoundExpr[];
  /** A tabular subquery whose first column gives the values. */
  subquery?: PlanNode;
}

export interface BetweenExpr extends ExprBase {
  k: "between";
  negated: boolean;
  left: BoundExpr;
  low: BoundExpr;
  high: BoundExpr;
}

export interface NegateExpr extends ExprBase {
  k: "negate";
  operand: BoundExpr;
}

/** `d.key`, `d['key']`, `d[0]` on a dynamic value. */
export interface DynamicAccessExpr extends ExprBase {
  k: "access";
  target: BoundExpr;
  key: BoundExpr;
}

/** `toscalar(T)`: the first column of the first row, computed once per query. */
export interface ScalarSubqueryExpr extends ExprBase {
  k: "toscalar";
  plan: PlanNode;
}

/**
 * A window function over the operator's rows in order: `prev`, `next`, `row_number`, `row_cumsum`,
 * `row_window_session`. Our tables always keep an order, so every input counts as serialized.
 */
export interface WindowExpr extends ExprBase {
  k: "window";
  fn: "prev" | "next" | "row_number" | "row_cumsum" | "row_rank_dense" | "row_rank_min" | "row_window_session";
  args: BoundExpr[];
}

/** The scalar operands of an expression (not the plans of its subqueries, which read their own tables). */
export function exprChildren(e: BoundExpr): readonly BoundExpr[] {
  switch (e.k) {
    case "const":
    case "column":
    case "toscalar":
      return [];
    case "call":
    case "window":
      return e.args;
    case "binary":
    case "logical":
    case "strop":
      return [e.left, e.right];
    case "not":
    case "negate":
      return [e.operand];
    case "between":
      return [e.left, e.low, e.high];
    case "access":
      return [e.target, e.key];
    case "in":
      return [e.left, ...(e.items ?? [])];
  }
}

// ---------------------------------------------------------------------------------------------------
// Tabular operators

interface PlanBase {
  id: number;
  schema: ColumnSchema[];
  span: Span;
  /** A short description for traces: `where`, `summarize`, `join kind=inner`. */
  label: string;
}

export type PlanNode =
  | SourceNode
  | DatatableNode
  | PrintNode
  | RangeNode
  | WhereNode
  | ProjectNode
  | SummarizeNode
  | JoinNode
  | UnionNode
  | SortNode
  | TakeNode
  | DistinctNode
  | CountNode
  | MvExpandNode
  | ParseNode
  | MakeSeriesNode
  | MvApplyNode
  | BagUnpackNode
  | PivotNode
  | TopNestedNode
  | ReduceNode
  | Ipv4LookupNode
  | BasketNode
  | SequenceDetectNode
  | PartitionNode;

/** A caller's table (or an empty one the schema knows). */
export interface SourceNode extends PlanBase {
  op: "source";
  table: string;
}

export interface DatatableNode extends PlanBase {
  op: "datatable";
  rows: Value[][];
}

export interface PrintNode extends PlanBase {
  op: "print";
  exprs: BoundExpr[];
}

export interface RangeNode extends PlanBase {
  op: "range";
  from: BoundExpr;
  to: BoundExpr;
  step: BoundExpr;
}

export interface WhereNode extends PlanBase {
  op: "where";
  input: PlanNode;
  predicate: BoundExpr;
}

/**
 * extend, project, project-away/-keep/-rename/-reorder: each output column is an expression over the
 * input row. A plain column reference passes the input column through without copying.
 */
export interface ProjectNode extends PlanBase {
  op: "project";
  input: PlanNode;
  exprs: BoundExpr[];
  /**
   * What happens to the input columns the operator does not name: "kept" (project-away, -rename, -reorder
   * pass them on) or "dropped" (project, project-keep, project-by-names list the columns that remain).
   * Absent for extend, which passes every input column on. The binder's open schemas follow it.
   */
  unnamed?: "kept" | "dropped";
}

export interface AggregateCall {
  def: AggregateFunctionDef;
  factory: () => Accumulator;
  args: BoundExpr[];
}

/**
 * One output of summarize: an aggregate's result, or (for arg_max/arg_min) a column of the winning row.
 * `fromWinner` names the aggregate whose winning row supplies the value and which input column to read.
 */
export type SummarizeOutput =
  | { kind: "aggregate"; aggregate: number }
  | { kind: "winnerColumn"; aggregate: number; column: BoundExpr }
  /** A scalar expression over the group: its columns are the keys, then every aggregate's result, in order. */
  | { kind: "expression"; expr: BoundExpr };

export interface SummarizeNode extends PlanBase {
  op: "summarize";
  input: PlanNode;
  keys: BoundExpr[];
  aggregates: AggregateCall[];
  outputs: SummarizeOutput[];
}

export interface JoinNode extends PlanBase {
  op: "join";
  kind: JoinKind;
  left: PlanNode;
  right: PlanNode;
  leftKeys: BoundExpr[];
  rightKeys: BoundExpr[];
  /** For each output column: which side and which column of it. */
  outputs: { side: "left" | "right"; index: number }[];
  /** lookup: keys from the right side are dropped and unmatched rows keep the left key. */
  isLookup: boolean;
}

export interface UnionNode extends PlanBase {
  op: "union";
  inputs: PlanNode[];
  /** For each input, for each output column, the input column index or -1 (null). */
  columnMaps: number[][];
  withSource?: { name: string; labels: string[] };
}

export interface SortKeyPlan {
  expr: BoundExpr;
  descending: boolean;
  nullsFirst: boolean;
}

export interface SortNode extends PlanBase {
  op: "sort";
  input: PlanNode;
  keys: SortKeyPlan[];
  /** `top N by`: keep the first N after sorting. */
  limit?: BoundExpr;
}

export interface TakeNode extends PlanBase {
  op: "take";
  input: PlanNode;
  count: BoundExpr;
}

export interface DistinctNode extends PlanBase {
  op: "distinct";
  input: PlanNode;
  exprs: BoundExpr[];
}

export interface CountNode extends PlanBase {
  op: "count";
  input: PlanNode;
}

export interface MvExpandNode extends PlanBase {
  op: "mvexpand";
  input: PlanNode;
  /** The expanded expressions; each replaces (or appends) the output column at `target`. */
  items: { expr: BoundExpr; target: number; toType: ScalarType }[];
  bagExpansion: "bag" | "array";
  itemIndex?: number;
  limit: number;
}

/**
 * parse / parse-where: one regex per operator (built at bind time, so a bad pattern fails before any row
 * runs); each capture group feeds one output column.
 */
export interface ParseNode extends PlanBase {
  op: "parse";
  input: PlanNode;
  source: BoundExpr;
  regex: RE2JS;
  /** Output column, its type and the capture group that fills it. */
  captures: { target: number; type: ScalarType; group: string }[];
  /** simple and regex: a value that does not convert fails the whole row; relaxed: only that column is null. */
  strict: boolean;
  /** parse-where drops rows that do not match. */
  dropUnmatched: boolean;
  /**
   * simple/relaxed patterns as plain steps, matched with indexOf instead of the regex (RE2 in JavaScript
   * is slow per row). Absent when the pattern has a shape the steps do not cover; the regex decides then.
   */
  steps?: ParseStep[];
}

/** One step of a simple/relaxed parse pattern; `column` is the index into `captures`. */
export type ParseStep = { kind: "text"; text: string } | { kind: "star" } | { kind: "column"; column: number; digits: boolean };

/**
 * make-series: per group, each aggregate over fixed bins of the axis (`from`/`to` step `step`, or the
 * data's own range), as dynamic arrays; bins without rows get the aggregate's default.
 */
export interface MakeSeriesNode extends PlanBase {
  op: "makeseries";
  input: PlanNode;
  keys: BoundExpr[];
  aggregates: AggregateCall[];
  defaults: Value[];
  axis: BoundExpr;
  from?: BoundExpr;
  to?: BoundExpr;
  step: BoundExpr;
  /** `kind=nonempty`: without `by`, an empty input still gives one series of defaults. */
  nonEmpty: boolean;
}

/**
 * partition by Column ( subquery ): the input's rows are split by the column's value (partitions in
 * order of first appearance, rows in input order), the subquery runs over each partition (read through
 * the source `placeholder`), and the results are concatenated.
 */
export interface PartitionNode extends PlanBase {
  op: "partition";
  input: PlanNode;
  /** The partition column's index in the input. */
  key: number;
  placeholder: string;
  subquery: PlanNode;
}

/**
 * mv-apply: each input row is expanded as `expand` would (its input is this node's input), the
 * subquery runs over that row's expansion (read through the source `placeholder`), and the row's
 * columns are joined to each result row (see `outputs`).
 */
export interface MvApplyNode extends PlanBase {
  op: "mvapply";
  input: PlanNode;
  expand: MvExpandNode;
  placeholder: string;
  subquery: PlanNode;
  /**
   * Per output column, where it comes from: the input's columns lead (less those expanded under their
   * own name), a subquery column of the same name taking that slot; the subquery's other columns follow.
   */
  outputs: { from: "input" | "subquery"; index: number }[];
}

/**
 * evaluate bag_unpack: one output column per property-bag slot, named (and, without a schema hint,
 * typed) from the data the binder read (see docs/semantics.md). Each output column is an input column
 * or a slot of the bag in input column `source`.
 */
export interface BagUnpackNode extends PlanBase {
  op: "bagunpack";
  input: PlanNode;
  source: number;
  outputs: ({ from: "input"; index: number } | { from: "slot"; key: string })[];
}

/**
 * evaluate pivot: one row per distinct `keys`, one column per pivot value (`values`, the text of the
 * pivot column's values the binder read from the data or the schema hint), each the aggregate over
 * the group's rows with that value.
 */
export interface PivotNode extends PlanBase {
  op: "pivot";
  input: PlanNode;
  pivot: BoundExpr;
  keys: BoundExpr[];
  aggregate: AggregateCall;
  values: string[];
}

/**
 * reduce by Expr: groups the text values by similarity into Pattern, Count, Representative rows (or,
 * with kind=source, the input rows plus their group's columns). See src/runtime/operators/reduce.ts.
 */
export interface ReduceNode extends PlanBase {
  op: "reduce";
  input: PlanNode;
  by: BoundExpr;
  /** A pattern must cover more than this fraction of the rows (0..1). */
  threshold: number;
  /** The characters that separate terms; undefined: every character but ASCII letters and digits. */
  separators?: string;
  /** kind=source: keep the input rows and append their group's Pattern, Count and Representative. */
  source: boolean;
}

/**
 * top-nested: at each level the rows of every group kept at the level above are grouped by `of`, the
 * groups ranked by `aggregate` and the first `count` kept; each level adds its value and aggregate.
 */
export interface TopNestedNode extends PlanBase {
  op: "topnested";
  input: PlanNode;
  levels: { count?: number; of: BoundExpr; aggregate: AggregateCall; descending: boolean }[];
}

/**
 * evaluate ipv4_lookup(Lookup, SourceKey, LookupKey [, ExtraKey...] [, return_unmatched]): each input row
 * joined to every lookup row whose IPv4 range (CIDR) holds its IPv4 value and whose extra keys are equal.
 * Output: the input's columns, then the lookup's but the extra keys (renamed when taken).
 */
export interface Ipv4LookupNode extends PlanBase {
  op: "ipv4lookup";
  input: PlanNode;
  /** The lookup table (named `right` so plan walks see it as a child). */
  right: PlanNode;
  sourceKey: number;
  lookupKey: number;
  /** Extra key column pairs: [input index, lookup index]. */
  extraKeys: [number, number][];
  /** The lookup columns the output carries, in order. */
  lookupColumns: number[];
  returnUnmatched: boolean;
}

/**
 * evaluate basket([Threshold, WeightColumn, MaxDimensions, CustomWildcard...]): the closed frequent
 * itemsets of (column = value) items over `columns`, as SegmentId, Count, Percent and the input's columns
 * (a wildcard where the pattern does not constrain a column). See src/runtime/operators/basket.ts.
 */
export interface BasketNode extends PlanBase {
  op: "basket";
  input: PlanNode;
  threshold: number;
  /** The weight column's index, or undefined: every row weighs 1. */
  weight?: number;
  maxDimensions: number;
  /** The input columns patterns may constrain. */
  columns: number[];
  /** Per input column, the value shown where a pattern does not constrain it. */
  wildcards: Value[];
}

/**
 * evaluate sequence_detect(Timeline, MaxStepWindow, MaxSpan, Step1 = pred, ..., Dim...): per distinct
 * dimensions, every chain of rows matching the steps in order, each step at most MaxStepWindow after the
 * one before and the whole chain within MaxSpan. Output: the dimensions, each step's time, Duration.
 */
export interface SequenceDetectNode extends PlanBase {
  op: "sequencedetect";
  input: PlanNode;
  timeline: BoundExpr;
  maxStep: bigint;
  maxSpan: bigint;
  steps: BoundExpr[];
  dims: BoundExpr[];
}

/** The plan's operators, inputs before the operators that read them: the order the Executor runs them in. */
export function planNodes(plan: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  const seen = new Set<number>();
  const stack: { node: PlanNode; expanded: boolean }[] = [{ node: plan, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      out.push(top.node);
      continue;
    }
    if (seen.has(top.node.id)) continue;
    seen.add(top.node.id);
    stack.push({ node: top.node, expanded: true });
    const n = top.node as unknown as Record<string, unknown>;
    const children = [n.input, n.left, n.right, ...(Array.isArray(n.inputs) ? (n.inputs as unknown[]) : [])].filter((c): c is PlanNode => typeof c === "object" && c !== null && "op" in c);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, expanded: false });
  }
  return out;
}
