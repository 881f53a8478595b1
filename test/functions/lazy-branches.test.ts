/**
 * iff, case and coalesce read only the arguments they need on each row: a branch not taken is never read
 * from the caller's row (counted here through getters), and the values are those of the eager reading.
 */
import { runQuerySync } from "../../src/api.js";
import type { InputRow } from "../../src/api-types.js";

const NOW = "2026-11-28T12:00:00Z";
const schemas = { T: [{ name: "a", type: "string" }, { name: "b", type: "string" }, { name: "n", type: "long" }] };

function counted(values: { a: string; b: string; n: number }[]): { rows: InputRow[]; reads: () => number } {
  let bReads = 0;
  const rows = values.map((v): InputRow => ({
    a: v.a,
    n: v.n,
    get b(): string {
      bReads++;
      return v.b;
    },
  }));
  return { rows, reads: () => bReads };
}

const values = [
  { a: "x", b: "p", n: 1 },
  { a: "", b: "q", n: 2 },
  { a: "y", b: "r", n: 3 },
  { a: "", b: "", n: 4 },
];

describe("arguments read on demand", () => {
  it("iff reads the else branch only where the condition is not true", () => {
    const { rows, reads } = counted(values);
    const r = runQuerySync("T | extend r = iff(isnotempty(a), a, b) | project r", { T: rows }, { now: NOW, schemas });
    expect(r.rows.map((x) => x.r)).toEqual(["x", "q", "y", ""]);
    expect(reads()).toBe(2);
  });

  it("case reads predicates in order and only the chosen value", () => {
    const { rows, reads } = counted(values);
    const r = runQuerySync("T | extend r = case(n == 1, a, n == 2, b, n == 3, 'three', b) | project r", { T: rows }, { now: NOW, schemas });
    expect(r.rows.map((x) => x.r)).toEqual(["x", "q", "three", ""]);
    expect(reads()).toBe(2);
  });

  it("coalesce stops at the first non-empty argument", () => {
    const { rows, reads } = counted(values);
    const r = runQuerySync("T | extend r = coalesce(a, b, 'none') | project r", { T: rows }, { now: NOW, schemas });
    expect(r.rows.map((x) => x.r)).toEqual(["x", "q", "y", "none"]);
    expect(reads()).toBe(2);
  });

  it("converts the branch it reads to the result type, as the folded form does", () => {
    const T = [{ z: 0 }, { z: 1 }, { z: null }];
    const zs = { T: [{ name: "z", type: "long" }] };
    const q = "extend a = iff(z == 0, z, 2.5), b = case(z == 1, z, 2.5), c = coalesce(z, 7.5), d = iff(isnull(z), datetime(2024-01-01), datetime(null)) | project a, b, c, d";
    const perRow = runQuerySync(`T | ${q}`, { T }, { now: NOW, schemas: zs }).rows;
    expect(perRow).toEqual([
      { a: 0, b: 2.5, c: 0, d: null },
      { a: 2.5, b: 1, c: 1, d: null },
      { a: 2.5, b: 2.5, c: 7.5, d: "2024-01-01T00:00:00.0000000Z" },
    ]);
    // The same calls over constants are folded at bind time through the array-argument form.
    const folded = runQuerySync("print a = iff(bool(null), 1, 2.5), b = case(false, 1, 2.5), c = coalesce(long(null), 7.5)", {}, { now: NOW }).rows[0];
    expect(folded).toEqual({ a: 2.5, b: 2.5, c: 7.5 });
    expect(runQuerySync("print t = gettype(iff(true, 1, 2.5))", {}, { now: NOW }).rows[0]!.t).toBe("real");
  });
});
