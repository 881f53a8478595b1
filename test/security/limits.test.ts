/** Run limits, timeout and cancellation (issue 5): each violation is a specific KqlError. */
import { prepareQuery, runQuery, runQuerySync } from "../../src/api.js";
import type { InputRow, RunOptions } from "../../src/api-types.js";
import { KqlError } from "../../src/errors.js";
import { DEFAULT_LIMITS, ExecutionGuard, resolveLimits } from "../../src/runtime/guard.js";

const NOW = "2026-11-28T12:00:00Z";
const run = (q: string, tables: Record<string, InputRow[]> = {}, options: RunOptions = {}) => runQuerySync(q, tables, { now: NOW, ...options });

function failure(f: () => unknown): KqlError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KqlError);
    return e as KqlError;
  }
  throw new Error("expected a KqlError");
}

async function asyncFailure(p: Promise<unknown>): Promise<KqlError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(KqlError);
    return e as KqlError;
  }
  throw new Error("expected a KqlError");
}

describe("defaults", () => {
  test("are Kusto-like and documented", () => {
    expect(DEFAULT_LIMITS).toEqual({ maxResultRows: 500_000, maxIntermediateRows: 50_000_000, maxMvExpandRows: 10_000_000, maxRangeRows: 10_000_000, timeoutMs: undefined });
  });
  test("bad limit values are argument errors", () => {
    expect(failure(() => resolveLimits({ maxResultRows: -1 })).code).toBe("KQL_ARGUMENTS");
    expect(failure(() => resolveLimits({ maxIntermediateRows: 0 })).code).toBe("KQL_ARGUMENTS");
    expect(failure(() => run("print 1", {}, { timeoutMs: Number.NaN })).message).toMatch(/options\.timeoutMs/);
    expect(failure(() => run("print 1", {}, { maxRangeRows: "5" as unknown as number })).message).toMatch(/options\.maxRangeRows/);
  });
  test("a result within every limit has no warnings", () => {
    expect(run("range x from 1 to 10 step 1").warnings).toEqual([]);
  });
});

describe("maxResultRows", () => {
  test("truncates the result with a warning, as Kusto's result-set limit does", () => {
    const r = run("range x from 1 to 100 step 1", {}, { maxResultRows: 10 });
    expect(r.rows.map((row) => row.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings![0]).toMatch(/truncated to 10 of 100 rows \(maxResultRows\)/);
  });
  test("0 returns the columns and no rows; Infinity lifts it", () => {
    const r = run("range x from 1 to 3 step 1", {}, { maxResultRows: 0 });
    expect(r.columns).toEqual([{ name: "x", type: "long" }]);
    expect(r.rows).toEqual([]);
    expect(run("range x from 1 to 3 step 1", {}, { maxResultRows: Infinity }).rows).toHaveLength(3);
  });
  test("runQuery truncates too", async () => {
    const r = await runQuery("range x from 1 to 20 step 1", {}, { now: NOW, maxResultRows: 5 });
    expect(r.rows).toHaveLength(5);
    expect(r.warnings![0]).toMatch(/maxResultRows/);
  });
});

describe("maxRangeRows", () => {
  test("is configurable and fails with KQL_LIMIT at the range", () => {
    const e = failure(() => run("print 1 | union (range x from 1 to 100 step 1)", {}, { maxRangeRows: 50 }));
    expect(e.code).toBe("KQL_LIMIT");
    expect(e.detail).toBe("range would make more than 50 rows (maxRangeRows)");
    expect(run("range x from 1 to 50 step 1", {}, { maxRangeRows: 50 }).rows).toHaveLength(50);
  });
  test("a runaway range over time stops at the smaller of maxRangeRows and maxIntermediateRows", () => {
    const e = failure(() => run("range t from datetime(2020-01-01) to datetime(2021-01-01) step 1s | count", {}, { maxIntermediateRows: 1000 }));
    expect(e.code).toBe("KQL_LIMIT");
    expect(e.detail).toBe("range would make more than 1000 rows (maxIntermediateRows)");
  });
});

describe("maxMvExpandRows", () => {
  test("counts the rows one mv-expand makes", () => {
    const q = "range i from 1 to 10 step 1 | extend a = dynamic([1,2,3]) | mv-expand a";
    expect(run(q, {}, { maxMvExpandRows: 30 }).rows).toHaveLength(30);
    const e = failure(() => run(q, {}, { maxMvExpandRows: 29 }));
    expect(e.code).toBe("KQL_LIMIT");
    expect(e.detail).toMatch(/mv-expand would produce more than 29 rows \(maxMvExpandRows\)/);
  });
});

describe("maxIntermediateRows", () => {
  test("stops a many-to-many join before it pairs up every row", () => {
    const q = "range x from 1 to 2000 step 1 | extend k = 1 | join kind=inner (range y from 1 to 2000 step 1 | extend k = 1) on k | count";
    const started = Date.now();
    const e = failure(() => run(q, {}, { maxIntermediateRows: 100_000 }));
    expect(e.code).toBe("KQL_LIMIT");
    expect(e.detail).toMatch(/join would produce more than 100000 rows \(maxIntermediateRows\)/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
  test("applies to every operator's output", () => {
    const e = failure(() => run("range x from 1 to 100 step 1 | extend y = x", {}, { maxIntermediateRows: 99 }));
    expect(e.code).toBe("KQL_LIMIT");
  });
  test("the caller's own tables do not count", () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ n: i }));
    expect(run("T | take 5", { T: rows }, { maxIntermediateRows: 10 }).rows).toHaveLength(5);
  });
});

