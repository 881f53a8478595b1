/** The small operators: take, count, distinct. */
import type { BoundExpr, CountNode, DistinctNode, TakeNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, identity, Table, type Column, type IndexVector } from "../table.js";
import { grouper } from "./keys.js";

export function runTake(node: TakeNode, input: Table): Table {
  const count = takeCount(node);
  return count >= input.length ? input : input.select(identity(count));
}

/** How many rows a take keeps (its count is a constant: the binder folds it). */
export function takeCount(node: TakeNode): number {
  return constantCount(node.count) ?? 0;
}

/** A row count given as a constant (take's count, top's limit), as a whole number of at least 0. */
export function constantCount(expr: BoundExpr | undefined): number | undefined {
  return expr?.k === "const" && typeof expr.value === "number" ? Math.max(0, Math.floor(expr.value)) : undefined;
}

export function runCount(node: CountNode, input: Table): Table {
  return new Table(node.schema, [new ArrayColumn("long", [input.length])], 1);
}

/**
 * The first row of each distinct combination, in input order. Rows are grouped as summarize groups them
 * (nested Maps, no key string built per row, which dominated distinct over many combinations), and the
 * result's columns are selections of the input at those first rows.
 */
export function runDistinct(node: DistinctNode, input: Table, env: ExecutionEnv): Table {
  const fns = node.exprs.map((e) => compileExpr(e, input, env));
  const groupOf = grouper(fns);
  const firstRows: number[] = [];
  const newGroup = (row: number): number => firstRows.push(row) - 1;
  const guard = env.guard;
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    groupOf(i, newGroup);
  }
  const selection = Int32Array.from(firstRows);
  const memo = new Map<IndexVector | null, IndexVector>();
  const columns = node.schema.map((col, c): Column => {
    const e = node.exprs[c]!;
    if (e.k === "column" && e.type === col.type) return input.columns[e.index]!.select(selection, memo);
    const f = fns[c]!;
    return new ArrayColumn(col.type, firstRows.map((row) => f(row)));
  });
  return new Table(node.schema, columns, firstRows.length);
}
