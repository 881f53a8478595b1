/**
 * Run-time limits and cancellation. One ExecutionGuard lives for one query run and is reached through
 * the ExecutionEnv; long loops poll it every few thousand rows (`if ((i & POLL_MASK) === 0) guard.poll()`),
 * which costs a branch per row, and operators report the rows they make so one runaway join or
 * mv-expand fails with a KqlError instead of exhausting memory.
 */
import { describeValue } from "../describe-value.js";
import { KqlError, type Span } from "../errors.js";

/** Loops call `poll()` when `(row & POLL_MASK) === 0`: every 4096 rows. */
export const POLL_MASK = 0xfff;

/** The limits of one run; every field has a Kusto-like default (see DEFAULT_LIMITS and docs/security.md). */
export interface RunLimits {
  /** Rows the result may have; more are cut off with a warning, as Kusto's result-set limit does. */
  maxResultRows: number;
  /** Rows any single operator may produce (and the rows a join may pair up) before the run fails. */
  maxIntermediateRows: number;
  /** Rows one `mv-expand` may produce in total. */
  maxMvExpandRows: number;
  /** Rows one `range` may produce. */
  maxRangeRows: number;
  /** Wall-clock budget of the run in milliseconds; undefined for none. */
  timeoutMs: number | undefined;
}

export const DEFAULT_LIMITS: Readonly<RunLimits> = Object.freeze({
  maxResultRows: 500_000,
  maxIntermediateRows: 50_000_000,
  maxMvExpandRows: 10_000_000,
  maxRangeRows: 10_000_000,
  timeoutMs: undefined,
});

function checkLimit(name: string, v: unknown, allowZero: boolean): number {
  if (typeof v !== "number" || Number.isNaN(v) || v < (allowZero ? 0 : 1)) {
    throw new KqlError({ code: "KQL_ARGUMENTS", message: `options.${name} must be a number ${allowZero ? ">= 0" : ">= 1"}, got ${describeValue(v)}` });
  }
  return Math.floor(v);
}

/** Fills in defaults and validates a caller's limits (each a non-negative number; Infinity lifts a limit). */
export function resolveLimits(options: Partial<RunLimits> = {}): RunLimits {
  const pick = (name: keyof RunLimits, allowZero: boolean): number => (options[name] === undefined ? (DEFAULT_LIMITS[name] as number) : checkLimit(name, options[name], allowZero));
  return {
    maxResultRows: pick("maxResultRows", true),
    maxIntermediateRows: pick("maxIntermediateRows", false),
    maxMvExpandRows: pick("maxMvExpandRows", true),
    maxRangeRows: pick("maxRangeRows", true),
    timeoutMs: options.timeoutMs === undefined ? undefined : checkLimit("timeoutMs", options.timeoutMs, true),
  };
}

export class ExecutionGuard {
  readonly limits: RunLimits;
  private readonly deadline: number;
  private readonly signal: AbortSignal | undefined;

  constructor(limits: Partial<RunLimits> = {}, signal?: AbortSignal, start = Date.now()) {
    this.limits = resolveLimits(limits);
    this.deadline = this.limits.timeoutMs === undefined ? Infinity : start + this.limits.timeoutMs;
    this.signal = signal;
  }

  /** A guard with the default limits and no deadline, for callers that run plans directly. */
  static unlimited(): ExecutionGuard {
    return new ExecutionGuard({ maxResultRows: Infinity, maxIntermediateRows: Infinity, maxMvExpandRows: Infinity, maxRangeRows: Infinity });
  }

  /** Throws KQL_CANCELLED or KQL_TIMEOUT when the run must stop. Cheap enough to call every few thousand rows. */
  poll(): void {
    if (this.signal?.aborted) {
      const reason: unknown = this.signal.reason;
      const why = reason instanceof Error ? `: ${reason.message}` : typeof reason === "string" ? `: ${reason}` : "";
      throw new KqlError({ code: "KQL_CANCELLED", message: `the query was cancelled${why}` });
    }
    if (this.deadline !== Infinity && Date.now() > this.deadline) {
      throw new KqlError({ code: "KQL_TIMEOUT", message: `the query ran longer than its ${this.limits.timeoutMs} ms timeout` });
    }
  }

  /** Fails when an operator would produce more rows than maxIntermediateRows. */
  rows(count: number, what: string, span?: Span): void {
    if (count > this.limits.maxIntermediateRows) {
      throw new KqlError({ code: "KQL_LIMIT", message: `${what} would produce more than ${this.limits.maxIntermediateRows} rows (maxIntermediateRows)`, ...(span ? { span } : {}) });
    }
  }

  /** Fails when one operator-specific limit is exceeded. */
  exceed(count: number, limit: number, name: keyof RunLimits, what: string, span?: Span): void {
    if (count > limit) throw new KqlError({ code: "KQL_LIMIT", message: `${what} would produce more than ${limit} rows (${name})`, ...(span ? { span } : {}) });
  }
}
