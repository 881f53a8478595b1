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
