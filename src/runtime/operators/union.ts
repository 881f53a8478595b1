import type { UnionNode } from "../../binder/plan.js";
import { ConcatColumn, ConstantColumn, Table } from "../table.js";

/** Stacks the inputs; a column an input lacks reads as null there. */
export function runUnion(node: UnionNode, inputs: Table[]): Table {
  const length = inputs.reduce((n, t) => n + t.length, 0);
  const offset = node.withSource ? 1 : 0;
  const columns = node.schema.slice(offset).map((col, c) => {
    const parts = inputs.map((t, k) => {
      const source = node.columnMaps[k]![c]!;
      return source >= 0 ? t.columns[source]! : new ConstantColumn(col.type, col.type === "string" ? "" : null, t.length);
    });
    return parts.length === 1 ? parts[0]! : new ConcatColumn(col.type, parts);
  });
  if (node.withSource) {
    const labels = node.withSource.labels;
    columns.unshift(new ConcatColumn("string", inputs.map((t, k) => new ConstantColumn("string", labels[k] ?? "", t.length))));
  }
  return new Table(node.schema, columns, length);
}
