/**
 * arg_max / arg_min over a datetime column of the caller's rows without a bigint per row. Each row's
 * datetime is read once as two numbers, whole seconds and the ticks within the second, which order as the
 * instants do; ISO-8601 UTC text (what logs hold) is read straight into them, any other form through the
 * column's reader. The rules are those of `AggregateFunctionDef.extremeRowOf` and `extremeValueOf`; max
 * and min over a datetime column (`StartTime = min(TimeGenerated)`, in most hunting queries) use it too.
 */
import type { GroupedAccumulator } from "../../functions/types.js";
import type { RowObjectColumn } from "../table.js";
import { ISO_PARTS, isoUtcParts, partsToTicks, ticksToParts } from "../values.js";

/**
 * A datetime column's instants as numbers, by row number: whole seconds, ticks within the second, and
 * whether there is one. Filled row by row as summarize sees its rows (`datetimePartsWriter`), so it grows.
 */
export interface DatetimeParts {
  seconds: Float64Array;
  ticks: Float64Array;
  present: Uint8Array;
}

/**
 * Reads the datetime of `column` at `readRow` into `parts` at position `at`: ISO text straight into the two
 * numbers, any other form through the column's reader. `at` numbers the rows summarize keeps (they are the
 * rows a winning row number refers to), which inside a filter's pass differ from the rows read.
 */
export function datetimePartsWriter(column: RowObjectColumn): { parts: DatetimeParts; write(readRow: number, at: number): void } {
  const parts: DatetimeParts = { seconds: new Float64Array(1024), ticks: new Float64Array(1024), present: new Uint8Array(1024) };
  const rawAt = column.rawReader();
  const grow = (at: number): void => {
    const size = Math.max(at + 1, parts.seconds.length * 2);
    const seconds = new Float64Array(size);
    const ticks = new Float64Array(size);
    const present = new Uint8Array(size);
    seconds.set(parts.seconds);
    ticks.set(parts.ticks);
    present.set(parts.present);
    Object.assign(parts, { seconds, ticks, present });
  };
  return {
    parts,
    write: (readRow, at) => {
      if (at >= parts.seconds.length) grow(at);
      const raw = rawAt(readRow);
      if (!(typeof raw === "string" && isoUtcParts(raw))) {
        const v = column.get(readRow) as bigint | null;
        if (v === null) {
          parts.present[at] = 0;
          return;
        }
        ticksToParts(v);
      }
      parts.seconds[at] = ISO_PARTS.seconds;
      parts.ticks[at] = ISO_PARTS.ticks;
      parts.present[at] = 1;
    },
  };
}

/**
 * The grouped form of the aggregate over a column read as `parts`; `add(g, args)` reads the row from
 * args[1] and ignores args[0]. With `result: "row"` a group's result is its extreme row (arg_max, arg_min:
 * `extremeRowOf`); with "value" it is that row's datetime, or null (max, min: `extremeValueOf`), rebuilt
 * from its parts exactly.
 */
export function datetimeExtreme(parts: DatetimeParts, extreme: "max" | "min", result: "row" | "value"): GroupedAccumulator {
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
      if (parts.present[row] === 0) return;
      const b = best[g]!;
      if (b === -1) {
        best[g] = row;
        return;
      }
      const { seconds, ticks } = parts;
      const order = seconds[row] !== seconds[b] ? seconds[row]! - seconds[b]! : ticks[row]! - ticks[b]!;
      if (order * sign > 0) best[g] = row;
    },
    result:
      result === "row"
        ? (g) => (best[g] !== -1 ? best[g]! : first[g] !== -1 ? first[g]! : null)
        : (g) => (best[g] !== -1 ? partsToTicks(parts.seconds[best[g]!]!, parts.ticks[best[g]!]!) : null),
  };
}
