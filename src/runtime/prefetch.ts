/**
 * Columns worth reading inside a filter's pass. A join reads its key from every row of each input; when an
 * input is a `where` over the caller's rows (through column-only `project`/`extend`s), that read would
 * touch each kept row object a second time, long after the filter's pass left it. The filter instead
 * reads the key while the row is at hand, and hands it on as a computed column.
 */
import type { BoundExpr, PlanNode, WhereNode } from "../binder/plan.js";

/** For each `where` node id, the indexes of its output columns a later join reads for every row. */
export type FilterPrefetch = ReadonlyMap<number, readonly number[]>;

export function filterPrefetch(nodes: readonly PlanNode[]): FilterPrefetch {
  const out = new Map<number, number[]>();
  const want = (side: PlanNode, key: BoundExpr): void => {
    const at = filterColumnOf(side, key);
    if (!at) return;
    const list = out.get(at.filter.id) ?? [];
    if (!list.includes(at.index)) list.push(at.index);
    out.set(at.filter.id, list);
  };
  for (const node of nodes) {
    if (node.op !== "join") continue;
    for (const k of node.leftKeys) want(node.left, k);
    for (const k of node.rightKeys) want(node.right, k);
  }
  return out;
}

/** The `where` and its column that a plain column of `node` passes through unchanged, if any. */
function filterColumnOf(node: PlanNode, expr: BoundExpr): { filter: WhereNode; index: number } | undefined {
  if (expr.k !== "column") return undefined;
  let index = expr.index;
  let at = node;
  while (at.op === "project") {
    const e = at.exprs[index];
    if (!e || e.k !== "column") return undefined;
    index = e.index;
    at = at.input;
  }
  return at.op === "where" ? { filter: at, index } : undefined;
}
