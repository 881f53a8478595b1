/**
 * A join reads a single string key held as one array (Column.rawStrings) from that array instead of
 * through the key function. These tests hold it to the key function's values: for every column kind
 * that offers the array, after selections that reorder rows, and with raw fields that are not strings.
 */
import fc from "fast-check";
import { ArrayColumn, rowObjectColumn, type StringRowObjectColumn } from "../../src/runtime/table.js";
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
