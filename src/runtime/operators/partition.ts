import type { PartitionNode } from "../../binder/plan.js";
import type { ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { Table } from "../table.js";
import { groupedShape, runGrouped, runPerGroup, type SubqueryRunner } from "./grouped-subquery.js";
import { grouper } from "./keys.js";

/**
 * partition: rows are grouped by the key column's value (null is a partition of its own), partitions in
 * order of first appearance and rows in input order within each; the subquery's results over the
 * partitions are appended in that order. A subquery of the shapes grouped-subquery.ts lists runs once over
 * all partitions (a partition by an id, one row each, used to cost a tenth of a millisecond per row); any
 * other runs once per partition.
 */
export function runPartition(node: PartitionNode, input: Table, env: ExecutionEnv, runSubquery: SubqueryRunner): Table {
  return runPartitionOverAll(node, input, env) ?? runPartitionPerPartition(node, input, env, runSubquery);
}

/** The rows of each partition, partitions in order of first appearance, rows in input order. */
function partitions(node: PartitionNode, input: Table, env: ExecutionEnv): number[][] {
  const groupOf = grouper([input.columns[node.key]!.reader()]);
  const groups: number[][] = [];
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) env.guard.poll();
    groups[groupOf(i, () => groups.push([]) - 1)]!.push(i);
  }
  return groups;
}

/** The subquery run once over every partition's rows, partition by partition; undefined for other shapes. */
export function runPartitionOverAll(node: PartitionNode, input: Table, env: ExecutionEnv): Table | undefined {
  const shape = groupedShape(node.subquery, node.placeholder);
  if (!shape) return undefined;
  const order = new Int32Array(input.length);
  const partitionOf = new Int32Array(input.length);
  let at = 0;
  partitions(node, input, env).forEach((rows, p) => {
    for (const row of rows) {
      partitionOf[at] = p;
      order[at++] = row;
    }
  });
  const { result } = runGrouped(shape, input.select(order), partitionOf, env);
  return new Table(node.schema, result.columns, result.length);
}

/** The subquery run once per partition (runPerGroup). */
export function runPartitionPerPartition(node: PartitionNode, input: Table, env: ExecutionEnv, runSubquery: SubqueryRunner): Table {
  const rows = partitions(node, input, env);
  const { result } = runPerGroup(node, node.subquery, input, rows.length, (p) => Int32Array.from(rows[p]!), runSubquery, env);
  return new Table(node.schema, result.columns, result.length);
}
