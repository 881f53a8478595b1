/**
 * distinct: the first row of each distinct combination, in input order, grouped as summarize groups rows
 * (runtime/operators/keys.ts); its columns are selections of its input at those rows. Held to a plain
 * reference here.
 */
import fc from "fast-check";
import { NOW, rowsOf, run } from "./helpers.js";

const schemas = {
  T: [
    { name: "a", type: "long" as const },
    { name: "b", type: "string" as const },
    { name: "d", type: "dynamic" as const },
  ],
};

const rowArb = fc.record({
  a: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(null)),
  b: fc.constantFrom("x", "y", "X", "", "1"),
  d: fc.constantFrom<unknown>({ k: 1 }, { k: 2 }, [1, 2], "s", 1, null),
});

/** The first row of each distinct tuple of `key(row)`, compared by content, in input order. */
function firstOfEach<R>(rows: readonly R[], key: (r: R) => unknown[]): R[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = JSON.stringify(key(r));
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

describe("distinct", () => {
  it("keeps the first row of each combination, input and computed columns alike", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), (rows) => {
        const got = rowsOf(run("T | extend c = strcat(b, '!') | distinct a, b, c", { T: rows }, { now: NOW, schemas }));
        const expected = firstOfEach(rows, (r) => [r.a, r.b]).map((r) => [r.a, r.b, `${r.b}!`]);
        expect(got).toEqual(expected);
        const dyn = rowsOf(run("T | distinct d, b", { T: rows }, { now: NOW, schemas }));
        expect(dyn).toEqual(firstOfEach(rows, (r) => [r.d, r.b]).map((r) => [r.d, r.b]));
        // Expressions, not only columns: computed again at each first row.
        const computed = rowsOf(run("T | distinct tolower(b), a + 1", { T: rows }, { now: NOW, schemas }));
        expect(computed).toEqual(firstOfEach(rows, (r) => [r.b.toLowerCase(), r.a === null ? null : r.a + 1]).map((r) => [r.b.toLowerCase(), r.a === null ? null : r.a + 1]));
      }),
      { numRuns: 200 },
    );
  });

  it("keeps a column's rows when it is selected after a filter", () => {
    const rows = [
      { a: 1, b: "x", d: null },
      { a: 2, b: "y", d: null },
      { a: 1, b: "x", d: null },
      { a: 3, b: "x", d: null },
    ];
    expect(rowsOf(run("T | where a != 2 | distinct b, a", { T: rows }, { now: NOW, schemas }))).toEqual([
      ["x", 1],
      ["x", 3],
    ]);
  });
});
