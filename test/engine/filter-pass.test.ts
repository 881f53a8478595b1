/**
 * A filter runs the filters and extends/projects below it in one pass (runtime/operators/where.ts): each
 * row goes through every stage before the next row is read, and computed columns are kept only for the
 * rows that pass. The rows must be the ones the operators give one at a time, which a traced run does
 * (a trace runs every operator on its own).
 */
import fc from "fast-check";
import { materialize, prepareQuery, runQuery } from "../../src/api.js";
import { planNodes, type PlanNode } from "../../src/binder/plan.js";
import { nodesRunInPass } from "../../src/runtime/operators/where.js";
import type { InputRow } from "../../src/api-types.js";
import { NOW } from "./helpers.js";

const schemas = {
  T: [
    { name: "x", type: "long" },
    { name: "s", type: "string" },
    { name: "t", type: "datetime" },
  ],
};
const T: InputRow[] = Array.from({ length: 40 }, (_, i) => ({
  x: i % 7 === 6 ? null : i,
  s: ["", "v1", "v2", "v3 x"][i % 4],
  t: i % 9 === 8 ? "not a date" : `2026-11-28T${String(i % 24).padStart(2, "0")}:00:00.0000000Z`,
}));

/** The rows of a query run untraced (stages in one pass) and traced (each operator on its own). */
function bothWays(query: string): { fused: unknown[]; alone: unknown[] } {
  const p = prepareQuery(query, { T }, { now: NOW, schemas });
  const fused = materialize(p.execute()).rows;
  const alone = materialize(p.execute(() => undefined)).rows;
  return { fused, alone };
}

/** Rows 1..3 whose fields `a` (the row's number) and `b` log each read, to show the order rows are read in. */
function loggedRows(b: (i: number) => string): { rows: InputRow[]; reads: string[] } {
  const reads: string[] = [];
  const rows = [1, 2, 3].map((i) => ({
    get a(): number {
      reads.push(`a${i}`);
      return i;
    },
    get b(): string {
      reads.push(`b${i}`);
      return b(i);
    },
  }));
  return { rows, reads };
}
const loggedSchema = { R: [{ name: "a", type: "long" }, { name: "b", type: "string" }] };

const filters = [
  "where x > 3",
  "where x % 3 != 0",
  "where isnotempty(s)",
  "where s != 'v2'",
  "where s !startswith 'v1'",
  "where t >= datetime(2026-11-28T06:00:00Z)",
  "where y < 30",
  "where isnull(y) or y != 12",
  "where x > 1 and s != 'v3 x' and t < datetime(2026-11-28T20:00:00Z)",
  "where row_number() > 2",
  "where prev(x) != 4",
];
const extends_ = [
  "extend y = y + 1",
  "extend y = iff(isempty(s), x, y * 2)",
  "extend s = strcat(s, 'z')",
  "extend c = 1",
  "extend y = long(null)",
  "extend rn = row_number()",
  "extend s = ''",
  "project y, t, s, x",
  "project x, s, t, y, k = x * 10",
  "project-away c*",
];

