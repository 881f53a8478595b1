import type { SummarizeNode } from "../../binder/plan.js";
import type { Accumulator, ArgInfo, GroupedAccumulator } from "../../functions/types.js";
import { compileExpr, type ExecutionEnv, type RowFn } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, RowObjectColumn, Table, type Column } from "../table.js";
import { datetimeExtreme, datetimePartsWriter, type DatetimePartsWriter } from "./datetime-extreme.js";
import type { Value } from "../values.js";
import { grouper } from "./keys.js";

/**
 * Hash aggregation: each row is assigned to its group and feeds the group's accumulators as it is read.
 * arg_max/arg_min accumulators keep only the winning row's number; the output reads that row's columns at
 * the end, so no row is copied.
 */
export function runSummarize(node: SummarizeNode, input: Table, env: ExecutionEnv): Table {
  const sink = summarizeSink(node, input, env);
  const guard = env.guard;
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    sink.add(i, i);
  }
  return sink.finish(input);
}

/**
 * Summarize fed one row at a time. `add(readRow, row)` evaluates keys and arguments over `rows` at
 * `readRow` and files the row under number `row`; `finish(kept)` builds the result from `kept`, the table
 * whose row `row` is that row. On its own, summarize reads its input and both numbers are the same. Inside a
 * filter's pass (runtime/operators/where.ts), `rows` reads the pass's input row (and the values the pass
 * computed for it) while the row is at hand, `row` counts the rows the pass keeps, and `kept` is the pass's
 * output: no kept row is read a second time for its keys.
 */
export interface SummarizeSink {
  add(readRow: number, row: number): void;
  finish(kept: Table): Table;
}

export function summarizeSink(node: SummarizeNode, rows: Table, env: ExecutionEnv): SummarizeSink {
  const keyFns = node.keys.map((k) => compileExpr(k, rows, env));
  let current = 0; // the kept number of the row being added, for newGroup
  const groupOf = grouper(keyFns);
  // arg_max/arg_min (winner outputs) also receive the row number as their second argument.
  const isWinner = node.aggregates.map((_, i) => node.outputs.some((o) => o.kind === "winnerColumn" && o.aggregate === i));
  // arg_max/arg_min/max/min of a datetime column of the caller's rows find their row from numbers, not
  // bigints; they too get the row number as the second argument. min(T) and max(T) read T once.
  const partsByColumn = new Map<number, DatetimePartsWriter>();
  const datetimeExtremes = node.aggregates.map((a, i) => datetimeExtremeOf(a, isWinner[i]!, rows, partsByColumn));
  const partWriters = [...partsByColumn.values()].map((w) => w.write);
  const passesRow = node.aggregates.map((_, i) => isWinner[i]! || datetimeExtremes[i] !== undefined);
  const argFns = node.aggregates.map((a, i) => a.args.map((e, k): RowFn => (k === 0 && datetimeExtremes[i] ? () => null : compileExpr(e, rows, env))));

  const aggregateCount = node.aggregates.length;
  const factories = node.aggregates.map((a) => a.factory);
  const buffers = node.aggregates.map((a, i) => new Array<Value>(passesRow[i] ? 2 : a.args.length));
  // Flat per-group state: group g's accumulators sit at g * aggregateCount ..., and its keys are read
  // back from its first row at the end, so a new group allocates nothing but its accumulators.
  const accumulators: (Accumulator | undefined)[] = []; // undefined where the aggregate is grouped
  const firstRowOfGroup: number[] = [];
  // Aggregates with an array-backed form keep every group's state in one object (no object per group).
  const grouped: (GroupedAccumulator | undefined)[] = node.aggregates.map((a, i) => datetimeExtremes[i] ?? a.def.bindGrouped?.(a.args.map(infoOf))());
  const newGroupAt = (row: number): number => {
    const g = firstRowOfGroup.length;
    firstRowOfGroup.push(row);
    for (let a = 0; a < aggregateCount; a++) {
      const ga = grouped[a];
      if (ga) {
        ga.addGroup();
        accumulators.push(undefined);
      } else accumulators.push(factories[a]!());
    }
    return g;
  };
  // The grouper names a new group's row by the row it read; the group keeps the row's number as kept.
  const newGroup = (): number => newGroupAt(current);

  const add = env.compiled.keep((readRow: number, row: number): void => {
    current = row;
    for (let w = 0; w < partWriters.length; w++) partWriters[w]!(readRow, row);
    const g = groupOf(readRow, newGroup);
    const base = g * aggregateCount;
    for (let a = 0; a < aggregateCount; a++) {
      const ga = grouped[a];
      if (ga?.settled?.(g)) continue;
      const fns = argFns[a]!;
      const buf = buffers[a]!;
      for (let j = 0; j < fns.length; j++) buf[j] = fns[j]!(readRow);
      if (passesRow[a]) buf[1] = row;
      if (ga) ga.add(g, buf);
      else accumulators[base + a]!.add(buf);
    }
  });

  const finish = (kept: Table): Table => {
    // Without `by`, summarize gives one row even over no input (count() is 0 there).
    if (node.keys.length === 0 && firstRowOfGroup.length === 0) newGroupAt(-1);
    const groupCount = firstRowOfGroup.length;
    // Keys are read back from each group's first row of `kept` (the rows `rows` read are gone by now).
    const keptKeyFns = node.keys.map((k) => compileExpr(k, kept, env));
    // Each aggregate's results as one column (computed when an output first needs it): no array per group.
    const resultColumns = new Map<number, Value[]>();
    const resultsOf = (a: number): Value[] => {
      let col = resultColumns.get(a);
      if (!col) {
        col = new Array<Value>(groupCount);
        const ga = grouped[a];
        for (let g = 0; g < groupCount; g++) col[g] = ga ? ga.result(g) : accumulators[g * aggregateCount + a]!.result();
        resultColumns.set(a, col);
      }
      return col;
    };
    let keysByGroup: Value[][] | undefined;
    const groupKeysOf = (): Value[][] => (keysByGroup ??= firstRowOfGroup.map((row) => keptKeyFns.map((f) => (row >= 0 ? f(row) : null))));
    // Key columns and arg_max/arg_min winner columns that are plain input columns are selections of the
    // input (its first row per group, or the winning row), not copies: `arg_max(T, *)` over a wide table
    // would otherwise read and store every column of every group.
    // One memo per selection: a memo maps an input index vector to its composition with ONE selection.
    const memos = new Map<Int32Array, Map<Int32Array | null, Int32Array>>();
    const selectFrom = (column: number, selection: Int32Array): Column => {
      let memo = memos.get(selection);
      if (!memo) memos.set(selection, (memo = new Map()));
      return kept.columns[column]!.select(selection, memo);
    };
    const winnerSelections = new Map<number, Int32Array>();
    const winnersOf = (aggregate: number): Int32Array => {
      let sel = winnerSelections.get(aggregate);
      if (!sel) {
        sel = new Int32Array(groupCount);
        const winners = resultsOf(aggregate);
        for (let g = 0; g < groupCount; g++) {
          const w = winners[g];
          sel[g] = typeof w === "number" ? w : -1;
        }
        winnerSelections.set(aggregate, sel);
      }
      return sel;
    };
    const firstRows = Int32Array.from(firstRowOfGroup);
    const columns = node.schema.map((col, c) => {
      // Only the outputs that compute values allocate an array: `arg_max(T, *)` over a wide table makes
      // dozens of selection columns, and an unused array per column cost more than the aggregation.
      if (c < node.keys.length) {
        const k = node.keys[c]!;
        if (k.k === "column" && k.type === col.type) return selectFrom(k.index, firstRows);
        const f = keptKeyFns[c]!;
        const values = new Array<Value>(groupCount);
        for (let g = 0; g < groupCount; g++) values[g] = f(firstRowOfGroup[g]!);
        return new ArrayColumn(col.type, values);
      }
      const out = node.outputs[c - node.keys.length]!;
      if (out.kind === "aggregate") {
        return new ArrayColumn(col.type, resultsOf(out.aggregate));
      }
      if (out.kind === "expression") {
        const groupRow = groupTable(node, groupKeysOf(), node.aggregates.map((_, a) => resultsOf(a)));
        const f = compileExpr(out.expr, groupRow, env);
        const values = new Array<Value>(groupCount);
        for (let g = 0; g < groupCount; g++) values[g] = f(g);
        return new ArrayColumn(col.type, values);
      }
      if (out.column.k === "column" && out.column.type === col.type) return selectFrom(out.column.index, winnersOf(out.aggregate));
      const read = compileExpr(out.column, kept, env);
      const values = new Array<Value>(groupCount);
      for (let g = 0; g < groupCount; g++) {
        const winner = resultsOf(out.aggregate)[g];
        values[g] = typeof winner === "number" ? read(winner) : col.type === "string" ? "" : null;
      }
      return new ArrayColumn(col.type, values);
    });
    return new Table(node.schema, columns, groupCount);
  };
  return { add, finish };
}

