/**
 * arg_max / arg_min over a datetime column of the caller's rows without a bigint per row. Each row's
 * datetime is read at most once as two numbers, whole seconds and the ticks within the second, which order
 * as the instants do; ISO-8601 UTC text (what logs hold) is read straight into them, any other form through
 * the column's reader. A row is read only when it competes with another row of its group: a group's first
 * row is its tentative extreme, unread, so the many groups of one row (`arg_max(TimeGenerated, *) by
 * IndicatorId`) never read their instant at all. The rules are those of `AggregateFunctionDef.extremeRowOf`
 * and `extremeValueOf`; max and min over a datetime column (`StartTime = min(TimeGenerated)`, in most
 * hunting queries) use it too.
 */
import type { GroupedAccumulator } from "../../functions/types.js";
import type { RowObjectColumn } from "../table.js";
import { ISO_PARTS, isoUtcParts, partsToTicks, ticksToParts } from "../values.js";

/** A row's `state`: no datetime, a datetime read into `seconds` and `ticks`, or not read yet (see `readRows`). */
const NONE = 0;
const READ = 1;
const UNREAD = 2;

/**
 * A datetime column's instants as numbers, by row number: whole seconds, ticks within the second, and
 * whether there is one (READ), there is none (NONE), or it is not read yet (UNREAD). Filled row by row as
 * summarize sees its rows (`datetimePartsWriter`), so it grows.
 */
export interface DatetimeParts {
  seconds: Float64Array;
  ticks: Float64Array;
  state: Uint8Array;
  /** The input row each row's value is read from, when it is first needed. */
  readRows: Int32Array;
}

/** A column's parts, filled by `write` as rows arrive, and `read(at)`: whether row `at` holds a datetime (reading it if needed). */
export interface DatetimePartsWriter {
  parts: DatetimeParts;
  write(readRow: number, at: number): void;
  read(at: number): boolean;
}

/**
 * Notes where the datetime of `column` at `readRow` is, as row `at`; `read(at)` reads it into `parts`
 * the first time it is asked for: ISO text straight into the two numbers, any other form through the
 * column's reader. `at` numbers the rows summarize keeps (they are the rows a winning row number refers
 * to), which inside a filter's pass differ from the rows read. Reading later is safe: the column is one of
 * the caller's rows (never a value the pass computes for the current row only), readable at any row.
 */
export function datetimePartsWriter(column: RowObjectColumn): DatetimePartsWriter {
  const parts: DatetimeParts = {
    seconds: new Float64Array(1024),
    ticks: new Float64Array(1024),
    state: new Uint8Array(1024),
    readRows: new Int32Array(1024),
  };
  const rawAt = column.rawReader();
  const grow = (at: number): void => {
    const size = Math.max(at + 1, parts.seconds.length * 2);
    const seconds = new Float64Array(size);
    const ticks = new Float64Array(size);
    const state = new Uint8Array(size);
    const readRows = new Int32Array(size);
    seconds.set(parts.seconds);
    ticks.set(parts.ticks);
    state.set(parts.state);
    readRows.set(parts.readRows);
    Object.assign(parts, { seconds, ticks, state, readRows });
  };
  return {
    parts,
    write: (readRow, at) => {
      if (at >= parts.seconds.length) grow(at);
      parts.readRows[at] = readRow;
      parts.state[at] = UNREAD;
    },
    read: (at) => {
      const state = parts.state[at]!;
      if (state !== UNREAD) return state === READ;
      const readRow = parts.readRows[at]!;
      const raw = rawAt(readRow);
      if (!(typeof raw === "string" && isoUtcParts(raw))) {
        const v = column.get(readRow) as bigint | null;
        if (v === null) {
          parts.state[at] = NONE;
          return false;
        }
        ticksToParts(v);
      }
      parts.seconds[at] = ISO_PARTS.seconds;
      parts.ticks[at] = ISO_PARTS.ticks;
      parts.state[at] = READ;
      return true;
    },
  };
}

/**
 * The grouped form of the aggregate over a column read through `writer`; `add(g, args)` reads the row
 * from args[1] and ignores args[0]. With `result: "row"` a group's result is its extreme row (arg_max,
 * arg_min: `extremeRowOf`); with "value" it is that row's datetime, or null (max, min: `extremeValueOf`),
 * rebuilt from its parts exactly.
 *
 * `best[g]` starts as the group's first row, unread: alone, that row is the answer whether or not it holds
 * a datetime (the extreme row, or the first row when none does), so it is read only when a second row
 * comes, or for a "value" result. Ties keep the earlier row, as before.
 */
export function datetimeExtreme(writer: DatetimePartsWriter, extreme: "max" | "min", result: "row" | "value"): GroupedAccumulator {
  const { parts, read } = writer;
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
      if (first[g] === -1) {
        first[g] = row;
        best[g] = row;
        return;
      }
      if (!read(row)) return;
      let b = best[g]!;
      if (b !== -1 && !read(b)) b = best[g] = -1;
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
        : (g) => {
            const b = best[g]!;
            return b !== -1 && read(b) ? partsToTicks(parts.seconds[b]!, parts.ticks[b]!) : null;
          },
  };
}
