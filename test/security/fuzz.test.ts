/**
 * Bounded property-based fuzzing (issue 5); `npm run fuzz` runs the same generators for longer and over
 * the rule corpus. Invariant: a result or a KqlError, within a time bound, and no polluted prototype.
 */
import fc from "fast-check";
import { checkQuery, mutate, mutatedQueryArb, prototypesClean, randomTableArb, randomTextArb, SEED_QUERIES, SEED_SCHEMAS, SEED_TABLES, tableQueries, tokenize, type CaseOutcome } from "../../src/tools/fuzz-lib.js";

const BOUND_MS = 5000;

function expectClean(outcome: CaseOutcome, input: string): void {
  if (outcome.kind === "crash" || outcome.kind === "slow") throw new Error(`${outcome.kind}: ${outcome.detail}\ninput: ${JSON.stringify(input.slice(0, 500))}`);
  expect(prototypesClean()).toBe(true);
}

describe("mutators", () => {
  test("tokenize keeps every character", () => {
    for (const q of SEED_QUERIES) expect(tokenize(q).join("")).toBe(q);
  });
  test("mutations do what they say", () => {
    const t = ["a", " ", "b", " ", "c"];
    expect(mutate(t, { k: "delete", at: 0, len: 2 }).join("")).toBe("b c");
    expect(mutate(t, { k: "truncate", at: 0.5 }).join("")).toBe("a b");
    expect(mutate(t, { k: "swap", a: 0, b: 0.99 }).join("")).toBe("c b a");
    expect(mutate(t, { k: "repeat", at: 0, len: 2, times: 2 }).join("")).toBe("a a a b c");
    expect(mutate(t, { k: "nest", at: 0, depth: 2 }).join("")).toBe("((a b c))");
  });
});

describe("seed queries", () => {
  test.each(SEED_QUERIES.map((q) => [q.split("\n")[0]!.slice(0, 60), q]))("%s", (_label, q) => {
    expectClean(checkQuery(q, { tables: SEED_TABLES, schemas: SEED_SCHEMAS, boundMs: BOUND_MS }), q);
  });
  test("most of them run", () => {
    const ran = SEED_QUERIES.filter((q) => checkQuery(q, { tables: SEED_TABLES, schemas: SEED_SCHEMAS }).kind === "result");
    expect(ran.length).toBeGreaterThanOrEqual(SEED_QUERIES.length - 4);
  });
});

describe("properties", () => {
  test("random text: the parser gives an AST or positioned KqlErrors", () => {
    fc.assert(
      fc.property(randomTextArb, (q) => expectClean(checkQuery(q, { parseOnly: true, boundMs: BOUND_MS }), q)),
      { numRuns: 300 },
    );
  });

  test("mutated rules: parser, binder and runtime give a result or a KqlError", () => {
    fc.assert(
      fc.property(mutatedQueryArb(SEED_QUERIES), (q) => expectClean(checkQuery(q, { tables: SEED_TABLES, schemas: SEED_SCHEMAS, boundMs: BOUND_MS }), q)),
      { numRuns: 300 },
    );
  });

  test("random typed tables with hostile values: every operator gives a result or a KqlError", () => {
    fc.assert(
      fc.property(randomTableArb, (t) => {
        for (const q of tableQueries(t)) expectClean(checkQuery(q, { tables: { T: t.rows }, schemas: { T: t.schema }, boundMs: BOUND_MS }), q);
      }),
      { numRuns: 25 },
    );
  });
});
