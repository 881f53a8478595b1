import type { JoinNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK, type ExecutionGuard } from "../guard.js";
import { Table, type Column } from "../table.js";
import { keyOrNullFunction, type KeyFn } from "./keys.js";

/** One side of a join: how many rows and each row's key (undefined for a null key, which matches nothing). */
interface Side {
  length: number;
  key: KeyFn;
  /** With one string key held as an array (Column.rawStrings): its entries, a string entry being the key. */
  strings: readonly unknown[] | undefined;
}

/**
 * Row j's key: a string entry of `strings` as it is, anything else through the key function. The streamed
 * side of the benchmark's join is 283k collected strings; two closure calls per row there were a quarter
 * of the join.
 */
function keyAt(s: Side, j: number): unknown {
  const raw = s.strings !== undefined ? s.strings[j] : undefined;
  return typeof raw === "string" ? raw : s.key(j);
}

/**
 * Hash join. Kinds follow Kusto: innerunique first keeps one left row per key (the first), then joins it
 * with every matching right row; semi and anti kinds return one side's columns only; outer kinds fill the
 * missing side with nulls. The hash is built on the smaller side and the other side streamed, and the
 * pairs come out in left-row order either way (a counting sort when the right side was streamed), so
 * results do not depend on which side was hashed.
 */
export function runJoin(node: JoinNode, left: Table, right: Table, env: ExecutionEnv): Table {
  // Each row's key is read exactly once, by the loop that hashes or probes with it: reading the keys into
  // an array first would touch every key value twice, and on a streamed side of a million rows the
  // second touch is a cache miss per row (a third of the join's time at the benchmark's scale M).
  const side = (table: Table, keys: JoinNode["leftKeys"]): Side => {
    const only = keys.length === 1 && keys[0]!.k === "column" ? table.columns[keys[0]!.index] : undefined;
    return {
      length: table.length,
      key: env.compiled.keep(keyOrNullFunction(keys.map((k) => compileExpr(k, table, env)))),
      strings: only?.rawStrings(),
    };
  };
  const l = side(left, node.leftKeys);
  const r = side(right, node.rightKeys);
  const guard = env.guard;
  const kind = node.kind;

  if (kind === "leftsemi" || kind === "leftanti") {
    const keep = rowsByMatch(keyMatches(l, r, guard), kind === "leftsemi");
    return assemble(node, left, right, keep, null);
  }
  if (kind === "rightsemi" || kind === "rightanti") {
    const keep = rowsByMatch(keyMatches(r, l, guard), kind === "rightsemi");
    return assemble(node, left, right, null, keep);
  }

  const pairs = l.length <= r.length ? pairsHashingLeft(node, l, r, guard) : pairsHashingRight(node, l, r, guard);
  return assemble(node, left, right, pairs.left, pairs.right);
}

/**
 * For semi and anti joins: whether each row of `keep` has a key that some row of `other` has (null keys
 * match nothing). The smaller side is hashed: with `other` smaller, a set of its keys is probed with each
 * row of `keep`; with `keep` smaller, its keys are hashed and `other` streamed once, marking the keys it
 * holds (a 1M-row right side of a leftanti over 50k rows is then probed, not hashed).
 */
function keyMatches(keep: Side, other: Side, guard: ExecutionGuard): Uint8Array {
  const matched = new Uint8Array(keep.length);
  if (other.length <= keep.length) {
    const keys = new Set<unknown>();
    for (let j = 0; j < other.length; j++) {
      if ((j & POLL_MASK) === 0) guard.poll();
      const k = keyAt(other, j);
      if (k !== undefined) keys.add(k);
    }
    for (let i = 0; i < keep.length; i++) {
      if ((i & POLL_MASK) === 0) guard.poll();
      const k = keyAt(keep, i);
      if (k !== undefined && keys.has(k)) matched[i] = 1;
    }
    return matched;
  }
  const seen = new Map<unknown, boolean>(); // key -> whether `other` has it
  const keyOf = new Array<unknown>(keep.length);
  for (let i = 0; i < keep.length; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    const k = keyAt(keep, i);
    keyOf[i] = k;
    if (k !== undefined) seen.set(k, false);
  }
  for (let j = 0; j < other.length; j++) {
    if ((j & POLL_MASK) === 0) guard.poll();
    const k = keyAt(other, j);
    if (k !== undefined && seen.get(k) === false) seen.set(k, true);
  }
  for (let i = 0; i < keep.length; i++) {
    const k = keyOf[i];
    if (k !== undefined && seen.get(k) === true) matched[i] = 1;
  }
  return matched;
}

