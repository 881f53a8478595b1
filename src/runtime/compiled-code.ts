/**
 * Keeps the per-row closures of the last few queries reachable for a moment after they end, so that V8
 * keeps the machine code it optimized for them across a garbage collection.
 *
 * Why: a query compiles its expressions into closures made anew on every run. V8 shares optimized code
 * between closures of the same source function, but holds it only through the closures that run it (the
 * shared slot is a weak reference), and code that inlined a closure is thrown away once that closure dies.
 * So after a full collection between two runs, every closure of the next run starts again in the
 * interpreter while the optimizing compiler rebuilds its code on the other core: at the benchmark's scale
 * M that was about 50 ms of a 450 ms run (docs/performance.md, tenth session), and about a fifth of a run
 * over 100k rows. A test suite running rule after rule, with collections in between, pays it every time.
 *
 * What it costs: the closures reach what they read (the caller's rows, a query's selection vectors and
 * group arrays), so that stays alive up to HOLD_MS longer than it would have; nothing is held longer, and
 * nothing is ever run again. A loop of synchronous runs that never yields to the event loop holds at most
 * MAX_HELD queries' closures: each new one pushes out the oldest.
 */

/** How long a query's closures stay reachable after it ends. */
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

/** Holds `code` for HOLD_MS (restarting the wait), beside the last few held before it. */
export function holdCompiledCode(code: CompiledCode): void {
  if (code.size === 0) return;
  held = held.length < MAX_HELD ? [...held, code] : [...held.slice(1), code];
  if (release !== undefined) clearTimeout(release);
  release = setTimeout(releaseCompiledCode, HOLD_MS);
  // A held closure must never keep a process alive that has nothing else to do.
  if (typeof release === "object" && release !== null && "unref" in release) release.unref();
}

/** Lets go of every held closure now (as HOLD_MS after the last query does). */
export function releaseCompiledCode(): void {
  held = [];
  if (release !== undefined) clearTimeout(release);
  release = undefined;
}

/** How many closures are held now, for tests. */
export function heldClosureCount(): number {
  return held.reduce((n, c) => n + c.size, 0);
}
