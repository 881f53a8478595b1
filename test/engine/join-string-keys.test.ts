/**
 * A join reads a single string key held as one array (Column.rawStrings) from that array instead of
 * through the key function. These tests hold it to the key function's values: for every column kind
 * that offers the array, after selections that reorder rows, and with raw fields that are not strings.
 */
import fc from "fast-check";
import { prepareQuery } from "../../src/api.js";
import { planNodes, type JoinNode } from "../../src/binder/plan.js";
import { CompiledCode } from "../../src/runtime/compiled-code.js";
import { ExecutionGuard } from "../../src/runtime/guard.js";
import { runJoin } from "../../src/runtime/operators/join.js";
import { ArrayColumn, Column, rowObjectColumn, Table, type StringRowObjectColumn } from "../../src/runtime/table.js";
import type { Value } from "../../src/runtime/values.js";
import { fieldReader } from "../../src/runtime/coerce.js";
import { run } from "./helpers.js";

describe("Column.rawStrings", () => {
  it("is a string array column's own values, and nothing for a selection of it or another type", () => {
    const values = ["a", "", "b"];
    const col = new ArrayColumn("string", values);
    expect(col.rawStrings()).toBe(values);
    expect(col.select(Int32Array.from([2, 0]), new Map()).rawStrings()).toBeUndefined();
    expect(new ArrayColumn("long", [1, 2]).rawStrings()).toBeUndefined();
  });

  it("is the raw fields a filter collected, each string entry being the value the reader gives", () => {
    const rows = [{ k: "x" }, { k: 7 }, {}, { k: null }, { k: "y" }, { k: { a: 1 } }];
    const source = rowObjectColumn("string", rows, "k", fieldReader("string", "T", "k")) as StringRowObjectColumn;
    const collector = source.collector()!;
    for (const i of [5, 4, 1, 2, 0]) collector.take(i);
    const column = collector.column();
    const raws = column.rawStrings()!;
    const read = column.reader();
    expect(raws).toHaveLength(5);
    raws.forEach((raw, i) => {
      if (typeof raw === "string") expect(read(i)).toBe(raw);
    });
    expect(raws.map((_, i) => read(i))).toEqual(['{"a":1}', "y", "7", "", "x"]);
  });
});

describe("joins on a string key read from its array", () => {
  type Row = { k: string | number | null | undefined; v: number };
  const keyValue = fc.oneof(fc.constantFrom("a", "b", "c", "", "7"), fc.constant(7), fc.constant(null), fc.constant(undefined));
  const table = (max: number): fc.Arbitrary<Row[]> => fc.array(fc.record({ k: keyValue, v: fc.integer({ min: 0, max: 99 }) }), { maxLength: max });
  const asString = (k: Row["k"]): string => (k === null || k === undefined ? "" : String(k));
  const schemas = {
    L: [
      { name: "k", type: "string" },
      { name: "v", type: "long" },
    ],
    R: [
      { name: "k", type: "string" },
      { name: "v", type: "long" },
    ],
  };
  const toRows = (t: Row[]): Record<string, unknown>[] => t.map((r) => (r.k === undefined ? { v: r.v } : { k: r.k, v: r.v }));
  // Kusto string keys: every row has one (a missing or null field reads as ""), and equal text matches.
  const reference = (l: Row[], r: Row[], keep: (v: number) => boolean): string[] =>
    l.flatMap((a) => r.filter((b) => keep(b.v) && asString(a.k) === asString(b.k)).map((b) => `${asString(a.k)}|${a.v}|${b.v}`)).sort();

  it("matches a nested loop whether the right key is collected by a filter, computed, or computed and then reordered", () => {
    const shapes: { right: string; keep: (v: number) => boolean }[] = [
      { right: "R | where v % 3 != 0 | extend K = k", keep: (v) => v % 3 !== 0 },
      { right: "R | extend K = strcat(k, '')", keep: () => true },
      { right: "R | extend K = strcat(k, '') | where v % 3 != 0", keep: (v) => v % 3 !== 0 },
      { right: "R | extend K = strcat(k, '') | sort by v desc", keep: () => true },
    ];
    fc.assert(
      fc.property(table(6), table(40), (l, r) => {
        for (const { right, keep } of shapes) {
          const q = `L | join kind=inner (${right}) on $left.k == $right.K | project k, v, v1`;
          const got = run(q, { L: toRows(l), R: toRows(r) }, { schemas })
            .rows.map((x) => `${String(x.k)}|${String(x.v)}|${String(x.v1)}`)
            .sort();
          expect(got).toEqual(reference(l, r, keep));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("the join's key loop", () => {
  /** A string column held as an array that counts the values read through its reader. */
  class CountingColumn extends Column {
    reads = 0;
    constructor(private readonly raws: unknown[]) {
      super("string");
    }
    get length(): number {
      return this.raws.length;
    }
    private value(row: number): Value {
      const raw = this.raws[row];
      return typeof raw === "string" ? raw : raw === null || raw === undefined ? "" : String(raw);
    }
    get(row: number): Value {
      this.reads++;
      return this.value(row);
    }
    override reader(): (row: number) => Value {
      return (row) => this.get(row);
    }
    override rawStrings(): readonly unknown[] {
      return this.raws;
    }
    // The join's output selects the matched rows: not a key read.
    select(selection: Int32Array): Column {
      return new ArrayColumn("string", Array.from(selection, (i) => (i < 0 ? "" : this.value(i))));
    }
  }

  it("takes a string entry of the array as the key and reads only the other entries", () => {
    const schemas = { L: [{ name: "k", type: "string" }], R: [{ name: "k", type: "string" }] };
    const plan = prepareQuery("L | join kind=inner (R) on k", { L: [], R: [] }, { schemas }).plan;
    const join = planNodes(plan).find((n): n is JoinNode => n.op === "join")!;
    const left = new Table(join.left.schema, [new ArrayColumn("string", ["a", "7", ""])], 3);
    const keys = new CountingColumn(["a", 7, "b", null, "a", undefined]);
    const right = new Table(join.right.schema, [keys], 6);
    const out = runJoin(join, left, right, { run: () => Table.empty([]), guard: ExecutionGuard.unlimited(), compiled: new CompiledCode() });
    const pairs = Array.from({ length: out.length }, (_, i) => [out.columns[0]!.get(i), out.columns[1]!.get(i)]);
    expect(pairs).toEqual([
      ["a", "a"],
      ["a", "a"],
      ["7", "7"],
      ["", ""],
      ["", ""],
    ]);
    // 7, null and the missing entry go through the reader; "a", "b" and "a" are keys as they are.
    expect(keys.reads).toBe(3);
  });
});
