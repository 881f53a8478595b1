/**
 * Operator timings (`PreparedQuery.execute`'s third argument, behind `npm run bench -- --phases`): each
 * plan node that runs gets its own time, and timing changes nothing about how the plan runs, unlike a
 * trace: stacked filters still run in one pass, timed as the top one.
 */
import { materialize, prepareQuery } from "../../src/api.js";
import { planNodes } from "../../src/binder/plan.js";
import { NOW } from "./helpers.js";

const T = Array.from({ length: 500 }, (_, i) => ({ x: i, s: `v${i % 7}` }));
const schemas = { T: [{ name: "x", type: "long" }, { name: "s", type: "string" }] };
const QUERY = "T | where x > 10 | where s != 'v3' | extend y = x * 2 | summarize n = count(), top = max(y) by s | sort by s asc";

describe("operator timings", () => {
  it("time every operator that runs, the lower of two stacked filters inside the upper one", () => {
    const p = prepareQuery(QUERY, { T }, { now: NOW, schemas });
    const timings = new Map<number, number>();
    const started = performance.now();
    p.execute(undefined, undefined, timings);
    const wall = performance.now() - started;
    // Own times: an operator's inputs are not counted again, so together they fit in the run's wall time.
    const total = [...timings.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(wall);
    const nodes = planNodes(p.plan);
    const filters = nodes.filter((n) => n.op === "where"); // inputs first: the lower filter first
    expect(filters).toHaveLength(2);
    const timed = nodes.filter((n) => timings.has(n.id)).map((n) => n.op);
    expect(timed).toEqual(["source", "where", "project", "summarize", "sort"]);
    expect(timings.has(filters[1]!.id)).toBe(true);
    expect(timings.has(filters[0]!.id)).toBe(false);
    for (const ms of timings.values()) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it("time a filter that a summarize takes into its pass as part of that summarize", () => {
    const p = prepareQuery("T | where x > 10 | extend y = x * 2 | where y < 900 | summarize n = count() by s", { T }, { now: NOW, schemas });
    const timings = new Map<number, number>();
    p.execute(undefined, undefined, timings);
    const timed = planNodes(p.plan).filter((n) => timings.has(n.id)).map((n) => n.op);
    expect(timed).toEqual(["source", "summarize"]);
  });

  it("add up over runs and leave the result as it is", () => {
    const p = prepareQuery(QUERY, { T }, { now: NOW, schemas });
    const timings = new Map<number, number>();
    const first = materialize(p.execute(undefined, undefined, timings));
    const once = new Map(timings);
    const second = materialize(p.execute(undefined, undefined, timings));
    expect(second.rows).toEqual(first.rows);
    expect(first.rows).toEqual(materialize(p.execute()).rows);
    for (const [id, ms] of timings) expect(ms).toBeGreaterThanOrEqual(once.get(id)!);
    const expected = [0, 1, 2, 4, 5, 6].map((k) => [`v${k}`, T.filter((r) => r.x > 10 && r.x % 7 === k).length]);
    expect(first.rows.map((r) => [r.s, r.n])).toEqual(expected);
  });
});
