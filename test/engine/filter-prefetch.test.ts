/**
 * A filter below a join reads the join's key for each kept row during its own pass (runtime/prefetch.ts).
 * The key column it hands on must read exactly as the caller's field would: strings as they are, other
 * values converted as the string reader converts them, missing fields as "".
 */
import { prepareQuery } from "../../src/api.js";
import { planNodes } from "../../src/binder/plan.js";
import { filterPrefetch } from "../../src/runtime/prefetch.js";
import type { InputRow } from "../../src/api-types.js";
import { run, NOW } from "./helpers.js";

const R = [
  { k: "a", v: 1 },
  { k: 7, v: 2 },
  { k: null, v: 3 },
  { v: 4 },
  { k: { x: 1 }, v: 5 },
  { k: "b", v: 6 },
  { k: "a", v: 7 },
  { k: true, v: 8 },
];
const L = [{ k: "a" }, { k: "7" }, { k: "" }, { k: '{"x":1}' }, { k: "b" }, { k: "true" }];
const schemas = {
  R: [{ name: "k", type: "string" }, { name: "v", type: "long" }],
  L: [{ name: "k", type: "string" }],
};

describe("join keys read during a filter's pass", () => {
  const prefetched = "L | join kind=inner (R | where v > 0 | extend K2 = k) on $left.k == $right.K2 | project k, v | sort by v asc";
  // The same join with a computed key, which no filter reads ahead.
  const computed = "L | join kind=inner (R | where v > 0 | extend K2 = strcat(k, '')) on $left.k == $right.K2 | project k, v | sort by v asc";

  it("finds the filter and the column the join's key comes from", () => {
    const plan = prepareQuery(prefetched, { L, R }, { now: NOW, schemas }).plan;
    const nodes = planNodes(plan);
    const filter = nodes.find((n) => n.op === "where")!;
    expect([...filterPrefetch(nodes)]).toEqual([[filter.id, [0]]]);
    expect(filterPrefetch(planNodes(prepareQuery(computed, { L, R }, { now: NOW, schemas }).plan)).size).toBe(0);
  });

  it("gives the rows the general key read gives, for every kind of field value", () => {
    const a = run(prefetched, { L, R }, { schemas }).rows;
    expect(a).toEqual(run(computed, { L, R }, { schemas }).rows);
    expect(a.map((r) => [r.k, r.v])).toEqual([
      ["a", 1],
      ["7", 2],
      ["", 3],
      ["", 4],
      ['{"x":1}', 5],
      ["b", 6],
      ["a", 7],
      ["true", 8],
    ]);
  });

  it("keeps the prefetched key usable after the join selects and reorders rows", () => {
    const q = "L | join kind=leftouter (R | where v % 2 == 0 | extend K2 = k) on $left.k == $right.K2 | project k, K2, v | sort by k asc, v asc";
    const rows = run(q, { L, R }, { schemas }).rows.map((r) => [r.k, r.K2, r.v]);
    expect(rows).toEqual([
      ["", "", 4],
      ["7", "7", 2],
      ["a", "", null],
      ["b", "b", 6],
      ["true", "true", 8],
      ['{"x":1}', "", null],
    ]);
  });
});

describe("the filter's pass reads the join key", () => {
  it("reads a kept row's key right after its predicate field, not in a second pass", () => {
    const log: string[] = [];
    const rows = Array.from({ length: 3 }, (_, i): InputRow => ({
      get v(): number {
        log.push(`v${i}`);
        return i;
      },
      get k(): string {
        log.push(`k${i}`);
        return `key${i}`;
      },
    }));
    const q = "L | join kind=inner (R | where v >= 1 | extend K2 = k) on $left.k == $right.K2 | count";
    const r = run(q, { L: [{ k: "key1" }, { k: "key2" }], R: rows }, { schemas });
    expect(r.rows[0]!.Count).toBe(2);
    // Row 0 fails the filter, so its key is never read; rows 1 and 2 give their key in the same pass.
    expect(log).toEqual(["v0", "v1", "k1", "v2", "k2"]);
  });
});
