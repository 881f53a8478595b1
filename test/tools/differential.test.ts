/**
 * The corpus's differential check (src/tools/differential.ts): generated rows for the tables a query names,
 * and the comparison of an untraced run (filters and extends fused into one pass) with a traced one.
 */
import { compareOutcomes, compareTracedUntraced, rowsForQuery } from "../../src/tools/differential.js";
import type { Schemas } from "../../src/sentinel/schemas.js";
import { prepareQuery } from "../../src/api.js";
import { planNodes } from "../../src/binder/plan.js";
import { nodesRunInPass } from "../../src/runtime/operators/where.js";

const NOW = "2026-01-01T00:00:00Z";
const schemas: Schemas = {
  SigninLogs: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "UserPrincipalName", type: "string" },
    { name: "ResultType", type: "long" },
    { name: "Succeeded", type: "bool" },
  ],
  AuditLogs: [{ name: "OperationName", type: "string" }],
};

describe("rows for a query", () => {
  const query = 'SigninLogs | where UserPrincipalName == "alice@contoso.com" and ResultType == 50126';

  it("makes rows only for the tables the query names, the same rows for the same seed", () => {
    const tables = rowsForQuery(query, schemas, NOW);
    expect(Object.keys(tables)).toEqual(["SigninLogs"]);
    expect(tables["SigninLogs"]).toHaveLength(30);
    expect(rowsForQuery(query, schemas, NOW)).toEqual(tables);
    expect(rowsForQuery(query, schemas, NOW, 30, 7)).not.toEqual(tables);
  });

  it("draws values from the query's own literals, typed by the schema", () => {
    const rows = rowsForQuery(query, schemas, NOW, 200)["SigninLogs"]!;
    expect(rows.some((r) => r["UserPrincipalName"] === "alice@contoso.com")).toBe(true);
    expect(rows.some((r) => r["ResultType"] === 50126)).toBe(true);
    for (const r of rows) {
      if ("TimeGenerated" in r) expect(Date.parse(r["TimeGenerated"] as string)).toBeLessThanOrEqual(Date.parse(NOW));
      if ("Succeeded" in r) expect(typeof r["Succeeded"]).toBe("boolean");
    }
  });
});

describe("untraced against traced", () => {
  it("finds a filtered, extended and summarized query the same both ways, with rows", () => {
    const query =
      'SigninLogs | where ResultType == 50126 | extend U = tolower(UserPrincipalName) | where isnotempty(U) | summarize n = count(), last = arg_max(TimeGenerated, *) by U';
    const tables = rowsForQuery(query, schemas, NOW, 200);
    const outcome = compareTracedUntraced(query, tables, schemas, NOW);
    expect(outcome.kind).toBe("same");
    expect(outcome.kind === "same" && outcome.rows).toBeGreaterThan(0);
    // The traced run really ran every operator on its own (a trace reports each one), unlike the untraced
    // run, which runs the filters and the extend inside the summarize's pass.
    const plan = prepareQuery(query, tables, { schemas, now: NOW }).plan;
    expect(outcome.kind === "same" && outcome.operatorsTraced).toBe(planNodes(plan).length);
    expect(nodesRunInPass(planNodes(plan)).size).toBeGreaterThan(0);
  });

  it("reads every traced step's output as rows, as a caller's trace would", () => {
    // The where step's output still has Succeeded; the result does not. Only reading the step reads it.
    let succeededReads = 0;
    const rows = [true, false, true].map((ok, i) => ({
      UserPrincipalName: `u${i}`,
      ResultType: 0,
      get Succeeded(): boolean {
        succeededReads++;
        return ok;
      },
    }));
    const outcome = compareTracedUntraced("SigninLogs | where ResultType == 0 | project UserPrincipalName", { SigninLogs: rows }, schemas, NOW);
    expect(outcome).toEqual({ kind: "same", rows: 3, operatorsTraced: 3 });
    expect(succeededReads).toBe(6); // the source step and the where step, three rows each
  });

  it("skips queries with volatile functions and queries that do not bind", () => {
    expect(compareTracedUntraced("SigninLogs | extend r = rand()", {}, schemas, NOW)).toEqual({ kind: "skipped", reason: "volatile function" });
    expect(compareTracedUntraced("SigninLogs | where NoSuchColumn == 1", {}, schemas, NOW)).toEqual({ kind: "skipped", reason: "does not bind" });
  });

  it("reports rows that differ in content or order, and errors that differ", () => {
    const a = { rows: '[{"x":1},{"x":2}]', count: 2 };
    expect(compareOutcomes(a, { ...a })).toEqual({ kind: "same", rows: 2 });
    expect(compareOutcomes(a, { rows: '[{"x":2},{"x":1}]', count: 2 }).kind).toBe("different");
    expect(compareOutcomes(a, { error: "boom" })).toEqual({ kind: "different", detail: "untraced: ran; traced: boom" });
    expect(compareOutcomes({ error: "boom" }, { error: "boom" })).toEqual({ kind: "same", rows: 0 });
  });
});
