/**
 * A subquery run over many groups of rows at once, for mv-apply (a group per input row's expansion) and
 * partition (a group per key value). Running it group by group means a fresh executor per group, which
 * compiles the subquery's expressions again: about a tenth of a millisecond each, so a million groups
 * took minutes. For the shapes below, one run over all the groups' rows gives every group's result, in
 * group order: filters and extends/projects read one row at a time (none may read row positions, as
 * `row_number()` or `prev()` do), and a closing summarize, sort, top or take is run with the group as its
 * first key (or per group).
 */
import type { ColumnExpr, PlanNode, SortNode, SummarizeNode } from "../../binder/plan.js";
import type { ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type IndexVector } from "../table.js";
import type { Value } from "../values.js";
import { constantCount, takeCount } from "./simple.js";
import { runSort } from "./sort.js";
import { runSummarize } from "./summarize.js";
import { exprReadsRowPosition, readsRowPosition, runWhere, type PassNode } from "./where.js";

/** Runs a subquery plan with its placeholder reading `rows` (a fresh executor per call). */
export type SubqueryRunner = (rows: Table, subquery: PlanNode) => Table;

/**
 * The subquery's row-at-a-time stages (innermost first) and the operator closing it, if any: a summarize,
 * a sort (`top N`, `sort | take N` keep `keep` rows of each group), or a take of `keep` rows per group.
 */
export interface GroupedShape {
  stages: PassNode[];
  closing?: { op: "summarize"; node: SummarizeNode } | { op: "sort"; node: SortNode; keep?: number } | { op: "take"; keep: number };
}

/** The subquery's shape when one run over all groups can stand for a run per group; otherwise undefined. */
export function groupedShape(subquery: PlanNode, placeholder: string): GroupedShape | undefined {
  let top: PlanNode = subquery;
  let closing: GroupedShape["closing"];
  if (top.op === "summarize") {
    // An output computed over the aggregates (`tostring(max(v))`) reads them by position after the keys,
    // which the group as an extra key would shift.
    if ([...top.keys, ...top.aggregates.flatMap((a) => a.args)].some(exprReadsRowPosition) || top.outputs.some((o) => o.kind === "expression")) return undefined;
    closing = { op: "summarize", node: top };
    top = top.input;
  } else if (top.op === "take" && top.input.op !== "sort") {
    closing = { op: "take", keep: takeCount(top) };
    top = top.input;
  } else if (top.op === "sort" || top.op === "take") {
    // `sort | take N` per group is `top N` per group (the smaller N where the sort is a top already).
    const take = top.op === "take" ? takeCount(top) : undefined;
    const sort = top.op === "take" ? (top.input as SortNode) : top;
    if (sort.keys.some((k) => exprReadsRowPosition(k.expr))) return undefined;
    const limit = constantCount(sort.limit);
    const keep = take === undefined ? limit : limit === undefined ? take : Math.min(take, limit);
    closing = keep === undefined ? { op: "sort", node: sort } : { op: "sort", node: sort, keep };
    top = sort.input;
  }
  const stages: PassNode[] = [];
  while (top.op === "where" || top.op === "project") {
    if (readsRowPosition(top)) return undefined;
    stages.push(top);
    top = top.input;
  }
  if (top.op !== "source" || top.table !== placeholder) return undefined;
  stages.reverse();
  return closing ? { stages, closing } : { stages };
}

/**
 * Runs `shape` over `table`, whose rows come group by group (`groupOf`, one non-decreasing group number
 * per row). Returns the result rows, group by group in order, and the group of each. A group with no rows
 * gets none, also from a summarize without `by` (the caller gives those groups what it needs).
 */