/** The keys and every aggregate's result per group (one column per aggregate), as a table that scalar expressions over aggregates read. */
function groupTable(node: SummarizeNode, groupKeys: Value[][], results: Value[][]): Table {
  const n = groupKeys.length;
  const keyColumns = node.keys.map((k, c) => new ArrayColumn(k.type, groupKeys.map((g) => g[c]!)));
  const aggColumns = results.map((column) => new ArrayColumn("dynamic", column));
  const schema = [...node.schema.slice(0, node.keys.length), ...node.aggregates.map((_, i) => ({ name: `agg${i}`, type: "dynamic" as const }))];
  return new Table(schema, [...keyColumns, ...aggColumns], n);
}

/** What an aggregate's bind may know about one argument (as the binder gives it). */
function infoOf(e: SummarizeNode["aggregates"][number]["args"][number]): ArgInfo {
  const info: ArgInfo = { type: e.type, constant: e.k === "const" };
  if (e.k === "const") info.value = e.value;
  if (e.k === "column") info.columnName = e.name;
  return info;
}

/**
 * The numbers-based accumulator for an aggregate over a datetime column of the caller's rows that declares
 * `extremeRowOf` (used when it has winner outputs, which read its row) or `extremeValueOf` with one argument.
 */
function datetimeExtremeOf(
  a: SummarizeNode["aggregates"][number],
  hasWinnerOutputs: boolean,
  rows: Table,
  partsByColumn: Map<number, DatetimePartsWriter>,
): GroupedAccumulator | undefined {
  const arg = a.args[0];
  if (!arg || arg.k !== "column" || arg.type !== "datetime") return undefined;
  const column = rows.columns[arg.index];
  if (!(column instanceof RowObjectColumn)) return undefined;
  const row = hasWinnerOutputs ? a.def.extremeRowOf : undefined;
  const extreme = row ?? (a.args.length === 1 ? a.def.extremeValueOf : undefined);
  if (!extreme) return undefined;
  let writer = partsByColumn.get(arg.index);
  if (!writer) partsByColumn.set(arg.index, (writer = datetimePartsWriter(column)));
  return datetimeExtreme(writer, extreme, row ? "row" : "value");
}
