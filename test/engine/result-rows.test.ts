/**
 * Result rows start as copies of a template with every column (result-rows.ts), and the template is kept
 * per column list across calls: each query's rows must still carry exactly its own columns, in order.
 */
import { runQuerySync } from "../../src/api.js";
import { NOW } from "./helpers.js";

describe("result rows", () => {
  it("carry exactly the query's columns when earlier queries had similar column lists", () => {
    const T = [{ a: 1, b: 2, "a,b": 3 }];
    const schemas = { T: [{ name: "a", type: "long" }, { name: "b", type: "long" }, { name: "a,b", type: "long" }] };
    const queries: [string, string[]][] = [
      ["T | project ['a,b']", ["a,b"]],
      ["T | project a, b", ["a", "b"]],
      ["T | project ['a,b']", ["a,b"]],
      ["T | project b, a", ["b", "a"]],
      ["T | project a", ["a"]],
    ];
    for (const [query, columns] of queries) {
      const row = runQuerySync(query, { T }, { now: NOW, schemas }).rows[0]!;
      expect(Object.keys(row)).toEqual(columns);
      expect(Object.getPrototypeOf(row)).toBeNull();
    }
  });
});

describe("a column the result holds twice", () => {
  const schemas = { T: [{ name: "t", type: "datetime" }, { name: "s", type: "string" }, { name: "d", type: "dynamic" }] };

  it("is read once per row and gives both result columns its value", () => {
    let reads = 0;
    const T = ["2026-11-28T10:00:00.0000000Z", "2026-11-28 11:00", "not a date"].map((t, i) => ({
      get t() {
        reads++;
        return t;
      },
      s: `s${i}`,
      d: { n: i },
    }));
    const r = runQuerySync("T | extend u = t, s2 = s | project t, s, u, s2", { T }, { now: NOW, schemas });
    expect(r.rows.map((x) => [x.t, x.s, x.u, x.s2])).toEqual([
      ["2026-11-28T10:00:00.0000000Z", "s0", "2026-11-28T10:00:00.0000000Z", "s0"],
      ["2026-11-28T11:00:00.0000000Z", "s1", "2026-11-28T11:00:00.0000000Z", "s1"],
      [null, "s2", null, "s2"],
    ]);
    expect(Object.keys(r.rows[0]!)).toEqual(["t", "s", "u", "s2"]);
    // Reading t for the result rows: once per row (a text that is not the canonical form is read again by the
    // column's parser), where reading it for both columns took twice as many.
    const once = reads;
    reads = 0;
    runQuerySync("T | project t", { T }, { now: NOW, schemas });
    expect(once).toBe(reads);
  });
});
