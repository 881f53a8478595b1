import type { WhereNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import type { Table } from "../table.js";

/** Keeps the rows whose predicate is true (null and false drop the row); no values are copied. */
export function runWhere(node: WhereNode, input: Table, env: ExecutionEnv): Table {
  const predicate = compileExpr(node.predicate, input, env);
  const n = input.length;
  const selection = new Int32Array(n);
  let kept = 0;
  const guard = env.guard;
  for (let i = 0; i < n; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    if (predicate(i) === true) selection[kept++] = i;
  }
  if (kept === n) return input;
  return input.select(selection.slice(0, kept));
}
