import type { PartitionNode, PlanNode } from "../../binder/plan.js";
import type { ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table } from "../table.js";
import type { Value } from "../values.js";
import { grouper } from "./keys.js";

/** Runs a subquery plan with the partition placeholder reading `rows`. */
export type PartitionRunner = (rows: Table, subquery: PlanNode) => Table;

/**
 * partition: rows are grouped by the key column's value (null is a partition of its own), partitions in
 * order of first appearance and rows in input order within each; the subquery runs once per partition
 * and the results are appended in that order.
 */
export function runPartition(node: PartitionNode, input: Table, env: ExecutionEnv, runSubquery: PartitionRunner): Table {
  const guard = env.guard;
  const groupOf = grouper([input.columns[node.key]!.reader()]);
  const groups: number[][] = [];
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    groups[groupOf(i, () => groups.push([]) - 1)]!.push(i);
  }
  const width = node.schema.length;
  const values: Value[][] = Array.from({ length: width }, () => []);
  let length = 0;
  for (const rows of groups) {
    guard.poll();
    const result = runSubquery(input.select(Int32Array.from(rows)), node.subquery);
    for (let r = 0; r < result.length; r++) for (let c = 0; c < width; c++) values[c]!.push(result.columns[c]!.get(r));
    length += result.length;
    if (length > guard.limits.maxIntermediateRows) guard.rows(length, "partition", node.span);
  }
  return new Table(node.schema, node.schema.map((c, i) => new ArrayColumn(c.type, values[i]!)), length);
}
