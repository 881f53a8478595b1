import { exprChildren, type BoundExpr, type PlanNode, type WhereNode } from "../../binder/plan.js";
import type { ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { compilePredicate, type RowTest } from "../predicate.js";
import { StringRowObjectColumn, Table, type Column } from "../table.js";

/**
 * Keeps the rows whose predicates are all true (null and false drop the row); no values are copied.
 * `filters` are consecutive `where` operators over the same input, innermost first: one pass tests them
 * in order, so a row is read once however many filters a rule stacks (see `fusableWhereChain`).
 * `prefetch` names string columns of the caller's rows to read for each kept row during the pass, while
 * the row is at hand; they come out as computed columns (see ../prefetch.ts).
 */
export function runWhere(filters: readonly WhereNode[], input: Table, env: ExecutionEnv, prefetch: readonly number[] = []): Table {
  const tests = filters.map((f) => compilePredicate(f.predicate, input, env));
  const test: RowTest = tests.length === 1 ? tests[0]! : tests.reduce((a, b) => (i) => a(i) && b(i));
  const collectors: { index: number; take(row: number): void; column(): Column }[] = [];
  for (const index of prefetch) {
    const column = input.columns[index];
    const collector = column instanceof StringRowObjectColumn ? column.collector() : undefined;
    if (collector) collectors.push({ index, ...collector });
  }
  const n = input.length;
  const selection = new Int32Array(n);
  let kept = 0;
  const guard = env.guard;
  for (let i = 0; i < n; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    if (test(i)) {
      selection[kept++] = i;
      for (let k = 0; k < collectors.length; k++) collectors[k]!.take(i);
    }
  }
  const output = kept === n ? input : input.select(selection.slice(0, kept));
  if (collectors.length === 0) return output;
  const columns = output.columns.slice();
  for (const c of collectors) columns[c.index] = c.column();
  return new Table(output.schema, columns, output.length);
}

/**
 * The `where` operators directly below `node` that can run in its pass, innermost first, ending with
 * `node`. A filter whose predicate reads row positions (`prev`, `row_number`, ...) sees the rows the
 * filters below it kept, so the chain stops under it; `stop(n)` ends it at a node whose own result is
 * needed (already computed, or traced).
 */
export function fusableWhereChain(node: WhereNode, stop: (n: WhereNode) => boolean): WhereNode[] {
  const chain = [node];
  let top = node;
  while (top.input.op === "where" && !readsRowPosition(top.predicate) && !stop(top.input)) {
    top = top.input;
    chain.push(top);
  }
  return chain.reverse();
}

/**
 * Of a plan's nodes, the `where` nodes the executor runs inside the pass of a `where` above them (when no
 * trace asks for each operator's rows): a caller that runs nodes one by one skips these.
 */
export function mergedFilters(nodes: readonly PlanNode[]): Set<number> {
  const merged = new Set<number>();
  for (const node of nodes) {
    if (node.op !== "where") continue;
    const chain = fusableWhereChain(node, () => false);
    for (let k = 0; k < chain.length - 1; k++) merged.add(chain[k]!.id);
  }
  return merged;
}

/** Whether an expression's value depends on where its row sits in the table (window functions). */
function readsRowPosition(e: BoundExpr): boolean {
  return e.k === "window" || exprChildren(e).some(readsRowPosition);
}