describe("timeoutMs", () => {
  test("is checked inside long loops", () => {
    const q = "range x from 1 to 3000000 step 1 | extend k = x % 1000 | join kind=inner (range y from 1 to 3000 step 1 | extend k = y % 1000) on k | count";
    const started = Date.now();
    const e = failure(() => run(q, {}, { timeoutMs: 30 }));
    expect(e.code).toBe("KQL_TIMEOUT");
    expect(e.detail).toMatch(/30 ms timeout/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
  test("0 fails as soon as anything runs", () => {
    expect(failure(() => run("range x from 1 to 100000 step 1 | where x > 5", {}, { timeoutMs: 0 })).code).toBe("KQL_TIMEOUT");
  });
});

describe("signal", () => {
  test("an already aborted signal cancels the run, with the reason", () => {
    const ac = new AbortController();
    ac.abort(new Error("user pressed stop"));
    const e = failure(() => run("print 1", {}, { signal: ac.signal }));
    expect(e.code).toBe("KQL_CANCELLED");
    expect(e.detail).toBe("the query was cancelled: user pressed stop");
  });

  test("a join cancelled mid-way throws promptly", () => {
    // The abort happens while the join reads its keys (a getter on row 20000); the join must stop
    // within the next few thousand rows, not finish its 100000 x 100-row pairing.
    const ac = new AbortController();
    let readsAfterAbort = 0;
    const rows: InputRow[] = [];
    for (let i = 0; i < 100_000; i++) {
      const k = i % 100;
      rows.push({
        get k() {
          if (ac.signal.aborted) readsAfterAbort++;
          if (i === 20_000) ac.abort();
          return k;
        },
      });
    }
    const started = Date.now();
    const e = failure(() => run("T | join kind=inner (T) on k | count", { T: rows }, { signal: ac.signal, schemas: { T: [{ name: "k", type: "long" }] } }));
    expect(e.code).toBe("KQL_CANCELLED");
    expect(readsAfterAbort).toBeLessThanOrEqual(4096);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test.each([
    ["where", "T | where k > 1000"],
    ["summarize", "T | summarize count() by k"],
    ["sort", "T | sort by k"],
    ["extend", "T | extend a = k * 2"],
    ["mv-expand", "T | mv-expand a = pack_array(k, k)"],
    ["parse", "T | parse tostring(k) with n:long"],
    ["leftsemi join", "T | join kind=leftsemi (T | take 10) on k"],
    ["rightanti join", "T | join kind=rightanti (T | take 10) on k"],
    ["leftanti join hashing its own side", "T | take 10 | join kind=leftanti (T) on k"],
    ["distinct", "T | distinct k"],
    ["top", "T | top 5 by k"],
    ["sort | take", "T | sort by k desc | take 5"],
  ])("%s polls the signal inside its loop", (_name, q) => {
    const ac = new AbortController();
    let seen = 0;
    const rows: InputRow[] = Array.from({ length: 50_000 }, (_, i) => ({
      get k() {
        if (++seen === 10_000) ac.abort();
        return i;
      },
    }));
    const e = failure(() => run(q, { T: rows }, { signal: ac.signal, schemas: { T: [{ name: "k", type: "long" }] } }));
    expect(e.code).toBe("KQL_CANCELLED");
    expect(seen).toBeLessThan(10_000 + 2 * 4096 + 10);
  });

  test("runQuery yields between operators, so a timer can abort it", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 0);
    const q = "range x from 1 to 300000 step 1 | where x % 2 == 0 | extend y = x * 2 | where y > 10 | summarize count() by z = y % 10 | sort by z asc";
    const e = await asyncFailure(runQuery(q, {}, { now: NOW, signal: ac.signal }));
    expect(e.code).toBe("KQL_CANCELLED");
  });

  test("runQuery without a signal gives the same result as runQuerySync", async () => {
    const q = "range x from 1 to 100 step 1 | extend k = x % 7 | join kind=inner (range y from 1 to 7 step 1 | extend k = y % 7) on k | summarize c = count() by k | sort by k asc";
    expect(await runQuery(q, {}, { now: NOW })).toEqual(run(q));
  });

  test("a prepared query runs with a caller's guard", () => {
    const prepared = prepareQuery("range x from 1 to 100 step 1", {}, { now: NOW });
    expect(prepared.execute().length).toBe(100);
    expect(failure(() => prepared.execute(undefined, new ExecutionGuard({ maxRangeRows: 5 }))).code).toBe("KQL_LIMIT");
  });
});
