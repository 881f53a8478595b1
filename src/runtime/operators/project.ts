import type { ProjectNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, ConstantColumn, Table, type Column } from "../table.js";
import type { Value } from "../values.js";

/**
 * extend / project / project-away / -rename / -reorder / -keep: column references pass the input
 * column through untouched; computed expressions become one new array each.
 */
export function runProject(node: ProjectNode, input: Table, env: ExecutionEnv): Table {
  const n = input.length;
  const columns: Column[] = node.exprs.map((expr) => {
    if (expr.k === "column") return input.columns[expr.index]!;
    if (expr.k === "const") return new ConstantColumn(expr.type, expr.value, n);
    const f = compileExpr(expr, input, env);
    const values = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      if ((i & POLL_MASK) === 0) env.guard.poll();
      values[i] = f(i);
    }
    return new ArrayColumn(expr.type, values);
  });
  return new Table(node.schema, columns, n);
}
