/**
 * A subquery run over many groups of rows at once, for mv-apply (a group per input row's expansion) and
 * partition (a group per key value). Running it group by group means a fresh executor per group, which
 * compiles the subquery's expressions again: about a tenth of a millisecond each, so a million groups
 * took minutes. For the shapes below, one run over all the groups' rows gives every group's result, in
 * group order: filters and extends/projects read one row at a time (none may read row positions, as
 * `row_number()` or `prev()` do), and a closing summarize, sort, top or take is run with the group as its
 * first key (or per group).
 */
import type { ColumnExpr, PlanNode, SortNode, SummarizeNode, TakeNode } from "../../binder/plan.js";
import type { ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { compilePredicate } from "../predicate.js";
import { ArrayColumn, Table } from "../table.js";
import { runProject } from "./project.js";
import { takeCount } from "./simple.js";
import { runSort } from "./sort.js";
import { runSummarize } from "./summarize.js";
import { exprReadsRowPosition, readsRowPosition, type PassNode } from "./where.js";

/** The subquery's row-at-a-time stages (innermost first) and the operator closing it, if any. */
export interface GroupedShape {
  stages: PassNode[];
  closing?: SummarizeNode | SortNode | TakeNode;
}

/** The subquery's shape when one run over all groups can stand for a run per group; otherwise undefined. */
export function groupedShape(subquery: PlanNode, placeholder: string): GroupedShape | undefined {
  let top: PlanNode = subquery;
  let closing: GroupedShape["closing"];
  if (top.op === "summarize") {
    // An output computed over the aggregates (`tostring(max(v))`) reads them by position after the keys,
    // which the group as an extra key would shift.
    if ([...top.keys, ...top.aggregates.flatMap((a) => a.args)].some(exprReadsRowPosition) || top.outputs.some((o) => o.kind === "expression")) return undefined;
    closing = top;
    top = top.input;
  } else if (top.op === "sort") {
    if (top.keys.some((k) => exprReadsRowPosition(k.expr))) return undefined;
    closing = top;
    top = top.input;
  } else if (top.op === "take") {
    const below = top.input;
    if (below.op === "sort") {
      // `sort | take N` per group is `top N` per group (the smaller N where the sort is a top already).
      if (below.keys.some((k) => exprReadsRowPosition(k.expr))) return undefined;
      const n = Math.min(takeCount(top), below.limit ? limitOf(below) : Infinity);
      closing = { ...below, limit: { k: "const", type: "long", value: n, span: top.span } };
      top = below.input;
    } else {
      closing = top;
      top = below;
    }
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
  for (const stage of shape.stages) {
    if (stage.op === "project") {
      rows = runProject(stage, rows, env);
      continue;
    }
    const test = compilePredicate(stage.predicate, rows, env);
    const kept = new Int32Array(rows.length);
    let count = 0;
    for (let r = 0; r < rows.length; r++) {
      if ((r & POLL_MASK) === 0) env.guard.poll();
      if (test(r)) kept[count++] = r;
    }
    if (count === rows.length) continue;
    const selection = kept.slice(0, count);
    const before = groups;
    groups = Int32Array.from(selection, (r) => before[r]!);
    rows = rows.select(selection);
  }
  const closing = shape.closing;
  if (!closing) return { result: rows, groups };
  if (closing.op === "take") return firstOfEachGroup(rows, groups, takeCount(closing));

  const width = rows.schema.length;
  const withGroups = new Table([...rows.schema, GROUP_COLUMN], [...rows.columns, new ArrayColumn("long", Array.from(groups))], rows.length);
  const group: ColumnExpr = { k: "column", type: "long", index: width, name: GROUP_COLUMN.name, span: closing.span };
  if (closing.op === "summarize") {
    const byGroup: SummarizeNode = { ...closing, keys: [group, ...closing.keys], schema: [GROUP_COLUMN, ...closing.schema] };
    const out = runSummarize(byGroup, withGroups, env);
    return { result: new Table(closing.schema, out.columns.slice(1), out.length), groups: out.columns[0]!.readAll(env.guard) as readonly number[] };
  }
  // sort / top N: ordered by group first, then the sort's keys; top's N is kept per group.
  const { limit: _perGroup, ...unlimited } = closing;
  const byGroup: SortNode = { ...unlimited, keys: [{ expr: group, descending: false, nullsFirst: false }, ...closing.keys], schema: [...closing.schema, GROUP_COLUMN] };
  const sorted = runSort(byGroup, withGroups, env);
  const sortedGroups = sorted.columns[width]!.readAll(env.guard) as readonly number[];
  const ordered = new Table(closing.schema, sorted.columns.slice(0, width), sorted.length);
  if (!closing.limit) return { result: ordered, groups: sortedGroups };
  return firstOfEachGroup(ordered, sortedGroups, limitOf(closing));
}

/** A top's row count (a constant: the binder requires one). */
function limitOf(sort: SortNode): number {
  const limit = sort.limit;
  return limit?.k === "const" && typeof limit.value === "number" ? Math.max(0, Math.floor(limit.value)) : 0;
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
