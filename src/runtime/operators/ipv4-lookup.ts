import type { Ipv4LookupNode } from "../../binder/plan.js";
import { parseIpv4WithPrefix } from "../../functions/ip.js";
import type { ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { Table, type Column } from "../table.js";
import { valueToString, type Value } from "../values.js";
import { keyFunction } from "./keys.js";

/** The network part of a 32-bit address under a prefix length (0-32). */
function network(ip: number, prefix: number): number {
  return prefix === 0 ? 0 : (ip >>> (32 - prefix)) >>> 0;
}

/**
 * evaluate ipv4_lookup: every input row paired with every lookup row whose IPv4 value or range holds the
 * input's (two ranges match when they overlap: equal under the shorter prefix) and whose extra keys are
 * equal; with return_unmatched, a row without a match is kept once with null lookup columns. The lookup
 * is indexed by prefix length, so an input address costs one probe per distinct prefix length.
 */
export function runIpv4Lookup(node: Ipv4LookupNode, input: Table, lookup: Table, env: ExecutionEnv): Table {
  const parse = (v: Value, type: Ipv4LookupNode["schema"][number]["type"]): { ip: number; prefix: number } | null =>
    v === null || v === undefined ? null : parseIpv4WithPrefix(typeof v === "string" ? v : valueToString(v, type));
  const lookupKeyType = lookup.schema[node.lookupKey]!.type;
  const lookupKeys = lookup.columns[node.lookupKey]!;
  const extraLeft = keyFunction(node.extraKeys.map(([l]) => (r: number) => input.columns[l]!.get(r)));
  const extraRight = keyFunction(node.extraKeys.map(([, r]) => (row: number) => lookup.columns[r]!.get(row)));
  // prefix length -> network -> lookup rows, in lookup order.
  const byPrefix = new Map<number, Map<number, number[]>>();
  const ranges: { ip: number; prefix: number }[] = [];
  for (let r = 0; r < lookup.length; r++) {
    if ((r & POLL_MASK) === 0) env.guard.poll();
    const range = parse(lookupKeys.get(r), lookupKeyType) ?? { ip: 0, prefix: -1 };
    ranges.push(range);
    if (range.prefix < 0) continue;
    let nets = byPrefix.get(range.prefix);
    if (!nets) byPrefix.set(range.prefix, (nets = new Map()));
    const net = network(range.ip, range.prefix);
    const rows = nets.get(net);
    if (rows) rows.push(r);
    else nets.set(net, [r]);
  }
  const prefixes = [...byPrefix.keys()].sort((a, b) => a - b);
  const sourceType = input.schema[node.sourceKey]!.type;
  const sourceKeys = input.columns[node.sourceKey]!;
  const leftRows: number[] = [];
  const rightRows: number[] = [];
  const matches: number[] = [];
  for (let i = 0; i < input.length; i++) {
    if ((i & POLL_MASK) === 0) env.guard.poll();
    const src = parse(sourceKeys.get(i), sourceType);
    matches.length = 0;
    if (src) {
      for (const p of prefixes) {
        // A lookup range longer than the input's own prefix matches when it lies inside the input's range:
        // compare under the input's prefix then, scanning that length's networks.
        if (p <= src.prefix) {
          const rows = byPrefix.get(p)!.get(network(src.ip, p));
          if (rows) matches.push(...rows);
        } else {
          const want = network(src.ip, src.prefix);
          for (const [net, rows] of byPrefix.get(p)!) if ((src.prefix === 0 ? 0 : net >>> (p - src.prefix)) === want) matches.push(...rows);
        }
      }
      if (node.extraKeys.length > 0) {
        const want = extraLeft(i);
        let k = 0;
        for (const r of matches) if (extraRight(r) === want) matches[k++] = r;
        matches.length = k;
      }
      matches.sort((a, b) => a - b);
    }
    for (const r of matches) {
      leftRows.push(i);
      rightRows.push(r);
    }
    if (matches.length === 0 && node.returnUnmatched) {
      leftRows.push(i);
      rightRows.push(-1);
    }
  }
  const left = Int32Array.from(leftRows);
  // An unmatched row's -1 selects the lookup's null row, as select does for every column kind.
  const right = Int32Array.from(rightRows);
  const leftMemo = new Map<Int32Array | null, Int32Array>();
  const rightMemo = new Map<Int32Array | null, Int32Array>();
  const columns: Column[] = [...input.columns.map((c) => c.select(left, leftMemo)), ...node.lookupColumns.map((c) => lookup.columns[c]!.select(right, rightMemo))];
  return new Table(node.schema, columns, left.length);
}
