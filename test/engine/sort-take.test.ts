/**
 * `top N` and `sort | take N` keep few rows: they are chosen with a bounded heap instead of sorting every
 * row, and the executor runs a sort under a take as one operator. These tests hold both to a full sort.
 */
import fc from "fast-check";
import { materialize, prepareQuery } from "../../src/api.js";
import { planNodes } from "../../src/binder/plan.js";
import { ExecutionGuard } from "../../src/runtime/guard.js";
import { firstInOrder } from "../../src/runtime/operators/sort.js";
import { nodesRunInPass } from "../../src/runtime/operators/where.js";
import { NOW, rowsOf } from "./helpers.js";

const schemas = {
  T: [
    { name: "a", type: "long" as const },
    { name: "b", type: "string" as const },
    { name: "r", type: "real" as const },
  ],
};

const rowArb = fc.record({
  a: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(null)),
  b: fc.constantFrom("x", "y", "X", ""),
  r: fc.oneof(fc.double({ min: -2, max: 2, noNaN: true }), fc.constant(Number.NaN), fc.constant(null)),
});

/** The query's rows untraced (sorts under takes fold in) and traced (every operator on its own: full sorts). */
function bothWays(query: string, rows: readonly object[]): { untraced: unknown[][]; traced: unknown[][] } {
  const p = prepareQuery(query, { T: rows.map((r) => ({ ...r })) }, { now: NOW, schemas });
  return { untraced: rowsOf(materialize(p.execute())), traced: rowsOf(materialize(p.execute(() => undefined))) };
}

describe("sort keeping few rows", () => {
  it("gives the rows and order a full sort gives, ties kept in input order", () => {
    const queries = (k: number): string[] => [
      `T | extend i = row_number() | sort by a desc, b asc | take ${k}`,
      `T | extend i = row_number() | sort by r asc nulls first | take ${k}`,
      `T | extend i = row_number() | sort by b desc, r desc nulls last, a asc | take ${k}`,
      `T | extend i = row_number() | top ${k} by a asc nulls last`,
      `T | extend i = row_number() | top ${k + 3} by r desc | take ${k}`,
    ];
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), fc.integer({ min: 0, max: 9 }), (rows, k) => {
        for (const query of queries(k)) {
          const { untraced, traced } = bothWays(query, rows);
          expect(untraced).toEqual(traced);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("keeps the first k of a total order, in order, for any k", () => {
    const guard = ExecutionGuard.unlimited();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 80 }), fc.integer({ min: 0, max: 90 }), (values, k) => {
        const compare = (x: number, y: number): number => values[y]! - values[x]! || x - y;
        const expected = values.map((_, i) => i).sort(compare).slice(0, k);
        expect([...firstInOrder(values.length, Math.min(k, values.length), compare, guard)]).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it("runs a sort under a take inside the take, and the one-by-one caller skips it", () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ a: (i * 37) % 101, b: `s${i % 5}`, r: i / 3 }));
    const p = prepareQuery("T | sort by a desc | take 3", { T: rows }, { now: NOW, schemas });
    const timings = new Map<number, number>();
    const result = materialize(p.execute(undefined, undefined, timings));
    expect(result.rows.map((r) => r.a)).toEqual(rows.map((r) => r.a).sort((x, y) => y - x).slice(0, 3));
    const nodes = planNodes(p.plan);
    const sort = nodes.find((n) => n.op === "sort")!;
    const take = nodes.find((n) => n.op === "take")!;
    expect(timings.has(sort.id)).toBe(false);
    expect(timings.has(take.id)).toBe(true);
    expect(nodesRunInPass(nodes).has(sort.id)).toBe(true);
  });

  it("gives the same rows through the asynchronous path", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ a: (i * 53) % 97, b: `s${i % 4}`, r: (i % 11) / 7 }));
    const p = prepareQuery("T | sort by b asc, a desc | take 7", { T: rows }, { now: NOW, schemas });
    expect(rowsOf(materialize(await p.executeAsync()))).toEqual(rowsOf(materialize(p.execute(() => undefined))));
  });
});
