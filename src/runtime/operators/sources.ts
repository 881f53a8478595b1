/** Tables that come from the query text itself: datatable, print, range. */
import type { DatatableNode, PrintNode, RangeNode } from "../../binder/plan.js";
import { KqlError } from "../../errors.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table } from "../table.js";
import type { Value } from "../values.js";

export function runDatatable(node: DatatableNode): Table {
  return new Table(
    node.schema,
    node.schema.map((col, c) => new ArrayColumn(col.type, node.rows.map((r) => r[c] as Value))),
    node.rows.length,
  );
}

export function runPrint(node: PrintNode, env: ExecutionEnv): Table {
  const empty = Table.empty([]);
  return new Table(
    node.schema,
    node.exprs.map((e) => new ArrayColumn(e.type, [compileExpr(e, empty, env)(0)])),
    1,
  );
}

export function runRange(node: RangeNode, env: ExecutionEnv): Table {
  const empty = Table.empty([]);
  const from = compileExpr(node.from, empty, env)(0);
  const to = compileExpr(node.to, empty, env)(0);
  const step = compileExpr(node.step, empty, env)(0);
  const values: Value[] = [];
  const type = node.schema[0]!.type;
  if (from === null || to === null || step === null) return new Table(node.schema, [new ArrayColumn(type, [])], 0);
  const guard = env.guard;
  const maxRows = Math.min(guard.limits.maxRangeRows, guard.limits.maxIntermediateRows);
  const tooMany = (): never => {
    throw new KqlError({ code: "KQL_LIMIT", message: `range would make more than ${maxRows} rows (${maxRows === guard.limits.maxRangeRows ? "maxRangeRows" : "maxIntermediateRows"})`, span: node.span });
  };
  if (typeof from === "bigint") {
    const s = step as bigint;
    const t = to as bigint;
    if (s === 0n) return new Table(node.schema, [new ArrayColumn(type, [])], 0);
    for (let v = from; s > 0n ? v <= t : v >= t; v += s) {
      values.push(v);
      if (values.length > maxRows) tooMany();
      if ((values.length & POLL_MASK) === 0) guard.poll();
    }
  } else {
    const f = Number(from);
    const t = Number(to);
    const s = Number(step);
    if (s === 0 || !Number.isFinite(s)) return new Table(node.schema, [new ArrayColumn(type, [])], 0);
    for (let k = 0; ; k++) {
      const v = f + k * s;
      if (s > 0 ? v > t : v < t) break;
      values.push(v);
      if (values.length > maxRows) tooMany();
      if ((values.length & POLL_MASK) === 0) guard.poll();
    }
  }
  return new Table(node.schema, [new ArrayColumn(type, values)], values.length);
}
