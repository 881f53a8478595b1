import type { MakeSeriesNode } from "../../binder/plan.js";
import type { Accumulator } from "../../functions/types.js";
import { KqlError } from "../../errors.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table } from "../table.js";
import { formatDateTime, formatTimespan, type DynamicValue, type Value } from "../values.js";
import { keyFunction } from "./keys.js";

/** The most bins one series may have, so a tiny step over a long range fails instead of exhausting memory. */
const MAX_BINS = 1_000_000;

/**
 * make-series: rows are grouped by the keys and binned on the axis (bin k holds axis values in
 * [start + k*step, start + (k+1)*step)); each group gets one accumulator per aggregate and bin. Without
 * `from`/`to` the range is the data's own, from its smallest axis value binned down to its largest.
 */
export function runMakeSeries(node: MakeSeriesNode, input: Table, env: ExecutionEnv): Table {
  const empty = Table.empty([]);
  // Datetime and timespan axes bin in bigint ticks (doubles cannot hold today's ticks exactly).
  const ticks = node.axis.type === "datetime" || node.axis.type === "timespan";
  const toAxis = (v: Value): bigint | number => (ticks ? (v as bigint) : Number(v));
  const step = toAxis(compileExpr(node.step, empty, env)(0));
  if (!(step > 0)) throw new KqlError({ code: "KQL_ARGUMENTS", message: "make-series step must be positive" });
  const axis = compileExpr(node.axis, input, env);
  const n = input.length;
  const axisValues: (bigint | number | null)[] = new Array(n);
  let lo: bigint | number | null = null;
  let hi: bigint | number | null = null;
  for (let i = 0; i < n; i++) {
    const v = axis(i);
    const x = v === null ? null : toAxis(v);
    axisValues[i] = x;
    if (x !== null) {
      if (lo === null || x < lo) lo = x;
      if (hi === null || x > hi) hi = x;
    }
  }
  const floorTo = (x: bigint | number): bigint | number => {
    if (typeof x === "bigint") {
      const q = x / (step as bigint);
      return (x % (step as bigint) < 0n ? q - 1n : q) * (step as bigint);
    }
    return Math.floor(x / (step as number)) * (step as number);
  };
  const fromValue = node.from ? compileExpr(node.from, empty, env)(0) : null;
  const toValue = node.to ? compileExpr(node.to, empty, env)(0) : null;
  const zero = ticks ? 0n : 0;
  const start = fromValue !== null ? toAxis(fromValue) : lo === null ? zero : floorTo(lo);
  const end = toValue !== null ? toAxis(toValue) : hi === null ? start : ticks ? (floorTo(hi) as bigint) + (step as bigint) : (floorTo(hi) as number) + (step as number);
  const span = ticks ? Number((end as bigint) - (start as bigint)) : (end as number) - (start as number);
  const bins = Math.max(0, Math.ceil(span / Number(step)));
  if (bins > MAX_BINS) throw new KqlError({ code: "KQL_LIMIT", message: `make-series would make ${bins} bins (at most ${MAX_BINS})`, span: node.span });
  const binOf = (x: bigint | number): number =>
    ticks ? Number(((x as bigint) - (start as bigint)) / (step as bigint)) : Math.floor(((x as number) - (start as number)) / (step as number));

  const keyFns = node.keys.map((k) => compileExpr(k, input, env));
  const key = keyFunction(keyFns);
  const argFns = node.aggregates.map((a) => a.args.map((e) => compileExpr(e, input, env)));
  const groups = new Map<unknown, number>();
  const groupKeys: Value[][] = [];
  const cells: (Accumulator | undefined)[][][] = []; // group -> aggregate -> bin
  const buffers = node.aggregates.map((a) => new Array<Value>(a.args.length));
  const guard = env.guard;
  for (let i = 0; i < n; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    const k = key(i);
    let g = groups.get(k);
    if (g === undefined) {
      g = groupKeys.length;
      groups.set(k, g);
      groupKeys.push(keyFns.map((f) => f(i)));
      cells.push(node.aggregates.map(() => new Array(bins)));
    }
    const x = axisValues[i]!;
    if (x === null || x < start || x >= end) continue;
    const bin = binOf(x);
    node.aggregates.forEach((a, ai) => {
      const fns = argFns[ai]!;
      const buf = buffers[ai]!;
      for (let j = 0; j < fns.length; j++) buf[j] = fns[j]!(i);
      const row = cells[g!]![ai]!;
      (row[bin] ??= a.factory()).add(buf);
    });
  }
  if (node.nonEmpty && node.keys.length === 0 && groupKeys.length === 0) {
    groupKeys.push([]);
    cells.push(node.aggregates.map(() => new Array(bins)));
  }
  const axisArray: DynamicValue[] = [];
  for (let b = 0; b < bins; b++) {
    if (ticks) {
      const v = (start as bigint) + BigInt(b) * (step as bigint);
      axisArray.push(node.axis.type === "datetime" ? formatDateTime(v) : formatTimespan(v));
    } else axisArray.push((start as number) + b * (step as number));
  }
  const groupCount = groupKeys.length;
  const columns = node.schema.map((col, c) => {
    if (c < node.keys.length) return new ArrayColumn(col.type, groupKeys.map((gk) => gk[c]!));
    const ai = c - node.keys.length;
    if (ai < node.aggregates.length) {
      const fallback = node.defaults[ai]!;
      return new ArrayColumn(
        "dynamic",
        cells.map((perAgg) => Array.from(perAgg[ai]!, (acc) => (acc ? (toDynamicValue(acc.result()) ?? fallback) : fallback)) as DynamicValue[]),
      );
    }
    return new ArrayColumn("dynamic", Array.from({ length: groupCount }, () => axisArray.slice()));
  });
  return new Table(node.schema, columns, groupCount);
}

function toDynamicValue(v: Value): Value {
  if (typeof v === "bigint") return Number(v);
  return v;
}
