import type { PivotNode } from "../../binder/plan.js";
import type { Accumulator } from "../../functions/types.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import { valueToString, type Value } from "../values.js";
import { keyFunction } from "./keys.js";

/**
 * evaluate pivot: one pass groups rows by the by-columns and feeds the accumulator of (group, pivot
 * value); a pivot value the binder did not see has no column and its rows are skipped. Key columns are
 * selections of each group's first row, not copies.
 */
export function runPivot(node: PivotNode, input: Table, env: ExecutionEnv): Table {
  const keyFns = node.keys.map((k) => compileExpr(k, input, env));
  const key = keyFunction(keyFns);
  const pivotFn = compileExpr(node.pivot, input, env);
  const argFns = node.aggregate.args.map((e) => compileExpr(e, input, env));
  const slot = new Map(node.values.map((v, i) => [v, i]));
  const width = node.values.length;
  const groups = new Map<unknown, number>();
  const firstRows: number[] = [];
  const cells: (Accumulator | undefined)[] = [];
  const buf = new Array<Value>(argFns.length);
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) env.guard.poll();
    const k = key(i);
    let g = groups.get(k);
    if (g === undefined) {
      g = firstRows.length;
      firstRows.push(i);
      groups.set(k, g);
      for (let c = 0; c < width; c++) cells.push(undefined);
    }
    const c = slot.get(valueToString(pivotFn(i), node.pivot.type));
    if (c === undefined) continue;
    for (let j = 0; j < argFns.length; j++) buf[j] = argFns[j]!(i);
    const at = g * width + c;
    (cells[at] ??= node.aggregate.factory()).add(buf);
  }
  const groupCount = firstRows.length;
  const selection = Int32Array.from(firstRows);
  const memo = new Map<Int32Array | null, Int32Array>();
  const empty = (): Value => node.aggregate.factory().result();
  const columns: Column[] = node.schema.map((col, c) => {
    if (c < node.keys.length) {
      const k = node.keys[c]!;
      return k.k === "column" ? input.columns[k.index]!.select(selection, memo) : new ArrayColumn(col.type, firstRows.map((r) => keyFns[c]!(r)));
    }
    const v = c - node.keys.length;
    const values = new Array<Value>(groupCount);
    for (let g = 0; g < groupCount; g++) {
      const acc = cells[g * width + v];
      values[g] = acc ? acc.result() : empty();
    }
    return new ArrayColumn(col.type, values);
  });
  return new Table(node.schema, columns, groupCount);
}
