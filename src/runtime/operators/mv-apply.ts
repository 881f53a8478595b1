import type { ColumnExpr, MvApplyNode, PlanNode, SummarizeNode } from "../../binder/plan.js";
import type { ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { compilePredicate } from "../predicate.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import type { Value } from "../values.js";
import { expandRows } from "./mv-expand.js";
import { runProject } from "./project.js";
import { runSummarize } from "./summarize.js";
import { exprReadsRowPosition, readsRowPosition, type PassNode } from "./where.js";

/** Runs a subquery plan with the mv-apply placeholder reading `rows`. */
export type SubqueryRunner = (rows: Table, subquery: PlanNode) => Table;

/**
 * mv-apply: all rows are expanded in one pass (one index vector over the input); each input row's
 * expansion is a contiguous slice of it, and the subquery's result over each slice follows that row.
 * A subquery of filters and extends/projects, optionally ending in a summarize, runs once over the whole
 * expansion (see runMvApplyOverExpansion); any other runs once per slice. Carried input columns are
 * selected through one index vector, never copied.
 */
export function runMvApply(node: MvApplyNode, input: Table, env: ExecutionEnv, runSubquery: SubqueryRunner): Table {
  return runMvApplyOverExpansion(node, input, env) ?? runMvApplyPerRow(node, input, env, runSubquery);
}

/**
 * The subquery run once per input row, over that row's slice of the expansion. A row whose arrays are
 * empty gets an empty slice, so `summarize count()` still gives it one row, as in Kusto. Each slice runs
 * a fresh executor, which compiles the subquery's expressions again: about a tenth of a millisecond per
 * row, so the shapes runMvApplyOverExpansion takes never come here.
 */
export function runMvApplyPerRow(node: MvApplyNode, input: Table, env: ExecutionEnv, runSubquery: SubqueryRunner): Table {
  const { table: expanded, sourceRows } = expandRows(node.expand, input, env);
  const guard = env.guard;
  const outRows: number[] = [];
  const width = node.subquery.schema.length;
  const values: Value[][] = Array.from({ length: width }, () => []);
  let at = 0;
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    const start = at;
    while (at < sourceRows.length && sourceRows[at] === i) at++;
    const slice = new Int32Array(at - start);
    for (let k = 0; k < slice.length; k++) slice[k] = start + k;
    const result = runSubquery(expanded.select(slice), node.subquery);
    for (let r = 0; r < result.length; r++) {
      outRows.push(i);
      for (let c = 0; c < width; c++) values[c]!.push(result.columns[c]!.get(r));
    }
    if (outRows.length > guard.limits.maxIntermediateRows) guard.rows(outRows.length, "mv-apply", node.span);
  }
  const result = new Table(
    node.subquery.schema,
    node.subquery.schema.map((c, k) => new ArrayColumn(c.type, values[k]!)),
    outRows.length,
  );
  return withInputColumns(node, input, result, outRows);
}

/**
 * The subquery run once over the whole expansion, when its result over the concatenated slices is the
 * slices' results in order: filters and extends/projects read one row at a time (none may read row
 * positions, as `row_number()` or `prev()` do), and a summarize at the end groups by the source row as
 * well as its own keys. Without `by`, a summarize gives each row one result row even over an empty
 * slice (`count()` 0, `make_bag` {}), which is its result over no rows. Undefined for any other subquery
 * (take, top, sort, joins, an operator after the summarize, a summarize output computed over its
 * aggregates), which runs per row instead.
 */