describe("a filter's pass over the filters and extends below it", () => {
  it("gives the rows the operators give one at a time, for random chains", () => {
    const stage = fc.oneof(fc.constantFrom(...filters), fc.constantFrom(...extends_));
    fc.assert(
      fc.property(fc.array(stage, { maxLength: 6 }), fc.constantFrom(...filters), fc.boolean(), (stages, top, tail) => {
        // `y` and `c` exist from the start, so every stage binds whatever comes before it.
        const query = ["T | extend y = x, c = 0", ...stages, top, ...(tail ? ["extend z = y"] : [])].join(" | ");
        const { fused, alone } = bothWays(query);
        expect(fused).toEqual(alone);
      }),
      { numRuns: 300 },
    );
  });

  it("gives a summarize over the pass the groups it gives over the filter's rows, for random chains", () => {
    const summaries = [
      "summarize count() by s",
      "summarize arg_max(t, *) by s",
      "summarize arg_min(t, x, y) by bin(x, 5)",
      "summarize mx = max(t), mn = min(t), n = count() by s",
      "summarize arg_max(y, *) by s, y",
      "summarize make_list(x), dcount(y), sum(x)",
      "summarize L = arg_max(t, s, y) by k = strcat(s, '-', tostring(y % 3))",
      "summarize count()",
    ];
    const stage = fc.oneof(fc.constantFrom(...filters), fc.constantFrom(...extends_.filter((e) => !e.startsWith("project"))));
    fc.assert(
      fc.property(fc.array(stage, { maxLength: 5 }), fc.constantFrom(...filters), fc.constantFrom(...summaries), (stages, top, summary) => {
        const query = ["T | extend y = x, c = 0", ...stages, top, summary].join(" | ");
        const { fused, alone } = bothWays(query);
        expect(fused).toEqual(alone);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the rows whose and/or chain is true, as the expression's three-valued value says", () => {
    // A filter tests a run of one operator (`a or b or c`) in one loop and drops null like false; the same
    // condition computed as a column (three-valued: null stays null) must keep exactly the rows where it is true.
    const term = fc.constantFrom("x > 10", "x % 3 == 0", "isnull(x)", "s == 'v1'", "isempty(s)", "t >= datetime(2026-11-28T12:00:00Z)", "toint(s) > 0", "x < 5");
    const chain = fc.tuple(fc.array(term, { minLength: 2, maxLength: 5 }), fc.array(fc.constantFrom("and", "or"), { minLength: 4, maxLength: 4 }));
    fc.assert(
      fc.property(chain, fc.boolean(), ([terms, ops], parens) => {
        let cond: string = terms[0]!;
        terms.slice(1).forEach((t, k) => {
          cond = parens && k === 1 ? `(${cond}) ${ops[k]} ${t}` : `${cond} ${ops[k]} ${t}`;
        });
        const viaFilter = materialize(prepareQuery(`T | where ${cond} | project x, s`, { T }, { now: NOW, schemas }).execute()).rows;
        const viaColumn = materialize(prepareQuery(`T | extend r = ${cond} | where r == true | project x, s`, { T }, { now: NOW, schemas }).execute()).rows;
        expect(viaFilter).toEqual(viaColumn);
      }),
      { numRuns: 300 },
    );
  });

  it("tests string operators and ==/!= against constants as the general comparison does, nulls included", () => {
    // A filter uses these terms' compiled form as its test, and `col == constant` compiles to one `===`
    // (compile.ts, isConstantEquality). Each must keep exactly the rows that the general comparison, written
    // with the constant on the left (`4 == x`, which takes the general path), computes as true; null is false
    // for == and true for !=.
    const U: InputRow[] = Array.from({ length: 30 }, (_, i) => ({
      x: i % 7 === 6 ? null : i % 5,
      s: ["", "v1", "V1", "v2 x", "x"][i % 5],
      b: i % 4 === 3 ? null : i % 2 === 0,
      r: i % 6 === 5 ? null : (i % 3) / 2,
    }));
    const uSchemas = { U: [{ name: "x", type: "long" }, { name: "s", type: "string" }, { name: "b", type: "bool" }, { name: "r", type: "real" }] };
    // [as a filter writes it, the same condition through the general comparison]
    const term = fc.constantFrom(
      ["x == 4", "4 == x"],
      ["x != 4", "4 != x"],
      ["s == 'v1'", "'v1' == s"],
      ["s != 'v1'", "'v1' != s"],
      ["b == true", "true == b"],
      ["b != true", "true != b"],
      ["b == false", "false == b"],
      ["b != false", "false != b"],
      ["r == 0.5", "0.5 == r"],
      ["r != 0.5", "0.5 != r"],
      ["s =~ 'V1'", "'v1' == tolower(s)"],
      ["s !~ 'v1'", "'v1' != tolower(s)"],
      ["s startswith 'V'", "'v' == substring(tolower(s), 0, 1)"],
      ["s !has 'x'", "not(s has 'x')"],
    );
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 3 }), fc.constantFrom("and", "or"), (terms, op) => {
        const cond = terms.map(([asFilter]) => asFilter).join(` ${op} `);
        const general = terms.map(([, asGeneral]) => asGeneral).join(` ${op} `);
        const run = (q: string): unknown[] => materialize(prepareQuery(q, { U }, { now: NOW, schemas: uSchemas }).execute()).rows;
        const viaFilter = run(`U | where ${cond} | project x, s, b, r`);
        const viaColumn = run(`U | extend c = ${general} | where c | project x, s, b, r`);
        expect(viaFilter).toEqual(viaColumn);
      }),
      { numRuns: 200 },
    );
  });

  it("hands a summarize above the filter each kept row during the pass", () => {
    const { rows, reads } = loggedRows((i) => (i === 2 ? "x" : "y"));
    const out = materialize(prepareQuery("R | where a > 0 | summarize n = count() by b", { R: rows }, { now: NOW, schemas: loggedSchema }).execute());
    expect(out.rows).toEqual([
      { b: "y", n: 2 },
      { b: "x", n: 1 },
    ]);
    // The filter's pass reads a, and summarize reads b, of each row before the next row is read.
    expect(reads.slice(0, 6)).toEqual(["a1", "b1", "a2", "b2", "a3", "b3"]);
  });

  it("reads each row's fields for every stage before it reads the next row", () => {
    const { rows, reads } = loggedRows((i) => `v${i}`);
    const out = materialize(prepareQuery("R | where a > 0 | extend c = strcat(b, 'x') | where c != 'v2x'", { R: rows }, { now: NOW, schemas: loggedSchema }).execute());
    expect(out.rows.map((r) => r.c)).toEqual(["v1x", "v3x"]);
    // One operator at a time would read a1 a2 a3, then b1 b2 b3.
    expect(reads.slice(0, 6)).toEqual(["a1", "b1", "a2", "b2", "a3", "b3"]);
  });

  it("keeps a computed column only as its last extend left it, and constants as constants", () => {
    const { fused } = bothWays("T | where x < 6 | extend y = x | extend y = y * 2, k = 'K' | where y > 2 | extend y2 = y");
    expect(fused).toEqual([
      { x: 2, s: "v2", t: "2026-11-28T02:00:00.0000000Z", y: 4, k: "K", y2: 4 },
      { x: 3, s: "v3 x", t: "2026-11-28T03:00:00.0000000Z", y: 6, k: "K", y2: 6 },
      { x: 4, s: "", t: "2026-11-28T04:00:00.0000000Z", y: 8, k: "K", y2: 8 },
      { x: 5, s: "v1", t: "2026-11-28T05:00:00.0000000Z", y: 10, k: "K", y2: 10 },
    ]);
  });

  it("lets only the innermost stage read row positions, over every row of its own input", () => {
    // rn numbers the rows that `x > 1` kept; the filter above it must not see them renumbered.
    const q = "T | where x > 1 | extend rn = row_number() | where rn < 3 | project x, rn";
    expect(bothWays(q).fused).toEqual([
      { x: 2, rn: 1 },
      { x: 3, rn: 2 },
    ]);
    const nodes = planNodes(prepareQuery(q, { T }, { now: NOW, schemas }).plan);
    const byOp = (op: PlanNode["op"]): number[] => nodes.filter((n) => n.op === op).map((n) => n.id);
    const [extendId] = byOp("project");
    // The extend reading row_number runs in the top filter's pass as its first stage; `x > 1` runs alone.
    expect([...nodesRunInPass(nodes)]).toEqual([extendId]);
  });

  it("names the operators that run inside the pass of a filter or a summarize above them", () => {
    const plan = (q: string): PlanNode[] => planNodes(prepareQuery(q, { T }, { now: NOW, schemas }).plan);
    const sorted = (ids: Iterable<number>): number[] => [...ids].sort((a, b) => a - b);
    const chain = plan("T | where x > 1 | extend y = x * 2 | where y < 30 | extend z = y | where z > 4 | project x");
    expect(chain.map((n) => n.op)).toEqual(["source", "where", "project", "where", "project", "where", "project"]);
    // The top filter runs the two filters and two extends below it; the final project runs on its own.
    expect(sorted(nodesRunInPass(chain))).toEqual(sorted(chain.slice(1, 5).map((n) => n.id)));
    const summarized = plan("T | where x > 1 | extend y = x | where y < 30 | summarize count() by s");
    expect(summarized.map((n) => n.op)).toEqual(["source", "where", "project", "where", "summarize"]);
    // The summarize takes the top filter's rows in its pass, so that filter runs there too.
    expect(sorted(nodesRunInPass(summarized))).toEqual(sorted(summarized.slice(1, 4).map((n) => n.id)));
  });

  it("gives runQuery (one operator at a time, yielding between) the same rows", async () => {
    for (const q of [
      "T | where x > 1 | extend y = x * 2 | where y < 30 | summarize arg_max(t, *) by s",
      "let A = T | where x > 3; A | summarize count() by s | join kind=inner (A | summarize max(x) by s) on s",
      "T | where x > 1 | extend y = x * 2 | where y < 30 | extend z = y | where z > 4",
      "T | where x > 1 | extend rn = row_number() | where rn < 3",
      "T | project x, s | where x > 30 | extend s = strcat(s, '!') | where isnotempty(s)",
    ]) {
      const asyncRows = (await runQuery(q, { T }, { now: NOW, schemas })).rows;
      expect(asyncRows).toEqual(bothWays(q).alone);
    }
  });

  it("hands a join the key it computed in the pass, and the caller's field it read ahead", () => {
    const L = [{ k: "v1z" }, { k: "v2" }, { k: "v3 x" }];
    const q = (key: string): string =>
      `L | join kind=inner (T | where x > 0 | extend K = ${key} | where x < 12) on $left.k == $right.K | project k, x | sort by x asc`;
    const opts = { now: NOW, schemas: { ...schemas, L: [{ name: "k", type: "string" }] } };
    const computed = materialize(prepareQuery(q("strcat(s, 'z')"), { T, L }, opts).execute()).rows;
    expect(computed).toEqual([
      { k: "v1z", x: 1 },
      { k: "v1z", x: 5 },
      { k: "v1z", x: 9 },
    ]);
    const field = materialize(prepareQuery(q("s"), { T, L }, opts).execute()).rows;
    expect(field).toEqual([
      { k: "v2", x: 2 },
      { k: "v3 x", x: 3 },
      { k: "v3 x", x: 7 },
      { k: "v2", x: 10 },
      { k: "v3 x", x: 11 },
    ]);
  });
});
