/**
 * The join hashes whichever side is smaller. These tests check every kind against a nested-loop
 * reference over random tables of both size orders, including null keys, duplicate keys and empty sides.
 */
import fc from "fast-check";
import { run } from "./helpers.js";

type Row = { k: number | null; v: number };

function reference(kind: string, left: Row[], right: Row[]): [number | null, number | null][] {
  const matches = (a: Row, b: Row): boolean => a.k !== null && b.k !== null && a.k === b.k;
  const out: [number | null, number | null][] = [];
  let lefts = left;
  if (kind === "innerunique") {
    const seen = new Set<number>();
    lefts = left.filter((r) => r.k === null || (!seen.has(r.k) && (seen.add(r.k), true)));
  }
  if (kind === "leftsemi" || kind === "leftanti") {
    return left.filter((a) => right.some((b) => matches(a, b)) === (kind === "leftsemi")).map((a) => [a.v, null]);
  }
  if (kind === "rightsemi" || kind === "rightanti") {
    return right.filter((b) => left.some((a) => matches(a, b)) === (kind === "rightsemi")).map((b) => [null, b.v]);
  }
  const rightMatched = new Set<number>();
  for (const a of lefts) {
    let any = false;
    right.forEach((b, j) => {
      if (matches(a, b)) {
        out.push([a.v, b.v]);
        rightMatched.add(j);
        any = true;
      }
    });
    if (!any && (kind === "leftouter" || kind === "fullouter")) out.push([a.v, null]);
  }
  if (kind === "rightouter" || kind === "fullouter") right.forEach((b, j) => rightMatched.has(j) || out.push([null, b.v]));
  return out;
}

const rows = (max: number): fc.Arbitrary<Row[]> =>
  fc.array(fc.record({ k: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null, freq: 6 }) }), { maxLength: max }).map((rs) => rs.map((r, i) => ({ k: r.k, v: i })));

const KINDS = ["innerunique", "inner", "leftouter", "rightouter", "fullouter", "leftsemi", "leftanti", "rightsemi", "rightanti"];

describe("join gives the same rows whichever side it hashes", () => {
  it.each(KINDS)("kind=%s matches a nested-loop reference, in left order", (kind) => {
    fc.assert(
      fc.property(rows(12), rows(12), (left, right) => {
        const schemas = { L: [{ name: "k", type: "long" }, { name: "v", type: "long" }], R: [{ name: "k", type: "long" }, { name: "v", type: "long" }] };
        const r = run(`L | join kind=${kind} R on k`, { L: left, R: right }, { schemas });
        const got = r.rows.map((x): [number | null, number | null] => {
          if (kind.startsWith("right") && (kind.endsWith("semi") || kind.endsWith("anti"))) return [null, x.v as number];
          if (kind.startsWith("left") && (kind.endsWith("semi") || kind.endsWith("anti"))) return [x.v as number, null];
          return [x.v as number | null, x.v1 as number | null];
        });
        const want = reference(kind, left, right);
        if (kind === "rightouter" || kind === "fullouter" || kind.startsWith("right")) {
          expect([...got].sort()).toEqual([...want].sort());
        } else {
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 150 },
    );
  });
});
