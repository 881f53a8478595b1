import type { JoinNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { Table, type Column } from "../table.js";
import { anyNull, keyFunction } from "./keys.js";

/**
 * Hash join. The right side is hashed and the left side streamed, so output rows follow the left
 * side's order. Kinds follow Kusto: innerunique first keeps one left row per key (the first), then
 * joins it with every matching right row; semi and anti kinds return one side's columns only; outer
 * kinds fill the missing side with nulls. Rows with a null key match nothing.
 */
export function runJoin(node: JoinNode, left: Table, right: Table, env: ExecutionEnv): Table {
  const leftKeyFns = node.leftKeys.map((k) => compileExpr(k, left, env));
  const rightKeyFns = node.rightKeys.map((k) => compileExpr(k, right, env));
  const leftKey = keyFunction(leftKeyFns);
  const rightKey = keyFunction(rightKeyFns);
  const leftNull = anyNull(leftKeyFns);
  const rightNull = anyNull(rightKeyFns);
  const kind = node.kind;
  const guard = env.guard;
  const maxRows = guard.limits.maxIntermediateRows;

  const leftRows: number[] = [];
  const rightRows: number[] = [];

  if (kind === "rightsemi" || kind === "rightanti") {
    const leftKeys = new Set<unknown>();
    for (let i = 0; i < left.length; i++) {
      if ((i & POLL_MASK) === 0) guard.poll();
      if (!leftNull(i)) leftKeys.add(leftKey(i));
    }
    const wantMatch = kind === "rightsemi";
    for (let j = 0; j < right.length; j++) {
      if ((j & POLL_MASK) === 0) guard.poll();
      const matched = !rightNull(j) && leftKeys.has(rightKey(j));
      if (matched === wantMatch) rightRows.push(j);
    }
    return assemble(node, left, right, null, Int32Array.from(rightRows));
  }

  const index = new Map<unknown, number[]>();
  for (let j = 0; j < right.length; j++) {
    if ((j & POLL_MASK) === 0) guard.poll();
    if (rightNull(j)) continue;
    const k = rightKey(j);
    const bucket = index.get(k);
    if (bucket) bucket.push(j);
    else index.set(k, [j]);
  }

  if (kind === "leftsemi" || kind === "leftanti") {
    const wantMatch = kind === "leftsemi";
    for (let i = 0; i < left.length; i++) {
      if ((i & POLL_MASK) === 0) guard.poll();
      const matched = !leftNull(i) && index.has(leftKey(i));
      if (matched === wantMatch) leftRows.push(i);
    }
    return assemble(node, left, right, Int32Array.from(leftRows), null);
  }

  const keepUnmatchedLeft = kind === "leftouter" || kind === "fullouter";
  const keepUnmatchedRight = kind === "rightouter" || kind === "fullouter";
  const rightMatched = keepUnmatchedRight ? new Uint8Array(right.length) : undefined;
  const seenLeftKeys = kind === "innerunique" ? new Set<unknown>() : undefined;

  for (let i = 0; i < left.length; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    const isNull = leftNull(i);
    const k = isNull ? undefined : leftKey(i);
    if (seenLeftKeys && !isNull) {
      if (seenLeftKeys.has(k)) continue;
      seenLeftKeys.add(k);
    }
    const bucket = isNull ? undefined : index.get(k);
    if (bucket) {
      // A many-to-many key can pair up far more rows than either side has: stop at the limit, and poll
      // inside one huge bucket too, so a cancelled join stops promptly.
      if (leftRows.length + bucket.length > maxRows) guard.rows(leftRows.length + bucket.length, "join", node.span);
      if (bucket.length > POLL_MASK) guard.poll();
      for (const j of bucket) {
        leftRows.push(i);
        rightRows.push(j);
        if (rightMatched) rightMatched[j] = 1;
      }
    } else if (keepUnmatchedLeft) {
      leftRows.push(i);
      rightRows.push(-1);
    }
  }
  if (rightMatched) {
    for (let j = 0; j < right.length; j++) {
      if (!rightMatched[j]) {
        leftRows.push(-1);
        rightRows.push(j);
      }
    }
  }
  return assemble(node, left, right, Int32Array.from(leftRows), Int32Array.from(rightRows));
}

function assemble(node: JoinNode, left: Table, right: Table, leftSel: Int32Array | null, rightSel: Int32Array | null): Table {
  const l = leftSel ? left.select(leftSel) : undefined;
  const r = rightSel ? right.select(rightSel) : undefined;
  const length = (leftSel ?? rightSel)!.length;
  const columns: Column[] = node.outputs.map((o) => (o.side === "left" ? l! : r!).columns[o.index]!);
  // lookup keeps one copy of the key: for a right-only row there is none, so the key comes from the right.
  return new Table(node.schema, columns, length);
}
