import type { MvApplyNode, PlanNode } from "../../binder/plan.js";
import type { ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import type { Value } from "../values.js";
import { expandRows } from "./mv-expand.js";

/** Runs a subquery plan with the mv-apply placeholder reading `rows`. */
export type SubqueryRunner = (rows: Table, subquery: PlanNode) => Table;

/**
 * mv-apply: all rows are expanded in one pass (one index vector over the input); each input row's
 * expansion is a contiguous slice of it, over which the subquery runs. A row whose arrays are empty
 * gets an empty slice, so `summarize count()` still gives it one row, as in Kusto. Carried input
 * columns are selected through one index vector, never copied; only the subquery's values are new.
 */
export function runMvApply(node: MvApplyNode, input: Table, env: ExecutionEnv, runSubquery: SubqueryRunner): Table {
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
  const selected = input.select(Int32Array.from(outRows));
  const columns: Column[] = node.outputs.map((o) => (o.from === "input" ? selected.columns[o.index]! : new ArrayColumn(node.subquery.schema[o.index]!.type, values[o.index]!)));
  return new Table(node.schema, columns, outRows.length);
}