export function runGrouped(shape: GroupedShape, table: Table, groupOf: ArrayLike<number>, env: ExecutionEnv): { result: Table; groups: ArrayLike<number> } {
  let rows = table;
  let groups = groupOf;
  if (shape.stages.length > 0) {
    // The stages run in one filter pass; each row it keeps brings its group along.
    const kept: number[] = [];
    const before = groups;
    rows = runWhere(shape.stages, rows, env, [], () => ({ add: (readRow) => void kept.push(before[readRow]!) }));
    groups = kept;
  }
  const closing = shape.closing;
  if (!closing) return { result: rows, groups };
  if (closing.op === "take") return firstOfEachGroup(rows, groups, closing.keep);

  const width = rows.schema.length;
  const withGroups = new Table([...rows.schema, GROUP_COLUMN], [...rows.columns, new ArrayColumn("long", Array.from(groups))], rows.length);
  const group: ColumnExpr = { k: "column", type: "long", index: width, name: GROUP_COLUMN.name, span: closing.node.span };
  if (closing.op === "summarize") {
    const node = closing.node;
    const byGroup: SummarizeNode = { ...node, keys: [group, ...node.keys], schema: [GROUP_COLUMN, ...node.schema] };
    const out = runSummarize(byGroup, withGroups, env);
    return { result: new Table(node.schema, out.columns.slice(1), out.length), groups: out.columns[0]!.readAll(env.guard) as readonly number[] };
  }
  // sort / top N: ordered by group first, then the sort's keys, every row; `keep` is cut per group below.
  const { limit: _cutBelow, ...node } = closing.node;
  const byGroup: SortNode = { ...node, keys: [{ expr: group, descending: false, nullsFirst: false }, ...node.keys], schema: [...node.schema, GROUP_COLUMN] };
  const sorted = runSort(byGroup, withGroups, env);
  const sortedGroups = sorted.columns[width]!.readAll(env.guard) as readonly number[];
  const ordered = new Table(node.schema, sorted.columns.slice(0, width), sorted.length);
  return closing.keep === undefined ? { result: ordered, groups: sortedGroups } : firstOfEachGroup(ordered, sortedGroups, closing.keep);
}

/**
 * The subquery run once per group, each over its rows of `table` (`rowsOf(g)` for groups 0 .. groupCount-1)
 * in a fresh executor, for the subqueries groupedShape refuses: about a tenth of a millisecond per group.
 * Returns the results appended in group order and the group of each result row; `node` (mv-apply,
 * partition) names the operator when the rows pass the intermediate-row limit.
 */
export function runPerGroup(
  node: PlanNode,
  subquery: PlanNode,
  table: Table,
  groupCount: number,
  rowsOf: (group: number) => IndexVector,
  runSubquery: SubqueryRunner,
  env: ExecutionEnv,
): { result: Table; groups: number[] } {
  const guard = env.guard;
  const width = subquery.schema.length;
  const values: Value[][] = Array.from({ length: width }, () => []);
  const groups: number[] = [];
  for (let g = 0; g < groupCount; g++) {
    if ((g & POLL_MASK) === 0) guard.poll();
    const result = runSubquery(table.select(rowsOf(g)), subquery);
    for (let r = 0; r < result.length; r++) {
      groups.push(g);
      for (let c = 0; c < width; c++) values[c]!.push(result.columns[c]!.get(r));
    }
    if (groups.length > guard.limits.maxIntermediateRows) guard.rows(groups.length, node.label, node.span);
  }
  return { result: new Table(subquery.schema, subquery.schema.map((c, k) => new ArrayColumn(c.type, values[k]!)), groups.length), groups };
}

const GROUP_COLUMN = { name: "\u0000group", type: "long" as const };

/** The first `n` rows of each group (rows come group by group). */
function firstOfEachGroup(rows: Table, groups: ArrayLike<number>, n: number): { result: Table; groups: number[] } {
  const keep: number[] = [];
  const keptGroups: number[] = [];
  let seen = 0;
  for (let r = 0; r < rows.length; r++) {
    seen = r > 0 && groups[r] === groups[r - 1] ? seen + 1 : 0;
    if (seen < n) {
      keep.push(r);
      keptGroups.push(groups[r]!);
    }
  }
  return { result: keep.length === rows.length ? rows : rows.select(Int32Array.from(keep)), groups: keptGroups };
}
