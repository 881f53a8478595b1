/**
 * arg_max / arg_min over a datetime column of the caller's rows without a bigint per row. Each row's
 * datetime is read once as two numbers, whole seconds and the ticks within the second, which order as the
 * instants do; ISO-8601 UTC text (what logs hold) is read straight into them, any other form through the
 * column's reader. The rules are those of `AggregateFunctionDef.extremeRowOf` and `extremeValueOf`; max
 * and min over a datetime column (`StartTime = min(TimeGenerated)`, in most hunting queries) use it too.
 */
import type { GroupedAccumulator } from "../../functions/types.js";
import { POLL_MASK, type ExecutionGuard } from "../guard.js";
import type { RowObjectColumn } from "../table.js";
import { ISO_PARTS, isoUtcParts, ticksToParts } from "../values.js";

/** A datetime column's instants as numbers: whole seconds, ticks within the second, and whether there is one. */
export interface DatetimeParts {
  seconds: Float64Array;
  ticks: Float64Array;
  present: Uint8Array;
}

export function datetimeParts(column: RowObjectColumn, guard: ExecutionGuard): DatetimeParts {
  const n = column.length;
  const seconds = new Float64Array(n);
  const ticks = new Float64Array(n);
  const present = new Uint8Array(n);
  const rawAt = column.rawReader();
  for (let i = 0; i < n; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    const raw = rawAt(i);
    if (!(typeof raw === "string" && isoUtcParts(raw))) {
      const v = column.get(i) as bigint | null;
      if (v === null) continue;
      ticksToParts(v);
    }
    seconds[i] = ISO_PARTS.seconds;
    ticks[i] = ISO_PARTS.ticks;
    present[i] = 1;
  }
  return { seconds, ticks, present };
}

/**
 * The grouped form of the aggregate over `column` (read as `parts`); `add(g, args)` reads the row from
 * args[1] and ignores args[0]. With `result: "row"` a group's result is its extreme row (arg_max, arg_min:
 * `extremeRowOf`); with "value" it is that row's datetime, or null (max, min: `extremeValueOf`).
 */
export function datetimeExtreme(column: RowObjectColumn, parts: DatetimeParts, extreme: "max" | "min", result: "row" | "value"): GroupedAccumulator {
  const { seconds, ticks, present } = parts;
  const sign = extreme === "max" ? 1 : -1;
  const best: number[] = [];
  const first: number[] = [];
  return {
    addGroup: () => {
      best.push(-1);
      first.push(-1);
    },
    add: (g, args) => {
      const row = args[1] as number;
      if (first[g] === -1) first[g] = row;
      if (present[row] === 0) return;
      const b = best[g]!;
      if (b === -1) {
        best[g] = row;
        return;
      }
      const order = seconds[row] !== seconds[b] ? seconds[row]! - seconds[b]! : ticks[row]! - ticks[b]!;
      if (order * sign > 0) best[g] = row;
    },
    result:
      result === "row"
        ? (g) => (best[g] !== -1 ? best[g]! : first[g] !== -1 ? first[g]! : null)
        : (g) => (best[g] !== -1 ? column.get(best[g]!) : null),
  };
}
