/**
 * The grouper behind summarize, distinct, partition and sequence_detect (runtime/operators/keys.ts): rows
 * with equal key values share a group, numbered in order of first appearance. Checked against a plain
 * reference on random rows whose keys repeat, collide across types ("1" and 1) and include nulls and
 * objects, so the last key's level goes through its single-group form and its Map form.
 */
import fc from "fast-check";
import { grouper } from "../../src/runtime/operators/keys.js";
import type { Value } from "../../src/runtime/values.js";

const keyValue = fc.constantFrom<Value>("a", "b", "1", 1, 2, 0, -0, true, null, "", { x: 1 }, [1, 2], 7n);

/** The reference: the first row of each distinct tuple (compared as a Map compares, objects by content). */
function referenceGroups(rows: readonly Value[][]): number[] {
  const seen: Value[][] = [];
  const norm = (v: Value): unknown => (v !== null && typeof v === "object" ? `obj:${JSON.stringify(v)}` : v);
  return rows.map((r) => {
    const at = seen.findIndex((s) => s.every((v, k) => Object.is(norm(v), norm(r[k]!)) || (v === 0 && r[k] === 0)));
    if (at >= 0) return at;
    seen.push(r);
    return seen.length - 1;
  });
}

describe("grouper", () => {
  it.each([1, 2, 3])("groups rows by %i key(s) as a plain comparison of the tuples does", (width) => {
    fc.assert(
      fc.property(fc.array(fc.array(keyValue, { minLength: width, maxLength: width }), { maxLength: 60 }), (rows) => {
        const fns = Array.from({ length: width }, (_, k) => (i: number): Value => rows[i]![k]!);
        const groupOf = grouper(fns);
        let next = 0;
        const got = rows.map((_, i) => groupOf(i, () => next++));
        expect(got).toEqual(referenceGroups(rows));
      }),
      { numRuns: 300 },
    );
  });

  it("gives a second value of the last key under the same first key a group of its own", () => {
    const rows: Value[][] = [
      ["r1", "get"],
      ["r2", "get"],
      ["r1", "get"],
      ["r1", "list"],
      ["r1", "get"],
      ["r1", "list"],
    ];
    const groupOf = grouper([(i) => rows[i]![0]!, (i) => rows[i]![1]!]);
    let next = 0;
    expect(rows.map((_, i) => groupOf(i, () => next++))).toEqual([0, 1, 0, 2, 0, 2]);
  });
});
