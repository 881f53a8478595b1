import type { WhereNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import type { Table } from "../table.js";

/** Keeps the rows whose predicate is true (null and false drop the row); no values are copied. */
export function runWhere(node: WhereNode, input: Table, env: ExecutionEnv): Table {
  const predicate = compileExpr(node.predicate, input, env);
  const n = input.length;
  const selection = new Int32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) if (predicate(i) === true) selection[kept++] = i;
  if (kept === n) return input;
  return input.select(selection.slice(0, kept));
}
