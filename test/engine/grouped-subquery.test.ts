/**
 * mv-apply and partition run a subquery of filters and extends/projects, optionally ending in a summarize,
 * sort, top or take, once over all their groups' rows instead of once per group (runtime/operators/
 * grouped-subquery.ts). These tests hold that path to the per-group one, row for row and in order, and
 * check which subqueries take it.
 */
import fc from "fast-check";
import { prepareQuery } from "../../src/api.js";
import type { MvApplyNode, PartitionNode, PlanNode } from "../../src/binder/plan.js";
import { materialize } from "../../src/result-rows.js";
import { Executor } from "../../src/runtime/execute.js";
import { runMvApplyOverExpansion, runMvApplyPerRow } from "../../src/runtime/operators/mv-apply.js";
import { runPartitionOverAll, runPartitionPerPartition } from "../../src/runtime/operators/partition.js";
import type { Table } from "../../src/runtime/table.js";
import { NOW, rowsOf } from "./helpers.js";

interface Row {
  id: number;
  host: string;
  vals: (number | null)[];
}

const rowArb: fc.Arbitrary<Row> = fc.record({
  id: fc.integer({ min: 0, max: 50 }),
  host: fc.constantFrom("h1", "h2", "H1", ""),
  vals: fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(null)), { maxLength: 5 }),
});

/** The mv-apply node of `query` over `rows`, with the input the engine gave it and the result it made. */
function applied(query: string, rows: readonly Row[]): { node: MvApplyNode; input: Table; output: Table } {
  return traced(query, rows, (n): n is MvApplyNode => n.op === "mvapply");
}

/** The first node `pick` chooses of `query` over `rows`, with its input and output in a traced run. */
function traced<N extends PlanNode>(query: string, rows: readonly Row[], pick: (n: PlanNode) => n is N): { node: N; input: Table; output: Table } {
  const schemas = {
    T: [
      { name: "id", type: "long" as const },
      { name: "host", type: "string" as const },
      { name: "vals", type: "dynamic" as const },
    ],
  };
  const prepared = prepareQuery(query, { T: rows.map((r) => ({ ...r })) }, { now: NOW, schemas });
  let seen: { node: N; input: Table; output: Table } | undefined;
  prepared.execute((node: PlanNode, inputs, output) => {
    if (!seen && pick(node)) seen = { node, input: inputs[0]!, output };
  });
  return seen!;
}

/** The subquery run once per row, as an executor with no other tables runs it. */
function perRow(node: MvApplyNode, input: Table): Table {
  const env = new Executor(() => {
    throw new Error("the subquery reads only its slice");
  });
  const runner = (rows: Table, subquery: PlanNode): Table =>
    new Executor((name) => {
      if (name !== node.placeholder) throw new Error(`unexpected table ${name}`);
      return rows;
    }).run(subquery);
  return runMvApplyPerRow(node, input, env, runner);
}

function asRows(table: Table): unknown[][] {
  return rowsOf(materialize(table));
}

const WHOLE = [
  "T | mv-apply v = vals to typeof(long) on (where v > 3)",
  "T | mv-apply v = vals to typeof(long) on (extend w = v * 2 | where w % 3 != 0 | project v, w, tag = strcat(host, ':', v))",
  "T | mv-apply with_itemindex = i v = vals on (where i >= 1 and isnotnull(v))",
  "T | mv-apply v = vals to typeof(long) on (summarize n = count(), s = sum(v), m = make_set(v))",
  "T | mv-apply v = vals to typeof(long) on (where v != 4 | summarize n = count(), mx = max(v) by parity = v % 2)",
  "T | mv-apply v = vals to typeof(long) on (summarize b = make_bag(pack(tostring(v), host)))",
  "T | mv-apply v = vals to typeof(long) on (where v > 2 | summarize arg_max(v, host))",
  "T | mv-apply vals to typeof(long) on (summarize total = sum(vals), n = countif(vals > 4))",
  "T | mv-apply v = vals to typeof(long) on (top 2 by v desc)",
  "T | mv-apply v = vals to typeof(long) on (where v > 1 | top 1 by v asc nulls first)",
  "T | mv-apply v = vals to typeof(long) on (take 1)",
  "T | mv-apply v = vals to typeof(long) on (sort by v asc)",
  "T | mv-apply with_itemindex = i v = vals on (order by i desc | take 2)",
];

