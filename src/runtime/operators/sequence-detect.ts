import type { SequenceDetectNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import type { Value } from "../values.js";
import { keyFunction } from "./keys.js";

/**
 * evaluate sequence_detect: rows are grouped by the dimensions and ordered by time (ties keep input
 * order); a sequence is a chain of distinct rows, the k-th matching step k, each at or after the one
 * before and at most MaxSequenceStepWindow later, the last at most MaxSequenceSpan after the first. Every
 * such chain is a result row, as the reference's example lists one start with each later end (the
 * reference does not say more; docs/semantics.md). Rows with a null time take no part.
 */
export function runSequenceDetect(node: SequenceDetectNode, input: Table, env: ExecutionEnv): Table {
  const timeFn = compileExpr(node.timeline, input, env);
  const stepFns = node.steps.map((s) => compileExpr(s, input, env));
  const dimFns = node.dims.map((d) => compileExpr(d, input, env));
  const key = keyFunction(dimFns);
  const groups = new Map<unknown, number[]>();
  for (let r = 0; r < input.length; r++) {
    if ((r & POLL_MASK) === 0) env.guard.poll();
    if (typeof timeFn(r) !== "bigint") continue;
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const dimValues: Value[][] = node.dims.map(() => []);
  const stepTimes: Value[][] = node.steps.map(() => []);
  const durations: Value[] = [];
  let visited = 0;
  for (const rows of groups.values()) {
    const times = new Map(rows.map((r) => [r, timeFn(r) as bigint]));
    rows.sort((a, b) => {
      const d = times.get(a)! - times.get(b)!;
      return d < 0n ? -1 : d > 0n ? 1 : a - b;
    });
    // Per step, the positions (in time order) of the rows that match it.
    const matching = stepFns.map((f) => rows.flatMap((r, pos) => (f(r) === true ? [pos] : [])));
    const chain: number[] = [];
    const extend = (step: number, from: number): void => {
      if ((++visited & POLL_MASK) === 0) env.guard.poll();
      if (step === stepFns.length) {
        const first = times.get(rows[chain[0]!]!)!;
        node.dims.forEach((_, d) => dimValues[d]!.push(dimFns[d]!(rows[chain[0]!]!)));
        chain.forEach((pos, s) => stepTimes[s]!.push(times.get(rows[pos]!)!));
        durations.push(times.get(rows[chain[chain.length - 1]!]!)! - first);
        return;
      }
      const prev = step === 0 ? undefined : times.get(rows[chain[step - 1]!]!)!;
      const start = step === 0 ? undefined : times.get(rows[chain[0]!]!)!;
      for (const pos of matching[step]!) {
        if (pos < from) continue;
        const t = times.get(rows[pos]!)!;
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
