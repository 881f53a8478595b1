import type { TopNestedNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table } from "../table.js";
import { compareValues, hashKey, type Value } from "../values.js";

/**
 * top-nested: level by level, the rows of each kept group are grouped by the level's value, ranked by
 * its aggregate (nulls last, ties in first-seen order) and cut to the level's count; a leaf group gives
 * one output row with every level's value and aggregate.
 */
export function runTopNested(node: TopNestedNode, input: Table, env: ExecutionEnv): Table {
  const levels = node.levels.map((l) => ({ ...l, ofFn: compileExpr(l.of, input, env), argFns: l.aggregate.args.map((e) => compileExpr(e, input, env)) }));
  const out: Value[][] = node.schema.map(() => []);
  const prefix: Value[] = [];
  let polled = 0;
  const visit = (k: number, rows: number[]): void => {
    if (k === levels.length) {
      prefix.forEach((v, c) => out[c]!.push(v));
      return;
    }
    const level = levels[k]!;
    const groups = new Map<unknown, { value: Value; rows: number[]; acc: ReturnType<typeof level.aggregate.factory> }>();
    const buf = new Array<Value>(level.argFns.length);
    for (const i of rows) {
      if ((polled++ & POLL_MASK) === 0) env.guard.poll();
      const v = level.ofFn(i);
      const key = hashKey(v);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { value: v, rows: [], acc: level.aggregate.factory() }));
      g.rows.push(i);
      for (let j = 0; j < buf.length; j++) buf[j] = level.argFns[j]!(i);
      g.acc.add(buf);
    }
    const ranked = [...groups.values()].map((g) => ({ ...g, result: g.acc.result() }));
    ranked.sort((a, b) => {
      if (a.result === null || b.result === null) return a.result === null ? (b.result === null ? 0 : 1) : -1;
      const c = compareValues(a.result, b.result);
      return level.descending ? -c : c;
    });
    for (const g of ranked.slice(0, level.count ?? ranked.length)) {
      prefix.push(g.value, g.result);
      visit(k + 1, g.rows);
      prefix.length -= 2;
    }
  };
  const all = Array.from({ length: input.length }, (_, i) => i);
  if (input.length > 0) visit(0, all);
  return new Table(node.schema, node.schema.map((c, i) => new ArrayColumn(c.type, out[i]!)), out[0]?.length ?? 0);
}
