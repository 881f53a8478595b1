import type { SequenceDetectNode } from "../../binder/plan.js";
import { compileExpr, evaluateAll, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import type { Value } from "../values.js";
import { grouper } from "./keys.js";

/**
 * evaluate sequence_detect: rows are grouped by the dimensions and ordered by time (ties keep input
 * order); a sequence is a chain of distinct rows, the k-th matching step k, each at or after the one
 * before and at most MaxSequenceStepWindow later, the last at most MaxSequenceSpan after the first. Every
 * such chain is a result row, as the reference's example lists one start with each later end (the
 * reference does not say more; docs/semantics.md). Rows with a null time take no part.
 */
export function runSequenceDetect(node: SequenceDetectNode, input: Table, env: ExecutionEnv): Table {
  // Each row's time is read once here; the chain search below reads it many times.
  const time = evaluateAll(node.timeline, input, env);
  const stepFns = node.steps.map((s) => compileExpr(s, input, env));
  const dimFns = node.dims.map((d) => compileExpr(d, input, env));
  const groupOf = grouper(dimFns);
  const groups: number[][] = [];
  for (let r = 0; r < input.length; r++) {
    if ((r & POLL_MASK) === 0) env.guard.poll();
    if (typeof time[r] !== "bigint") continue;
    groups[groupOf(r, () => groups.push([]) - 1)]!.push(r);
  }
  const dimValues: Value[][] = node.dims.map(() => []);
  const stepTimes: Value[][] = node.steps.map(() => []);
  const durations: Value[] = [];
  let visited = 0;
  for (const rows of groups) {
    rows.sort((a, b) => {
      const d = (time[a] as bigint) - (time[b] as bigint);
      return d < 0n ? -1 : d > 0n ? 1 : a - b;
    });
    /** The times by position in time order. */
    const times = rows.map((r) => time[r] as bigint);
    // Per step, the positions (in time order) of the rows that match it.
    const matching = stepFns.map((f) => rows.flatMap((r, pos) => (f(r) === true ? [pos] : [])));
    const chain: number[] = [];
    const extend = (step: number, from: number): void => {
      if ((++visited & POLL_MASK) === 0) env.guard.poll();
      if (step === stepFns.length) {
        node.dims.forEach((_, d) => dimValues[d]!.push(dimFns[d]!(rows[chain[0]!]!)));
        chain.forEach((pos, s) => stepTimes[s]!.push(times[pos]!));
        durations.push(times[chain[chain.length - 1]!]! - times[chain[0]!]!);
        return;
      }
      const prev = step === 0 ? undefined : times[chain[step - 1]!]!;
      const start = step === 0 ? undefined : times[chain[0]!]!;
      for (const pos of matching[step]!) {
        if (pos < from) continue;
        const t = times[pos]!;
        if (prev !== undefined && start !== undefined) {
          // Rows are in time order: once past either window, no later row fits.
          if (t - prev > node.maxStep || t - start > node.maxSpan) break;
        }
        chain.push(pos);
        extend(step + 1, pos + 1);
        chain.pop();
      }
    };
    extend(0, 0);
  }
  const columns: Column[] = [
    ...node.dims.map((d, i) => new ArrayColumn(d.type, dimValues[i]!)),
    ...node.steps.map((_, i) => new ArrayColumn("datetime", stepTimes[i]!)),
    new ArrayColumn("timespan", durations),
  ];
  return new Table(node.schema, columns, durations.length);
}
