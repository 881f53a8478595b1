import type { MvExpandNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import { isBag, newBag, parseDateTime, parseGuid, parseTimespan, type DynamicValue, type Value } from "../values.js";
import type { ScalarType } from "../../types.js";

const ONE_NULL: readonly DynamicValue[] = [null];

/** The elements a dynamic value expands to: null gives one null, an empty array or bag none, a scalar itself. */
function elementsOf(v: Value, bagExpansion: "bag" | "array"): readonly DynamicValue[] {
  if (v === null || v === undefined) return ONE_NULL;
  if (Array.isArray(v)) return v as DynamicValue[];
  if (isBag(v)) {
    return Object.keys(v).map((k) => {
      if (bagExpansion === "array") return [k, v[k]!];
      const single = newBag();
      single[k] = v[k]!;
      return single;
    });
  }
  return [v as DynamicValue];
}

/** `to typeof(T)` only casts: an element that is not already of that kind becomes null. */
export function castTo(type: ScalarType, v: DynamicValue): Value {
  if (type === "dynamic") return v;
  if (v === null) return type === "string" ? "" : null;
  switch (type) {
    case "string":
      return typeof v === "string" ? v : JSON.stringify(v);
    case "bool":
      return typeof v === "boolean" ? v : null;
    case "int":
    case "long":
      return typeof v === "number" ? Math.trunc(v) : typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : null;
    case "real":
    case "decimal":
      return typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : null;
    case "datetime":
      return typeof v === "string" ? parseDateTime(v) : null;
    case "timespan":
      return typeof v === "string" ? parseTimespan(v) : null;
    case "guid":
      return typeof v === "string" ? parseGuid(v) : null;
  }
}

/**
 * Expands arrays and property bags into rows. The input's other columns are not copied: the output
 * selects input rows repeatedly through one index vector; only the expanded values are new arrays.
 */
export function runMvExpand(node: MvExpandNode, input: Table, env: ExecutionEnv): Table {
  return expandRows(node, input, env).table;
}

/** mv-expand's output and, for each output row, the input row it came from (in order). */
export function expandRows(node: MvExpandNode, input: Table, env: ExecutionEnv): { table: Table; sourceRows: number[] } {
  const fns = node.items.map((it) => compileExpr(it.expr, input, env));
  const types = node.items.map((it) => it.toType);
  const width = fns.length;
  const rowsOut: number[] = [];
  const expanded: Value[][] = node.items.map(() => []);
  const wantIndex = node.itemIndex !== undefined;
  const indexes: Value[] = [];
  const guard = env.guard;
  const maxRows = Math.min(guard.limits.maxMvExpandRows, guard.limits.maxIntermediateRows);
  // One reused array of the row's element lists: nothing is allocated per input row but the elements.
  const lists = new Array<readonly DynamicValue[]>(width);
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    let longest = 0;
    for (let c = 0; c < width; c++) {
      const l = elementsOf(fns[c]!(i), node.bagExpansion);
      lists[c] = l;
      if (l.length > longest) longest = l.length;
    }
    const count = Math.min(node.limit, longest);
    if (rowsOut.length + count > maxRows) {
      if (maxRows === guard.limits.maxMvExpandRows) guard.exceed(rowsOut.length + count, maxRows, "maxMvExpandRows", "mv-expand", node.span);
      guard.rows(rowsOut.length + count, "mv-expand", node.span);
    }
    for (let k = 0; k < count; k++) {
      rowsOut.push(i);
      for (let c = 0; c < width; c++) {
        const l = lists[c]!;
        expanded[c]!.push(castTo(types[c]!, k < l.length ? l[k]! : null));
      }
      if (wantIndex) indexes.push(k);
    }
  }
  const selected = input.select(Int32Array.from(rowsOut));
  const columns: Column[] = node.schema.map((col, c) => {
    const item = node.items.findIndex((it) => it.target === c);
    if (item >= 0) return new ArrayColumn(col.type, expanded[item]!);
    if (c === node.itemIndex) return new ArrayColumn("long", indexes);
    return selected.columns[c]!;
  });
  return { table: new Table(node.schema, columns, rowsOut.length), sourceRows: rowsOut };
}
