import type { ReduceNode } from "../../binder/plan.js";
import { compileExpr, type ExecutionEnv } from "../compile.js";
import { POLL_MASK } from "../guard.js";
import { ArrayColumn, Table, type Column } from "../table.js";
import type { Value } from "../values.js";

/**
 * reduce by Expr: groups text values by similarity (reduce-operator.md). The reference does not give
 * Kusto's algorithm, so the engine uses its own, documented in docs/semantics.md:
 *
 *  1. Each value is split into terms: runs of characters that are not separators (the `characters`
 *     option, by default every character but ASCII letters and digits).
 *  2. Every distinct value starts as its own group. A term position is generalised to `*` when the
 *     groups that agree on every other term (same number of terms) together hold more than `threshold`
 *     of the rows and are at least two; this repeats until nothing changes. A group may not become all
 *     wildcards.
 *  3. A group holding more than `threshold` of the rows is a row of the result: its Pattern, its row
 *     Count and its Representative (its first value in input order). The rest is one `others` row with
 *     an empty Representative. Rows come by Count, largest first, `others` last. A Pattern is the
 *     representative's text with each run of generalised terms as one `*`; the separators next to a `*`
 *     stay with the default separators (`San *`, `* -on- *` in the reference) and go with `characters`
 *     given (`MachineLearning*` from `MachineLearningX4` with characters="X").
 *
 * With kind=source every input row is kept and gets its group's Pattern, Count and Representative.
 */
export function runReduce(node: ReduceNode, input: Table, env: ExecutionEnv): Table {
  const byFn = compileExpr(node.by, input, env);
  const isSeparator = separatorTest(node.separators);
  const n = input.length;

  // 1. Distinct values, in first-seen order, with their row counts.
  const valueIndex = new Map<string, number>();
  const values: Split[] = [];
  const counts: number[] = [];
  const rowValue = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if ((i & POLL_MASK) === 0) env.guard.poll();
    const v = byFn(i);
    const text = typeof v === "string" ? v : v === null ? "" : String(v);
    let at = valueIndex.get(text);
    if (at === undefined) {
      at = values.length;
      valueIndex.set(text, at);
      values.push(split(text, isSeparator));
      counts.push(0);
    }
    counts[at]!++;
    rowValue[i] = at;
  }

  // 2. Groups: a term list with `null` for a generalised term; each distinct value points to its group.
  const minRows = node.threshold * n;
  let groups: Group[] = values.map((v, i) => ({ terms: v.terms.slice(), members: [i], count: counts[i]! }));
  let changed = true;
  while (changed) {
    changed = false;
    // A loop, not Math.max(...spread): the spread overflows the stack with some 100k distinct values.
    let maxLen = 0;
    for (const g of groups) maxLen = Math.max(maxLen, g.terms.length);
    for (let pos = 0; pos < maxLen; pos++) {
      env.guard.poll();
      const byKey = new Map<string, Group[]>();
      for (const g of groups) {
        if (pos >= g.terms.length) continue;
        const key = g.terms.length + "\u0000" + g.terms.map((t, k) => (k === pos ? "*" : t === null ? "\u0001*" : "=" + t)).join("\u0000");
        const list = byKey.get(key);
        if (list) list.push(g);
        else byKey.set(key, [g]);
      }
      const merged = new Set<Group>();
      const next: Group[] = [];
      for (const list of byKey.values()) {
        if (list.length < 2) continue;
        const total = list.reduce((s, g) => s + g.count, 0);
        const terms = list[0]!.terms.slice();
        terms[pos] = null;
        if (total <= minRows || terms.every((t) => t === null)) continue;
        list.forEach((g) => merged.add(g));
        next.push({ terms, members: list.flatMap((g) => g.members).sort((a, b) => a - b), count: total });
      }
      if (merged.size > 0) {
        groups = [...groups.filter((g) => !merged.has(g)), ...next];
        changed = true;
      }
    }
  }

  // 3. Result groups and "others".
  const kept = groups.filter((g) => g.count > minRows).sort((a, b) => b.count - a.count || a.members[0]! - b.members[0]!);
  const groupOfValue = new Int32Array(values.length).fill(-1);
  kept.forEach((g, gi) => g.members.forEach((m) => (groupOfValue[m] = gi)));
  const keepSeparators = node.separators === undefined;
  const patterns = kept.map((g) => render(values[g.members[0]!]!, g.terms, keepSeparators));
  const representatives = kept.map((g) => values[g.members[0]!]!.text);
  const othersCount = n - kept.reduce((s, g) => s + g.count, 0);

  if (node.source) {
    const pattern = new Array<Value>(n);
    const count = new Array<Value>(n);
    const representative = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      const gi = groupOfValue[rowValue[i]!]!;
      pattern[i] = gi < 0 ? "others" : patterns[gi]!;
      count[i] = gi < 0 ? othersCount : kept[gi]!.count;
      representative[i] = gi < 0 ? "" : representatives[gi]!;
    }
    const columns: Column[] = [...input.columns, new ArrayColumn("string", pattern), new ArrayColumn("long", count), new ArrayColumn("string", representative)];
    return new Table(node.schema, columns, n);
  }
  const pattern: Value[] = [...patterns];
  const count: Value[] = kept.map((g) => g.count);
  const representative: Value[] = [...representatives];
  if (othersCount > 0) {
    pattern.push("others");
    count.push(othersCount);
    representative.push("");
  }
  return new Table(node.schema, [new ArrayColumn("string", pattern), new ArrayColumn("long", count), new ArrayColumn("string", representative)], pattern.length);
}

interface Split {
  text: string;
  terms: string[];
  /** separators[k] precedes terms[k]; separators[terms.length] trails the last term. */
  separators: string[];
}

interface Group {
  /** The group's terms; null where the position was generalised. */
  terms: (string | null)[];
  /** Indexes of the distinct values in the group, ascending (first-seen order). */
  members: number[];
  count: number;
}

function separatorTest(chars: string | undefined): (c: string) => boolean {
  if (chars === undefined) return (c) => !/^[A-Za-z0-9]$/.test(c);
  const set = new Set([...chars]);
  return (c) => set.has(c);
}

function split(text: string, isSeparator: (c: string) => boolean): Split {
  const terms: string[] = [];
  const separators: string[] = [""];
  let term = "";
  for (const c of text) {
    if (isSeparator(c)) {
      if (term !== "") {
        terms.push(term);
        separators.push("");
        term = "";
      }
      separators[separators.length - 1] += c;
    } else term += c;
  }
  if (term !== "") {
    terms.push(term);
    separators.push("");
  }
  return { text, terms, separators };
}

/** The pattern text of a group, with the separators of its representative value. */
function render(rep: Split, terms: readonly (string | null)[], keepSeparatorsByWildcards: boolean): string {
  let out = "";
  let lastWasWildcard = false;
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k];
    const before = rep.separators[k] ?? "";
    if (t === null) {
      if (lastWasWildcard) continue;
      if (keepSeparatorsByWildcards || k === 0 || terms[k - 1] === null) out += before;
      out += "*";
      lastWasWildcard = true;
      continue;
    }
    if (!lastWasWildcard || keepSeparatorsByWildcards) out += before;
    out += t;
    lastWasWildcard = false;
  }
  if (!lastWasWildcard || keepSeparatorsByWildcards) out += rep.separators[terms.length] ?? "";
  return out;
}
