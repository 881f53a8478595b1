/**
 * Stacked `where` operators run as one pass over their input. The result must be the one each filter
 * gives in turn: a filter that reads row positions sees only the rows the filters below it kept, and a
 * traced run still reports every filter's own rows.
 */
import { prepareQuery, runQuery } from "../../src/api.js";
import type { PlanNode } from "../../src/binder/plan.js";
import type { InputRow } from "../../src/api-types.js";
import { nodesRunInPass } from "../../src/runtime/operators/where.js";
import { run, NOW } from "./helpers.js";

const T = Array.from({ length: 40 }, (_, i) => ({ x: i, s: i % 3 === 0 ? "" : `v${i % 5}` }));
const schemas = { T: [{ name: "x", type: "long" }, { name: "s", type: "string" }] };
const xs = (q: string): unknown[] => run(q, { T }, { schemas }).rows.map((r) => r.x);

describe("stacked where", () => {
  it("keeps the rows that pass every filter, as one and-ed filter does", () => {
    expect(xs("T | where x > 5 | where isnotempty(s) | where s != 'v2' | where x % 2 == 0")).toEqual(
      xs("T | where x > 5 and isnotempty(s) and s != 'v2' and x % 2 == 0"),
    );
    expect(xs("T | where x > 5 | where isnotempty(s) | where x % 2 == 0")).toEqual([8, 10, 14, 16, 20, 22, 26, 28, 32, 34, 38]);
  });

  it("gives a filter that reads row positions only the rows below it kept", () => {
    // row_number() counts the rows this filter sees: after `x % 2 == 0` the third row is x = 4, not x = 2.
    expect(xs("T | where x % 2 == 0 | where row_number() <= 3")).toEqual([0, 2, 4]);
    expect(xs("T | where x % 2 == 0 | where prev(x) == 4")).toEqual([6]);
    expect(xs("T | where x > 30 | where x % 2 == 0 | where row_number() == 2")).toEqual([34]);
  });

  it("reports each filter's rows to a trace", () => {
    const seen: [string, number][] = [];
    const p = prepareQuery("T | where x >= 10 | where x < 20 | where x % 2 == 1", { T }, { now: NOW, schemas });
    const out = p.execute((node, _inputs, output) => seen.push([node.op, output.length]));
    expect(out.length).toBe(5);
    expect(seen).toEqual([
      ["source", 40],
      ["where", 30],
      ["where", 10],
      ["where", 5],
    ]);
  });

  it("reuses a filter a let statement shares with a later filter", () => {
    const q = "let A = T | where x < 10; A | where x > 5 | union (A | where x < 2) | project x";
    expect(xs(q)).toEqual([6, 7, 8, 9, 0, 1]);
  });
});

describe("stacked where in runQuery (one operator at a time, yielding between)", () => {
  it("leaves the filters merged into a filter above them to that filter's pass", () => {
    const nodes: PlanNode[] = [];
    const collect = (n: PlanNode): void => {
      nodes.push(n);
      if ("input" in n && n.input) collect(n.input as PlanNode);
    };
    collect(prepareQuery("T | where x > 1 | where x < 30 | where s != 'v2' | project x", { T }, { now: NOW, schemas }).plan);
    const filters = nodes.filter((n) => n.op === "where");
    expect(filters).toHaveLength(3);
    // The top filter runs the two below it in its own pass.
    expect([...nodesRunInPass(nodes)].sort()).toEqual([filters[1]!.id, filters[2]!.id].sort());

    const windowed: PlanNode[] = [];
    const collectW = (n: PlanNode): void => {
      windowed.push(n);
      if ("input" in n && n.input) collectW(n.input as PlanNode);
    };
    collectW(prepareQuery("T | where x > 1 | where row_number() < 3", { T }, { now: NOW, schemas }).plan);
    expect(nodesRunInPass(windowed).size).toBe(0);
  });

  it("gives the same rows as the synchronous run", async () => {
    for (const q of [
      "T | where x > 5 | where isnotempty(s) | where x % 2 == 0",
      "T | where x % 2 == 0 | where row_number() <= 3",
      "let A = T | where x < 10; A | where x > 5 | union (A | where x < 2)",
    ]) {
      const asyncRows = (await runQuery(q, { T }, { now: NOW, schemas })).rows;
      expect(asyncRows).toEqual(run(q, { T }, { schemas }).rows);
    }
  });
});

describe("stacked where reads each row once", () => {
  // Getters record the order in which the engine reads fields: one pass tests both filters on a row
  // before moving to the next row; two passes would read every `a` before any `b`.
  function recorded(n: number): { rows: InputRow[]; log: string[] } {
    const log: string[] = [];
    const rows = Array.from({ length: n }, (_, i): InputRow => ({
      get a(): number {
        log.push(`a${i}`);
        return i;
      },
      get b(): number {
        log.push(`b${i}`);
        return i;
      },
    }));
    return { rows, log };
  }
  const abSchemas = { T: [{ name: "a", type: "long" }, { name: "b", type: "long" }] };

  it("tests the upper filter on a row right after the lower one, in runQuerySync and runQuery", async () => {
    const q = "T | where a >= 0 | where b >= 0 | count";
    const sync = recorded(3);
    run(q, { T: sync.rows }, { schemas: abSchemas });
    expect(sync.log).toEqual(["a0", "b0", "a1", "b1", "a2", "b2"]);
    const async = recorded(3);
    await runQuery(q, { T: async.rows }, { now: NOW, schemas: abSchemas });
    expect(async.log).toEqual(["a0", "b0", "a1", "b1", "a2", "b2"]);
  });
});
