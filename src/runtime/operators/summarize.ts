import type { SummarizeNode } from "../../binder/plan.js";
import type { Accumulator } from "../../functions/types.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import type { Value } from "../values.js";
import { keyFunction } from "./keys.js";

/**
 * Hash aggregation: one pass over the input assigns each row to its group and feeds the group's
 * accumulators. arg_max/arg_min accumulators keep only the winning row's number; the output reads that
 * row's columns at the end, so no row is copied.
 */
export function runSummarize(node: SummarizeNode, input: Table, env: ExecutionEnv): Table {
  const n = input.length;
  const keyFns = node.keys.map((k) => compileExpr(k, input, env));
  const key = keyFunction(keyFns);
  const argFns = node.aggregates.map((a) => a.args.map((e) => compileExpr(e, input, env)));
  const winnerAggregates = new Set(node.outputs.filter((o) => o.kind === "winnerColumn").map((o) => o.aggregate));

  const groups = new Map<unknown, number>();
  const groupKeys: Value[][] = [];
  const accumulators: Accumulator[][] = [];
  const buffers = node.aggregates.map((a, i) => new Array<Value>(winnerAggregates.has(i) ? 2 : a.args.length));

  const firstRowOfGroup: number[] = [];
  const newGroup = (row: number): number => {
    const g = groupKeys.length;
    firstRowOfGroup.push(row);
    groupKeys.push(keyFns.map((f) => (row >= 0 ? f(row) : null)));
    accumulators.push(node.aggregates.map((a) => a.factory()));
    return g;
  };

  const guard = env.guard;
  for (let i = 0; i < n; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    const k = key(i);
    let g = groups.get(k);
    if (g === undefined) {
      g = newGroup(i);
      groups.set(k, g);
    }
    const accs = accumulators[g]!;
    for (let a = 0; a < accs.length; a++) {
      const fns = argFns[a]!;
      const buf = buffers[a]!;
      for (let j = 0; j < fns.length; j++) buf[j] = fns[j]!(i);
      if (winnerAggregates.has(a)) buf[1] = i;
      accs[a]!.add(buf);
    }
  }
  // Without `by`, summarize gives one row even over no input (count() is 0 there).
  if (node.keys.length === 0 && groupKeys.length === 0) newGroup(-1);

  const groupCount = groupKeys.length;
  const results = accumulators.map((accs) => accs.map((acc) => acc.result()));
  // Key columns and arg_max/arg_min winner columns that are plain input columns are selections of the
  // input (its first row per group, or the winning row), not copies: `arg_max(T, *)` over a wide table
  // would otherwise read and store every column of every group.
  // One memo per selection: a memo maps an input index vector to its composition with ONE selection.
  const memos = new Map<Int32Array, Map<Int32Array | null, Int32Array>>();
  const selectFrom = (column: number, selection: Int32Array): Column => {
    let memo = memos.get(selection);
    if (!memo) memos.set(selection, (memo = new Map()));
    return input.columns[column]!.select(selection, memo);
  };
  const winnerSelections = new Map<number, Int32Array>();
  const winnersOf = (aggregate: number): Int32Array => {
    let sel = winnerSelections.get(aggregate);
    if (!sel) {
      sel = new Int32Array(groupCount);
      for (let g = 0; g < groupCount; g++) {
        const w = results[g]![aggregate];
        sel[g] = typeof w === "number" ? w : -1;
      }
      winnerSelections.set(aggregate, sel);
    }
    return sel;
  };
  const firstRows = Int32Array.from(firstRowOfGroup);
  const columns = node.schema.map((col, c) => {
    const values = new Array<Value>(groupCount);
    if (c < node.keys.length) {
      const k = node.keys[c]!;
      if (k.k === "column" && k.type === col.type) return selectFrom(k.index, firstRows);
      for (let g = 0; g < groupCount; g++) values[g] = groupKeys[g]![c]!;
      return new ArrayColumn(col.type, values);
    }
    const out = node.outputs[c - node.keys.length]!;
    if (out.kind === "aggregate") {
      for (let g = 0; g < groupCount; g++) values[g] = results[g]![out.aggregate]!;
      return new ArrayColumn(col.type, values);
    }
    if (out.kind === "expression") {
      const groupRow = groupTable(node, groupKeys, results);
      const f = compileExpr(out.expr, groupRow, env);
      for (let g = 0; g < groupCount; g++) values[g] = f(g);
      return new ArrayColumn(col.type, values);
    }
    if (out.column.k === "column" && out.column.type === col.type) return selectFrom(out.column.index, winnersOf(out.aggregate));
    const read = compileExpr(out.column, input, env);
    for (let g = 0; g < groupCount; g++) {
      const winner = results[g]![out.aggregate];
      values[g] = typeof winner === "number" ? read(winner) : col.type === "string" ? "" : null;
    }
    return new ArrayColumn(col.type, values);
  });
  return new Table(node.schema, columns, groupCount);
}

/** The keys and every aggregate's result per group, as a table that scalar expressions over aggregates read. */
function groupTable(node: SummarizeNode, groupKeys: Value[][], results: Value[][]): Table {
  const n = groupKeys.length;
  const keyColumns = node.keys.map((k, c) => new ArrayColumn(k.type, groupKeys.map((g) => g[c]!)));
  const aggColumns = node.aggregates.map((a, i) => new ArrayColumn("dynamic", results.map((r) => r[i]!)));
  const schema = [...node.schema.slice(0, node.keys.length), ...node.aggregates.map((_, i) => ({ name: `agg${i}`, type: "dynamic" as const }))];
  return new Table(schema, [...keyColumns, ...aggColumns], n);
}
