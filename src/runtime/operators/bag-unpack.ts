import type { BagUnpackNode } from "../../binder/plan.js";
import type { ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import { isBag, type DynamicValue, type Value } from "../values.js";
import { castTo } from "./mv-expand.js";

/**
 * evaluate bag_unpack: input columns pass through unchanged; each slot column reads its key from the
 * row's bag (null where the row has no bag or no such slot), cast to the column's bound type.
 */
export function runBagUnpack(node: BagUnpackNode, input: Table, env: ExecutionEnv): Table {
  const source = input.columns[node.source]!;
  const slots = node.outputs.flatMap((o, c) => (o.from === "slot" ? [{ key: o.key, column: c, values: [] as Value[] }] : []));
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) env.guard.poll();
    const bag = source.get(i);
    const isB = isBag(bag);
    for (const s of slots) {
      const v = isB && Object.prototype.hasOwnProperty.call(bag, s.key) ? (bag[s.key] as DynamicValue) : null;
      s.values.push(castTo(node.schema[s.column]!.type, v));
    }
  }
  let k = 0;
  const columns: Column[] = node.outputs.map((o, c) => (o.from === "input" ? input.columns[o.index]! : new ArrayColumn(node.schema[c]!.type, slots[k++]!.values)));
  return new Table(node.schema, columns, input.length);
}
