import type { SortNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import type { Table } from "../table.js";
import { compareValues, type Value } from "../values.js";

function isNullish(v: Value): boolean {
  return v === null || (typeof v === "number" && Number.isNaN(v));
}

/**
 * sort / order by / top. Keys are computed once per row, then a stable sort of row numbers. Nulls (and
 * NaN, which sits beside them) go first or last as each key says.
 */
export function runSort(node: SortNode, input: Table, env: ExecutionEnv): Table {
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
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((x, y) => {
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
  });
  let limit = n;
  if (node.limit && node.limit.k === "const" && typeof node.limit.value === "number") limit = Math.max(0, Math.min(n, Math.floor(node.limit.value)));
  return input.select(Int32Array.from(order.slice(0, limit)));
}
