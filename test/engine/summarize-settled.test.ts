/**
 * An aggregate whose group result is settled (take_any once it has a value) is not fed that group's later
 * rows: summarize does not even read their arguments. Checked by counting the reads of the argument column.
 */
import { prepareQuery } from "../../src/api.js";
import { planNodes, type SummarizeNode } from "../../src/binder/plan.js";
import { CompiledCode } from "../../src/runtime/compiled-code.js";
import { ExecutionGuard } from "../../src/runtime/guard.js";
import { runSummarize } from "../../src/runtime/operators/summarize.js";
import { ArrayColumn, Column, Table } from "../../src/runtime/table.js";
import type { Value } from "../../src/runtime/values.js";

/** A long column that counts the values read from it. */
class CountingColumn extends Column {
  reads = 0;
  constructor(private readonly values: (number | null)[]) {
    super("long");
  }
  get length(): number {
    return this.values.length;
  }
  get(row: number): Value {
    this.reads++;
    return this.values[row] ?? null;
  }
  override reader(): (row: number) => Value {
    return (row) => this.get(row);
  }
  select(selection: Int32Array): Column {
    return new ArrayColumn("long", Array.from(selection, (i) => (i < 0 ? null : (this.values[i] ?? null))));
  }
}

const schemas = {
  T: [
    { name: "k", type: "string" as const },
    { name: "x", type: "long" as const },
  ],
};

function summarizeOf(query: string): SummarizeNode {
  return planNodes(prepareQuery(query, { T: [] }, { schemas }).plan).find((n): n is SummarizeNode => n.op === "summarize")!;
}

describe("settled aggregates", () => {
  const keys = ["a", "b", "a", "a", "b", "c", "a"];
  const xs = [null, 2, 5, 6, 7, 8, 9];
  const env = { run: () => Table.empty([]), guard: ExecutionGuard.unlimited(), compiled: new CompiledCode() };

  it("take_any reads its argument only until the group has a value", () => {
    const x = new CountingColumn(xs);
    const out = runSummarize(summarizeOf("T | summarize v = take_any(x) by k"), new Table(schemas.T, [new ArrayColumn("string", keys), x], keys.length), env);
    expect(out.columns[1]!.readAll(env.guard)).toEqual([5, 2, 8]);
    // a: rows 0 (null) and 2; b: row 1; c: row 5. Rows 3, 4 and 6 are not read.
    expect(x.reads).toBe(4);
  });

  it("an aggregate beside it still sees every row", () => {
    const x = new CountingColumn(xs);
    const out = runSummarize(summarizeOf("T | summarize v = take_any(x), s = sum(x) by k"), new Table(schemas.T, [new ArrayColumn("string", keys), x], keys.length), env);
    expect(out.columns[1]!.readAll(env.guard)).toEqual([5, 2, 8]);
    expect(out.columns[2]!.readAll(env.guard)).toEqual([20, 9, 8]);
    expect(x.reads).toBe(4 + keys.length);
  });
});