describe("mv-apply over the whole expansion", () => {
  it("gives what the per-row run gives, row for row and in order", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 12 }), (rows) => {
        for (const query of WHOLE) {
          const { node, input, output } = applied(query, rows);
          const whole = runMvApplyOverExpansion(node, input, new Executor(() => input));
          expect(whole).toBeDefined();
          const expected = asRows(perRow(node, input));
          expect(asRows(whole!)).toEqual(expected);
          expect(asRows(output)).toEqual(expected);
        }
      }),
      { numRuns: 120 },
    );
  });

  it("gives a row over an empty slice the summarize's result over no rows, and nothing with by", () => {
    const rows = [
      { id: 1, host: "a", vals: [5, 6] },
      { id: 2, host: "b", vals: [] },
      { id: 3, host: "c", vals: [1] },
    ];
    const noBy = applied("T | mv-apply v = vals to typeof(long) on (where v > 2 | summarize n = count(), m = make_set(v))", rows);
    expect(asRows(noBy.output)).toEqual([
      [1, "a", [5, 6], 2, [5, 6]],
      [2, "b", [], 0, []],
      [3, "c", [1], 0, []],
    ]);
    const withBy = applied("T | mv-apply v = vals to typeof(long) on (where v > 2 | summarize n = count() by v)", rows);
    expect(asRows(withBy.output)).toEqual([
      [1, "a", [5, 6], 5, 1],
      [1, "a", [5, 6], 6, 1],
    ]);
  });

  it("leaves subqueries that need their slice on its own to the per-row run", () => {
    const rows = [{ id: 1, host: "a", vals: [3, 1, 2] }];
    for (const query of [
      "T | mv-apply v = vals to typeof(long) on (serialize | extend r = row_number())",
      "T | mv-apply v = vals to typeof(long) on (top 1 by v | extend w = v + 1)",
      "T | mv-apply v = vals to typeof(long) on (summarize host = tostring(max(v)))",
      "T | mv-apply v = vals to typeof(long) on (summarize n = count() | where n > 1)",
    ]) {
      const { node, input, output } = applied(query, rows);
      expect(runMvApplyOverExpansion(node, input, new Executor(() => input))).toBeUndefined();
      expect(asRows(output)).toEqual(asRows(perRow(node, input)));
    }
  });
});

describe("partition over all partitions at once", () => {
  const SHAPES = [
    "T | partition by host (top 1 by id desc)",
    "T | partition by host (where id % 2 == 0 | extend k = strcat(host, id))",
    "T | partition by host (summarize n = count(), s = sum(id), ids = make_list(id))",
    "T | partition by host (summarize n = count() by parity = id % 3)",
    "T | partition by id (take 1)",
    "T | partition by id (sort by host asc | take 2)",
  ];

  it("gives what a run per partition gives, row for row and in order", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 15 }), (rows) => {
        for (const query of SHAPES) {
          const { node, input, output } = traced(query, rows, (n): n is PartitionNode => n.op === "partition");
          const all = runPartitionOverAll(node, input, new Executor(() => input));
          expect(all).toBeDefined();
          const runner = (slice: Table, subquery: PlanNode): Table => new Executor((name) => (name === node.placeholder ? slice : input)).run(subquery);
          const expected = asRows(runPartitionPerPartition(node, input, new Executor(() => input), runner));
          expect(asRows(all!)).toEqual(expected);
          expect(asRows(output)).toEqual(expected);
        }
      }),
      { numRuns: 120 },
    );
  });

  it("runs other subqueries per partition", () => {
    const { node, input } = traced("T | partition by host (top 1 by id | extend n = 1)", [{ id: 1, host: "a", vals: [] }], (n): n is PartitionNode => n.op === "partition");
    expect(runPartitionOverAll(node, input, new Executor(() => input))).toBeUndefined();
  });
});
