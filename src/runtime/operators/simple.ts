/** The small operators: take, count, distinct. */
import type { CountNode, DistinctNode, TakeNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { ArrayColumn, identity, Table } from "../table.js";
import type { Value } from "../values.js";
import { keyFunction } from "./keys.js";

export function runTake(node: TakeNode, input: Table): Table {
  const count = takeCount(node);
  return count >= input.length ? input : input.select(identity(count));
}

/** How many rows a take keeps (its count is a constant: the binder folds it). */
export function takeCount(node: TakeNode): number {
  return node.count.k === "const" && typeof node.count.value === "number" ? Math.max(0, Math.floor(node.count.value)) : 0;
}

export function runCount(node: CountNode, input: Table): Table {
  return new Table(node.schema, [new ArrayColumn("long", [input.length])], 1);
}

/** The first row of each distinct combination, in input order. */
export function runDistinct(node: DistinctNode, input: Table, env: ExecutionEnv): Table {
  const fns = node.exprs.map((e) => compileExpr(e, input, env));
  const key = keyFunction(fns);
  const seen = new Set<unknown>();
  const values: Value[][] = fns.map(() => []);
  for (let i = 0; i < input.length; i++) {
    const k = key(i);
    if (seen.has(k)) continue;
    seen.add(k);
    fns.forEach((f, c) => values[c]!.push(f(i)));
  }
  return new Table(node.schema, node.schema.map((col, c) => new ArrayColumn(col.type, values[c]!)), seen.size);
}
