import type { SortNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK, type ExecutionGuard } from "../guard.js";
import type { Table } from "../table.js";
import { compareValues, type Value } from "../values.js";
import { constantCount } from "./simple.js";

function isNullish(v: Value): boolean {
  return v === null || (typeof v === "number" && Number.isNaN(v));
}

/**
 * sort / order by / top. Keys are computed once per row, then the row numbers are ordered by them, ties
 * by row number (a stable sort). Nulls (and NaN, which sits beside them) go first or last as each key says.
 * `take` is the count of a take directly above (the executor runs `sort | take N` as one operator): with
 * `top N` it keeps the first min(N, take) rows. Keeping few rows, they are chosen with a bounded heap,
 * O(n log k) instead of sorting every row; the order is total, so the rows kept are the same either way.
 */
export function runSort(node: SortNode, input: Table, env: ExecutionEnv, take?: number): Table {
  const n = input.length;
  const keys = node.keys.map((k) => {
    const f = compileExpr(k.expr, input, env);
    const values = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      if ((i & POLL_MASK) === 0) env.guard.poll();
      values[i] = f(i);
    }
    return { values, descending: k.descending, nullsFirst: k.nullsFirst };
  });
  const compare = (x: number, y: number): number => {
    for (const k of keys) {
      const a = k.values[x]!;
      const b = k.values[y]!;
      const an = isNullish(a);
      const bn = isNullish(b);
      if (an || bn) {
        if (an && bn) continue;
        return an === k.nullsFirst ? -1 : 1;
      }
      const c = compareValues(a, b);
      if (c !== 0) return k.descending ? -c : c;
    }
    return x - y;
  };
  const limit = Math.min(n, constantCount(node.limit) ?? n, take ?? n);
  // A heap pays a log-k sift per row that enters it; past a fraction of the rows, sorting them all is cheaper.
  if (limit <= n / 8) return input.select(firstInOrder(n, limit, compare, env.guard));
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort(compare);
  return input.select(Int32Array.from(order.slice(0, limit)));
}

/**
 * The first `k` of rows 0..n-1 in `compare`'s order (a total order), in that order: a max-heap of the best
 * k seen so far, whose root (the worst of them) each later row must beat to enter.
 */
export function firstInOrder(n: number, k: number, compare: (x: number, y: number) => number, guard: ExecutionGuard): Int32Array {
  if (k <= 0) return new Int32Array(0);
  const heap = new Int32Array(k);
  let size = 0;
  const siftDown = (at: number): void => {
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      const right = left + 1;
      const worse = right < size && compare(heap[right]!, heap[left]!) > 0 ? right : left;
      if (compare(heap[worse]!, heap[at]!) <= 0) return;
      [heap[at], heap[worse]] = [heap[worse]!, heap[at]!];
      at = worse;
    }
  };
  for (let row = 0; row < n; row++) {
    if ((row & POLL_MASK) === 0) guard.poll();
    if (size < k) {
      // Sift up: the new row rises past every parent it is worse than.
      let at = size++;
      heap[at] = row;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (compare(heap[at]!, heap[parent]!) <= 0) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
    } else if (compare(row, heap[0]!) < 0) {
      heap[0] = row;
      siftDown(0);
    }
  }
  return heap.subarray(0, size).sort(compare);
}
