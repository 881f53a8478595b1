import type { MvApplyNode } from "../../binder/plan.js";
import type { ExecutionEnv } from "../compile.js";
import { ArrayColumn, identity, Table, type Column } from "../table.js";
import { groupedShape, runGrouped, runPerGroup, type SubqueryRunner } from "./grouped-subquery.js";
import { expandRows } from "./mv-expand.js";
import { runSummarize } from "./summarize.js";

/**
 * mv-apply: all rows are expanded in one pass (one index vector over the input); each input row's
 * expansion is a contiguous slice of it, and the subquery's result over each slice follows that row.
 * A subquery of filters and extends/projects, optionally ending in a summarize, sort, top or take, runs
 * once over the whole expansion (see runMvApplyOverExpansion); any other runs once per slice. Carried
 * input columns are selected through one index vector, never copied.
 */
export function runMvApply(node: MvApplyNode, input: Table, env: ExecutionEnv, runSubquery: SubqueryRunner): Table {
  return runMvApplyOverExpansion(node, input, env) ?? runMvApplyPerRow(node, input, env, runSubquery);
}

/**
 * The subquery run once per input row, over that row's slice of the expansion (runPerGroup). A row whose
 * arrays are empty gets an empty slice, so `summarize count()` still gives it one row, as in Kusto.
 */
export function runMvApplyPerRow(node: MvApplyNode, input: Table, env: ExecutionEnv, runSubquery: SubqueryRunner): Table {
  const { table: expanded, sourceRows } = expandRows(node.expand, input, env);
  // Each row's slice starts where the previous one ended (the expansion comes row by row).
  const starts = new Int32Array(input.length + 1);
  for (let at = 0, i = 0; i <= input.length; i++) {
    while (at < sourceRows.length && sourceRows[at]! < i) at++;
    starts[i] = at;
  }
  const sliceOf = (i: number): Int32Array => Int32Array.from({ length: starts[i + 1]! - starts[i]! }, (_, k) => starts[i]! + k);
  const { result, groups } = runPerGroup(node, node.subquery, expanded, input.length, sliceOf, runSubquery, env);
  return withInputColumns(node, input, result, groups);
}

/**
 * The subquery run once over the whole expansion, each input row's slice a group (see grouped-subquery.ts),
 * for the subqueries that allow it; undefined for any other (joins, an operator after the summarize, ...),
 * which runs per row instead. Without `by`, a summarize gives each input row one result row even over an
 * empty slice (`count()` 0, `make_bag` {}): its result over no rows.
 */
export function runMvApplyOverExpansion(node: MvApplyNode, input: Table, env: ExecutionEnv): Table | undefined {
  const shape = groupedShape(node.subquery, node.placeholder);
  if (!shape) return undefined;
  const { table: expanded, sourceRows } = expandRows(node.expand, input, env);
  const { result, groups } = runGrouped(shape, expanded, sourceRows, env);
  const summarize = shape.closing?.op === "summarize" ? shape.closing.node : undefined;
  if (!summarize || summarize.keys.length > 0) return withInputColumns(node, input, result, groups);
  // Without `by`: each row's one result row, its result over no rows where nothing reached the summarize.
  const overNothing = runSummarize(summarize, Table.empty(summarize.input.schema), env);
  const pick = new Int32Array(input.length);
  let g = 0;
  for (let i = 0; i < input.length; i++) pick[i] = g < groups.length && groups[g] === i ? g++ : -1;
  const columns = summarize.schema.map((c, k): Column => {
    const fallback = overNothing.columns[k]!.get(0);
    const column = result.columns[k]!;
    return new ArrayColumn(c.type, Array.from(pick, (p) => (p >= 0 ? column.get(p) : fallback)));
  });
  return withInputColumns(node, input, new Table(summarize.schema, columns, input.length), identity(input.length));
}

/** The output: the input's columns at each result row's source row, and the subquery's columns. */
function withInputColumns(node: MvApplyNode, input: Table, result: Table, rowsOf: ArrayLike<number>): Table {
  const selected = input.select(Int32Array.from(rowsOf));
  const columns: Column[] = node.outputs.map((o) => (o.from === "input" ? selected.columns[o.index]! : result.columns[o.index]!));
  return new Table(node.schema, columns, result.length);
}