/** The rows whose `matched` flag is `wantMatch`, in order. */
function rowsByMatch(matched: Uint8Array, wantMatch: boolean): Int32Array {
  const want = wantMatch ? 1 : 0;
  const out: number[] = [];
  for (let i = 0; i < matched.length; i++) if (matched[i] === want) out.push(i);
  return Int32Array.from(out);
}

/** Whether a left row with this key takes part: innerunique keeps the first left row of each key. */
function leftParticipates(node: JoinNode): (key: unknown) => boolean {
  if (node.kind !== "innerunique") return () => true;
  const seen = new Set<unknown>();
  return (k) => {
    if (k === undefined) return true;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
}

/** Right side hashed, left streamed: pairs come out in left order directly. */
function pairsHashingRight(node: JoinNode, l: Side, r: Side, guard: ExecutionGuard): { left: Int32Array; right: Int32Array } {
  const index = new Map<unknown, number | number[]>();
  for (let j = 0; j < r.length; j++) {
    if ((j & POLL_MASK) === 0) guard.poll();
    const k = keyAt(r, j);
    if (k === undefined) continue;
    const bucket = index.get(k);
    if (bucket === undefined) index.set(k, j);
    else if (typeof bucket === "number") index.set(k, [bucket, j]);
    else bucket.push(j);
  }
  const keepUnmatchedLeft = node.kind === "leftouter" || node.kind === "fullouter";
  const rightMatched = node.kind === "rightouter" || node.kind === "fullouter" ? new Uint8Array(r.length) : undefined;
  const participates = leftParticipates(node);
  const maxRows = guard.limits.maxIntermediateRows;
  const leftRows: number[] = [];
  const rightRows: number[] = [];
  for (let i = 0; i < l.length; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    const k = keyAt(l, i);
    if (!participates(k)) continue;
    const bucket = k === undefined ? undefined : index.get(k);
    if (bucket === undefined) {
      if (keepUnmatchedLeft) {
        leftRows.push(i);
        rightRows.push(-1);
      }
    } else if (typeof bucket === "number") {
      if (leftRows.length + 1 > maxRows) guard.rows(leftRows.length + 1, "join", node.span);
      leftRows.push(i);
      rightRows.push(bucket);
      if (rightMatched) rightMatched[bucket] = 1;
    } else {
      // A many-to-many key can pair up far more rows than either side has: stop at the limit, and poll
      // inside one huge bucket too, so a cancelled join stops promptly.
      if (leftRows.length + bucket.length > maxRows) guard.rows(leftRows.length + bucket.length, "join", node.span);
      if (bucket.length > POLL_MASK) guard.poll();
      for (const j of bucket) {
        leftRows.push(i);
        rightRows.push(j);
        if (rightMatched) rightMatched[j] = 1;
      }
    }
  }
  if (rightMatched) appendUnmatched(rightMatched, rightRows, leftRows);
  return { left: Int32Array.from(leftRows), right: Int32Array.from(rightRows) };
}

/** Left side hashed (it is the smaller), right streamed; the pairs are then put back in left order. */
function pairsHashingLeft(node: JoinNode, l: Side, r: Side, guard: ExecutionGuard): { left: Int32Array; right: Int32Array } {
  // innerunique keeps the first left row of each key: a key already in the index is that row's.
  const unique = node.kind === "innerunique";
  const index = new Map<unknown, number | number[]>();
  for (let i = 0; i < l.length; i++) {
    if ((i & POLL_MASK) === 0) guard.poll();
    const k = keyAt(l, i);
    if (k === undefined) continue;
    const bucket = index.get(k);
    if (bucket === undefined) index.set(k, i);
    else if (unique) continue;
    else if (typeof bucket === "number") index.set(k, [bucket, i]);
    else bucket.push(i);
  }
  const keepUnmatchedRight = node.kind === "rightouter" || node.kind === "fullouter";
  const leftMatched = node.kind === "leftouter" || node.kind === "fullouter" ? new Uint8Array(l.length) : undefined;
  const maxRows = guard.limits.maxIntermediateRows;
  const leftRows: number[] = [];
  const rightRows: number[] = [];
  const unmatchedRight: number[] = [];
  for (let j = 0; j < r.length; j++) {
    if ((j & POLL_MASK) === 0) guard.poll();
    const k = keyAt(r, j);
    const bucket = k === undefined ? undefined : index.get(k);
    if (bucket === undefined) {
      if (keepUnmatchedRight) unmatchedRight.push(j);
    } else if (typeof bucket === "number") {
      if (leftRows.length + 1 > maxRows) guard.rows(leftRows.length + 1, "join", node.span);
      leftRows.push(bucket);
      rightRows.push(j);
      if (leftMatched) leftMatched[bucket] = 1;
    } else {
      if (leftRows.length + bucket.length > maxRows) guard.rows(leftRows.length + bucket.length, "join", node.span);
      if (bucket.length > POLL_MASK) guard.poll();
      for (const i of bucket) {
        leftRows.push(i);
        rightRows.push(j);
        if (leftMatched) leftMatched[i] = 1;
      }
    }
  }
  // Unmatched left rows (outer kinds) take their place in left order, null keys included.
  if (leftMatched) {
    for (let i = 0; i < l.length; i++) {
      if (!leftMatched[i]) {
        leftRows.push(i);
        rightRows.push(-1);
      }
    }
  }
  const ordered = orderByLeft(leftRows, rightRows, l.length);
  if (keepUnmatchedRight) {
    const left = new Int32Array(ordered.left.length + unmatchedRight.length);
    const right = new Int32Array(left.length);
    left.set(ordered.left);
    right.set(ordered.right);
    for (let k = 0; k < unmatchedRight.length; k++) {
      left[ordered.left.length + k] = -1;
      right[ordered.left.length + k] = unmatchedRight[k]!;
    }
    return { left, right };
  }
  return ordered;
}

function appendUnmatched(matched: Uint8Array, rows: number[], other: number[]): void {
  for (let j = 0; j < matched.length; j++) {
    if (!matched[j]) {
      other.push(-1);
      rows.push(j);
    }
  }
}

/** A stable counting sort of the pairs by left row, so output order matches streaming the left side. */
function orderByLeft(leftRows: number[], rightRows: number[], leftLength: number): { left: Int32Array; right: Int32Array } {
  const n = leftRows.length;
  const starts = new Int32Array(leftLength + 1);
  for (let k = 0; k < n; k++) starts[leftRows[k]! + 1]!++;
  for (let i = 0; i < leftLength; i++) starts[i + 1]! += starts[i]!;
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const at = starts[leftRows[k]!]!++;
    left[at] = leftRows[k]!;
    right[at] = rightRows[k]!;
  }
  return { left, right };
}

function assemble(node: JoinNode, left: Table, right: Table, leftSel: Int32Array | null, rightSel: Int32Array | null): Table {
  const l = leftSel ? left.select(leftSel) : undefined;
  const r = rightSel ? right.select(rightSel) : undefined;
  const length = (leftSel ?? rightSel)!.length;
  const columns: Column[] = node.outputs.map((o) => (o.side === "left" ? l! : r!).columns[o.index]!);
  return new Table(node.schema, columns, length);
}
