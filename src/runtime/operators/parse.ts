import type { ParseNode } from "../../binder/plan.js";
import type { ScalarType } from "../../types.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import { parseDateTime, parseGuid, parseJsonDynamic, parseTimespan, valueToString, type Value } from "../values.js";

const INTEGER = /^\s*[-+]?\d+\s*$/;
const REAL = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Captured text as a typed value; undefined when it does not convert (strings always do). */
function convert(text: string, type: ScalarType): Value | undefined {
  switch (type) {
    case "string":
      return text;
    case "int":
    case "long":
      return INTEGER.test(text) ? Number(text) : undefined;
    case "real":
    case "decimal":
      return REAL.test(text) ? Number(text) : undefined;
    case "bool": {
      const t = text.trim().toLowerCase();
      return t === "true" ? true : t === "false" ? false : undefined;
    }
    case "datetime":
      return parseDateTime(text) ?? undefined;
    case "timespan":
      return parseTimespan(text) ?? undefined;
    case "guid":
      return parseGuid(text) ?? undefined;
    case "dynamic":
      return parseJsonDynamic(text);
  }
}

export function runParse(node: ParseNode, input: Table, env: ExecutionEnv): Table {
  const source = compileExpr(node.source, input, env);
  const sourceType = node.source.type;
  const values: Value[][] = node.captures.map(() => []);
  const kept: number[] = [];
  const nulls = node.captures.map((c) => (c.type === "string" ? "" : null));
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) env.guard.poll();
    const text = valueToString(source(i), sourceType);
    const m = node.regex.matcher(text);
    let row: Value[] | undefined;
    if (m.find()) {
      row = [];
      for (let c = 0; c < node.captures.length; c++) {
        const cap = node.captures[c]!;
        const v = convert(m.group(cap.group) ?? "", cap.type);
        if (v === undefined) {
          if (node.strict) {
            row = undefined;
            break;
          }
          row.push(nulls[c]!);
        } else row.push(v);
      }
    }
    if (!row) {
      if (node.dropUnmatched) continue;
      row = nulls;
    }
    kept.push(i);
    for (let c = 0; c < row.length; c++) values[c]!.push(row[c]!);
  }
  const base = node.dropUnmatched && kept.length !== input.length ? input.select(Int32Array.from(kept)) : input;
  const columns: Column[] = node.schema.map((col, c) => {
    const k = node.captures.findIndex((cap) => cap.target === c);
    return k >= 0 ? new ArrayColumn(col.type, values[k]!) : base.columns[c]!;
  });
  return new Table(node.schema, columns, kept.length);
}
