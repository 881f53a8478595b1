/**
 * Keeps the per-row closures of the last query reachable between runs, so that V8 keeps the machine code it
 * optimized for them across a garbage collection that happens while no query runs.
 *
 * Why: a query compiles its expressions into closures made anew on every run. V8 shares optimized code
 * between closures of the same source function, but holds it only through the closures that run it (the
 * shared slot is a weak reference), and code that inlined a closure is thrown away once that closure dies.
 * So after a full collection between two runs, every closure of the next run starts again in the
 * interpreter while the optimizing compiler rebuilds its code on the other core: at the benchmark's scale
 * M that was about 50 ms of a 450 ms run (docs/performance.md, tenth session), and about a fifth of a run
 * over 100k rows. A test suite running rule after rule, with collections in between, pays it every time.
 *
 * How long: until the next run starts, or HOLD_MS, whichever comes first. The next run's closures take the
 * code over as they start. Holding on past that start made back-to-back runs slower: the held run's arrays
 * then outlived the next run's young-generation collections, were promoted, and brought a full collection
 * forward (15 runs at M: one more, 14% more time).
 *
 * What it costs: the closures reach what they read (the caller's rows, a query's selection vectors and
 * group arrays), so that stays alive until then; nothing is run again. A caller that drops one big table
 * and builds the next without yielding to the event loop would need room for both, so nothing is held
 * while the heap is more than half full. A caller that runs prepared queries without result rows holds at
 * most MAX_HELD runs' closures.
 */

import { getHeapStatistics } from "node:v8";

/** How long a query's closures stay reachable after it ends, at most. */
export const HOLD_MS = 1_000;

/** At most this many queries' closures are held at once. */
export const MAX_HELD = 4;

/** The closures one run compiles, collected as it compiles them. */
export class CompiledCode {
  private readonly closures: unknown[] = [];

  keep<F>(closure: F): F {
    this.closures.push(closure);
    return closure;
  }

  get size(): number {
    return this.closures.length;
  }
}

let held: CompiledCode[] = [];
let release: ReturnType<typeof setTimeout> | undefined;

/** The part of V8's heap in use and its limit, as `v8.getHeapStatistics()` gives them. */
export interface HeapUse {
  used_heap_size: number;
  heap_size_limit: number;
}

/**
 * Holds `code` for HOLD_MS (restarting the wait), beside the last few held before it, unless the heap is
 * more than half full: what the closures reach (the caller's tables, if the caller drops them) could then
 * be what a caller replaying one big table after another needs room for, and it is better to compile again.
 */
export function holdCompiledCode(code: CompiledCode, heap: HeapUse = getHeapStatistics()): void {
  if (code.size === 0 || heap.used_heap_size > heap.heap_size_limit / 2) return;
  held = held.length < MAX_HELD ? [...held, code] : [...held.slice(1), code];
  if (release !== undefined) clearTimeout(release);
  release = setTimeout(releaseCompiledCode, HOLD_MS);
  // A held closure must never keep a process alive that has nothing else to do.
  if (typeof release === "object" && release !== null && "unref" in release) release.unref();
}

/** Lets go of every held closure now: when a run starts, and HOLD_MS after the last one ended. */
export function releaseCompiledCode(): void {
  held = [];
  if (release !== undefined) clearTimeout(release);
  release = undefined;
}

/** How many closures are held now, for tests. */
export function heldClosureCount(): number {
  return held.reduce((n, c) => n + c.size, 0);
}