export function runMvApplyOverExpansion(node: MvApplyNode, input: Table, env: ExecutionEnv): Table | undefined {
  const shape = wholeExpansionShape(node);
  if (!shape) return undefined;
  const { table: expanded, sourceRows } = expandRows(node.expand, input, env);
  let table = expanded;
  let rowsOf: ArrayLike<number> = sourceRows;
  for (const stage of shape.stages) {
    if (stage.op === "project") {
      table = runProject(stage, table, env);
      continue;
    }
    const test = compilePredicate(stage.predicate, table, env);
    const kept = new Int32Array(table.length);
    let count = 0;
    for (let r = 0; r < table.length; r++) {
      if ((r & POLL_MASK) === 0) env.guard.poll();
      if (test(r)) kept[count++] = r;
    }
    if (count === table.length) continue;
    const selection = kept.slice(0, count);
    const source = rowsOf;
    rowsOf = Int32Array.from(selection, (r) => source[r]!);
    table = table.select(selection);
  }
  if (!shape.summarize) return withInputColumns(node, input, table, rowsOf);

  const summarize = shape.summarize;
  const grouped = runSummarize(bySourceRow(summarize, table.schema.length), withSourceRows(table, rowsOf), env);
  const groupRows = grouped.columns[0]!.readAll(env.guard) as readonly number[];
  const results = new Table(summarize.schema, grouped.columns.slice(1), grouped.length);
  if (summarize.keys.length > 0) return withInputColumns(node, input, results, groupRows);
  // Without `by`: each row's one result row, its result over no rows where nothing reached the summarize.
  const overNothing = runSummarize(summarize, Table.empty(table.schema), env);
  const outRows: number[] = new Array<number>(input.length);
  const pick = new Int32Array(input.length);
  let g = 0;
  for (let i = 0; i < input.length; i++) {
    outRows[i] = i;
    pick[i] = g < groupRows.length && groupRows[g] === i ? g++ : -1;
  }
  const columns = summarize.schema.map((c, k): Column => {
    const fallback = overNothing.columns[k]!.get(0);
    const column = results.columns[k]!;
    return new ArrayColumn(c.type, Array.from(pick, (p) => (p >= 0 ? column.get(p) : fallback)));
  });
  return withInputColumns(node, input, new Table(summarize.schema, columns, input.length), outRows);
}

/** The subquery's filters and extends/projects (innermost first) and its closing summarize, or undefined. */
function wholeExpansionShape(node: MvApplyNode): { stages: PassNode[]; summarize?: SummarizeNode } | undefined {
  let top: PlanNode = node.subquery;
  let summarize: SummarizeNode | undefined;
  if (top.op === "summarize") {
    const readsPosition = [...top.keys, ...top.aggregates.flatMap((a) => a.args)].some(exprReadsRowPosition);
    // An output computed over the aggregates (`tostring(max(v))`) reads them by position after the keys,
    // which the source row as an extra key would shift.
    if (readsPosition || top.outputs.some((o) => o.kind === "expression")) return undefined;
    summarize = top;
    top = top.input;
  }
  const stages: PassNode[] = [];
  while (top.op === "where" || top.op === "project") {
    if (readsRowPosition(top)) return undefined;
    stages.push(top);
    top = top.input;
  }
  if (top.op !== "source" || top.table !== node.placeholder) return undefined;
  stages.reverse();
  return summarize ? { stages, summarize } : { stages };
}

/** `summarize` with the source row as its first key: read from the column appended at `rowColumn`. */
function bySourceRow(summarize: SummarizeNode, rowColumn: number): SummarizeNode {
  const row: ColumnExpr = { k: "column", type: "long", index: rowColumn, name: "\u0000row", span: summarize.span };
  return { ...summarize, keys: [row, ...summarize.keys], schema: [{ name: "\u0000row", type: "long" }, ...summarize.schema] };
}

function withSourceRows(table: Table, rowsOf: ArrayLike<number>): Table {
  return new Table([...table.schema, { name: "\u0000row", type: "long" }], [...table.columns, new ArrayColumn("long", Array.from(rowsOf))], table.length);
}

/** The output: the input's columns at each result row's source row, and the subquery's columns. */
function withInputColumns(node: MvApplyNode, input: Table, result: Table, rowsOf: ArrayLike<number>): Table {
  const selected = input.select(Int32Array.from(rowsOf));
  const columns: Column[] = node.outputs.map((o) => (o.from === "input" ? selected.columns[o.index]! : result.columns[o.index]!));
  return new Table(node.schema, columns, result.length);
}
