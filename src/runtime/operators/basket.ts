import type { BasketNode } from "../../binder/plan.js";
import type { ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import type { Value } from "../values.js";
import { keyFunction } from "./keys.js";

interface Item {
  column: number;
  value: Value;
  rows: Int32Array;
}

interface Pattern {
  items: Item[];
  support: number;
  order: number;
}

/** A value that can be an item: null (and the empty string, basket's own wildcard) constrain nothing. */
function isItemValue(v: Value): boolean {
  return v !== null && v !== undefined && v !== "";
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[k++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, k);
}

/**
 * evaluate basket: Apriori's frequent patterns, computed exactly (Kusto samples to find the first
 * frequent values; docs/semantics.md). A pattern is a set of (column = value) items on distinct columns,
 * at most MaxDimensions of them, whose rows weigh at least Threshold of the total. Like the reference's
 * example output, only closed patterns are kept: a pattern is dropped when adding one more column leaves
 * its rows unchanged (that longer pattern says more about the same rows). Rows: Count descending, then
 * the longer pattern first, then the order found (columns in input order).
 */
export function runBasket(node: BasketNode, input: Table, env: ExecutionEnv): Table {
  const n = input.length;
  const weights = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) {
    let w = 1;
    if (node.weight !== undefined) {
      const raw = input.columns[node.weight]!.get(r);
      w = typeof raw === "number" && Number.isFinite(raw) && raw > 0 ? raw : 0;
    }
    weights[r] = w;
    total += w;
  }
  const weightOf = (rows: Int32Array): number => {
    let s = 0;
    for (let i = 0; i < rows.length; i++) s += weights[rows[i]!]!;
    return s;
  };
  const minSupport = node.threshold * total;
  const columnValues = node.columns.map((c) => input.columns[c]!);
  // One key function per column for the whole run: the pattern search below asks for them at every step.
  const columnKeys = columnValues.map((col) => keyFunction([col.reader()]));
  const frequentByColumn: Item[][] = [];
  for (let p = 0; p < node.columns.length; p++) {
    const c = node.columns[p]!;
    const col = columnValues[p]!;
    const key = columnKeys[p]!;
    const groups = new Map<unknown, { value: Value; rows: number[] }>();
    for (let r = 0; r < n; r++) {
      if ((r & POLL_MASK) === 0) env.guard.poll();
      const v = col.get(r);
      if (!isItemValue(v) || weights[r] === 0) continue;
      const k = key(r);
      const g = groups.get(k);
      if (g) g.rows.push(r);
      else groups.set(k, { value: v, rows: [r] });
    }
    const items: Item[] = [];
    for (const g of groups.values()) {
      const rows = Int32Array.from(g.rows);
      if (total > 0 && weightOf(rows) >= minSupport) items.push({ column: c, value: g.value, rows });
    }
    frequentByColumn.push(items);
  }
  const patterns: Pattern[] = [];
  /** Whether some column outside the pattern holds one value on every (weighted) row of it. */
  const extendsWithoutLoss = (items: Item[], rows: Int32Array): boolean => {
    if (items.length >= node.maxDimensions) return false;
    const used = new Set(items.map((i) => i.column));
    for (let p = 0; p < node.columns.length; p++) {
      if (used.has(node.columns[p]!)) continue;
      const col = columnValues[p]!;
      const key = columnKeys[p]!;
      let first: unknown;
      let same = true;
      let seen = false;
      for (let i = 0; i < rows.length && same; i++) {
        const r = rows[i]!;
        if (weights[r] === 0) continue;
        if (!isItemValue(col.get(r))) {
          same = false;
          break;
        }
        const k = key(r);
        if (!seen) {
          first = k;
          seen = true;
        } else if (k !== first) same = false;
      }
      if (same && seen) return true;
    }
    return false;
  };
  let steps = 0;
  const grow = (items: Item[], rows: Int32Array, from: number): void => {
    for (let p = from; p < frequentByColumn.length; p++) {
      for (const item of frequentByColumn[p]!) {
        if ((++steps & POLL_MASK) === 0) env.guard.poll();
        const next = items.length === 0 ? item.rows : intersect(rows, item.rows);
        const support = weightOf(next);
        if (support < minSupport || support === 0) continue;
        const grown = [...items, item];
        if (!extendsWithoutLoss(grown, next)) patterns.push({ items: grown, support, order: patterns.length });
        if (grown.length < node.maxDimensions) grow(grown, next, p + 1);
      }
    }
  };
  grow([], new Int32Array(0), 0);
  patterns.sort((a, b) => b.support - a.support || b.items.length - a.items.length || a.order - b.order);
  const width = input.schema.length;
  const cells: Value[][] = Array.from({ length: width }, () => []);
  const ids: Value[] = [];
  const counts: Value[] = [];
  const percents: Value[] = [];
  patterns.forEach((pattern, id) => {
    ids.push(id);
    counts.push(Math.round(pattern.support));
    percents.push((100 * pattern.support) / total);
    const byColumn = new Map(pattern.items.map((i) => [i.column, i.value]));
    for (let c = 0; c < width; c++) cells[c]!.push(byColumn.has(c) ? byColumn.get(c)! : node.wildcards[c]!);
  });
  const columns: Column[] = [
    new ArrayColumn("long", ids),
    new ArrayColumn("long", counts),
    new ArrayColumn("real", percents),
    ...input.schema.map((c, i) => new ArrayColumn(c.type, cells[i]!)),
  ];
  return new Table(node.schema, columns, patterns.length);
}
