/**
 * The per-row closures of the last query stay reachable after a run, so V8 keeps their optimized code
 * across a garbage collection between runs (runtime/compiled-code.ts), and no longer than until the next
 * run starts or HOLD_MS pass; never more than MAX_HELD runs' closures.
 */
import { afterEach, beforeEach, describe, expect, it, jest } from "@jest/globals";
import { prepareQuery, runQuery, runQuerySync } from "../../src/api.js";
import { CompiledCode, heldClosureCount, holdCompiledCode, HOLD_MS, MAX_HELD, releaseCompiledCode } from "../../src/runtime/compiled-code.js";

const T = [
  { k: "a", n: 1, t: "2026-11-28T10:00:00Z" },
  { k: "b", n: 2, t: "2026-11-28T11:00:00Z" },
];
const QUERY = "T | where n > 0 and k has 'a' | extend m = n * 2 | summarize arg_max(t, *), c = count() by k";

function codeOf(closures: number): CompiledCode {
  const code = new CompiledCode();
  for (let i = 0; i < closures; i++) code.keep(() => i);
  return code;
}

describe("holding a query's compiled closures", () => {
  beforeEach(() => {
    // Only the clock the release timer runs on: the async path yields through setImmediate.
    jest.useFakeTimers({ doNotFake: ["setImmediate", "nextTick", "queueMicrotask"] });
    releaseCompiledCode();
  });
  afterEach(() => {
    releaseCompiledCode();
    jest.useRealTimers();
  });

  it("holds what a run compiled, and lets go of it HOLD_MS after the run", () => {
    const result = runQuerySync(QUERY, { T });
    expect(result.rows).toHaveLength(1);
    const held = heldClosureCount();
    // The filter's tests, the extend, the summarize's keys and aggregates, and the result rows' readers.
    expect(held).toBeGreaterThan(10);
    jest.advanceTimersByTime(HOLD_MS - 1);
    expect(heldClosureCount()).toBe(held);
    jest.advanceTimersByTime(1);
    expect(heldClosureCount()).toBe(0);
  });

  it("holds the async path's closures too", async () => {
    runQuerySync(QUERY, { T });
    const heldBySync = heldClosureCount();
    releaseCompiledCode();
    const result = await runQuery(QUERY, { T });
    expect(result.rows).toHaveLength(1);
    expect(heldClosureCount()).toBeGreaterThan(10);
    // The same query compiles the same closures either way; the result rows' readers alone are 5.
    expect(heldClosureCount()).toBe(heldBySync);
    jest.advanceTimersByTime(HOLD_MS);
    expect(heldClosureCount()).toBe(0);
  });

  it("holds every closure an expression compiles to, not only the operators' own", () => {
    runQuerySync(QUERY, { T });
    const base = heldClosureCount();
    // Seven expression nodes more (n, 1, +, 2, n, *, +) and one more result reader: without the expression's
    // own closures only the reader would be added.
    runQuerySync(`${QUERY} | extend z = n + 1 + 2 * n`, { T });
    expect(heldClosureCount() - base).toBeGreaterThanOrEqual(7 + 1);
  });

  it("lets go of an earlier run's closures when the next run starts", () => {
    runQuerySync(QUERY, { T });
    expect(heldClosureCount()).toBeGreaterThan(0);
    const heldDuringRun: number[] = [];
    prepareQuery(QUERY, { T }).execute(() => heldDuringRun.push(heldClosureCount()));
    expect(heldDuringRun.length).toBeGreaterThan(0);
    expect(Math.max(...heldDuringRun)).toBe(0);
    // What the run just ended compiled is held in turn.
    expect(heldClosureCount()).toBeGreaterThan(0);
  });

  it("restarts the wait with each run, so runs in quick succession stay held", () => {
    holdCompiledCode(codeOf(3));
    jest.advanceTimersByTime(HOLD_MS - 10);
    holdCompiledCode(codeOf(4));
    jest.advanceTimersByTime(HOLD_MS - 10);
    expect(heldClosureCount()).toBe(7);
    jest.advanceTimersByTime(10);
    expect(heldClosureCount()).toBe(0);
  });

  it("holds at most MAX_HELD runs: a loop that never yields pushes out the oldest", () => {
    for (let i = 1; i <= MAX_HELD + 3; i++) holdCompiledCode(codeOf(i));
    // Only the last MAX_HELD: sizes 4..7 when MAX_HELD is 4.
    let expected = 0;
    for (let i = 4; i <= MAX_HELD + 3; i++) expected += i;
    expect(heldClosureCount()).toBe(expected);
  });

  it("holds nothing while the heap is more than half full", () => {
    holdCompiledCode(codeOf(3), { used_heap_size: 501, heap_size_limit: 1000 });
    expect(heldClosureCount()).toBe(0);
    holdCompiledCode(codeOf(3), { used_heap_size: 500, heap_size_limit: 1000 });
    expect(heldClosureCount()).toBe(3);
  });

  it("holds nothing for a run that compiled nothing", () => {
    holdCompiledCode(new CompiledCode());
    expect(heldClosureCount()).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("does not keep the process waiting: the release timer is unreferenced", () => {
    jest.useRealTimers();
    const unref = jest.spyOn(globalThis, "setTimeout");
    try {
      holdCompiledCode(codeOf(1));
      const timer = unref.mock.results.at(-1)!.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
    } finally {
      unref.mockRestore();
      releaseCompiledCode();
    }
  });
});
