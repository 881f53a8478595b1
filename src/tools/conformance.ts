/**
 * Runs the KQL reference's documented examples and compares our answers with the documented tables:
 *
 *   npm run conformance -- <cases.jsonl> [--filter RE] [--verbose] [--min N] [--max-unexplained N] [--json out.json]
 *
 * The cases are Microsoft's documentation content (CC BY 4.0): they are read at run time from the file
 * given, never copied into this repository. Nondeterministic and flagged cases (approximate, arbitrary,
 * take, truncated, suspect-column, kusto-language, engine-specific) are reported apart and not counted;
 * Geospatial and Graph cases are refused by name unless the query runs. The last line is
 * `N passed, M failed` over the counted cases, where M counts only unexplained failures: the failures
 * src/conformance/explained.ts explains (a slip in the page, a documented difference, another possible
 * output) are listed apart by category, and a listed case that passes or fails another way is a failure.
 * `--min N` fails the run when fewer than N pass; `--max-unexplained N` when more than N fail.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { runQuerySync } from "../api.js";
import { compareTable, tableDiff } from "../conformance/compare.js";
import { EXPLAINED, judge, type CaseDiff, type ExplainedCategory, type ExplainedFailure } from "../conformance/explained.js";

interface Case {
  id: string;
  family: string;
  query: string;
  columns: string[];
  rows: string[][];
  ordered: boolean;
  flags: string[];
  nondeterministic: boolean;
  extra_tables?: unknown[];
}

const FLAGGED = ["approximate", "arbitrary", "take", "truncated", "suspect-column", "kusto-language", "engine-specific", "multiple-result-tables"];
const NOW = "2024-01-01T00:00:00Z";

interface Options {
  file: string;
  filter?: RegExp;
  verbose: boolean;
  min?: number;
  maxUnexplained?: number;
  json?: string;
}

function parseArgs(argv: string[]): Options {
  let file: string | undefined;
  const o: Omit<Options, "file"> = { verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--filter") o.filter = new RegExp(argv[++i] ?? "");
    else if (a === "--verbose") o.verbose = true;
    else if (a === "--min") o.min = Number(argv[++i]);
    else if (a === "--max-unexplained") o.maxUnexplained = Number(argv[++i]);
    else if (a === "--json") o.json = argv[++i];
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else file = a;
  }
  if (!file) throw new Error("usage: conformance <cases.jsonl> [--filter RE] [--verbose] [--min N] [--max-unexplained N] [--json out.json]");
  return { file, ...o };
}

type Status = "pass" | "fail" | "explained" | "stale" | "nondeterministic" | "flagged" | "refused";

interface Outcome {
  id: string;
  status: Status;
  /** For flagged and nondeterministic cases: whether our answer matched anyway. */
  matched?: boolean;
  reason?: string;
  flags?: string[];
  /** For explained and stale cases: the entry of the explained list. */
  explained?: ExplainedFailure;
  /** For stale entries: how the case's outcome departs from the entry. */
  stale?: string;
}

function runCase(c: Case): { reason: string | null; diff: CaseDiff } {
  try {
    const result = runQuerySync(c.query, {}, { now: NOW });
    const expected = { columns: c.columns, rows: c.rows, ordered: c.ordered };
    const reason = compareTable(expected, result);
    if (reason === null) return { reason, diff: { kind: "match" } };
    // The shape is only needed for a failure; should tableDiff call it a match, it is still a failure.
    const diff = tableDiff(expected, result);
    return { reason, diff: diff.kind === "match" ? { kind: "error" } : diff };
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { reason: `error: ${msg.split("\n")[0]!.slice(0, 160)}`, diff: { kind: "error" } };
  }
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const cases = readFileSync(o.file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case);
  const outcomes: Outcome[] = [];
  for (const c of cases) {
    if (o.filter && !o.filter.test(c.id)) continue;
    // Nondeterministic cases are not run: their answers cannot match, and one ranges over 5M random rows.
    if (c.nondeterministic) {
      outcomes.push({ id: c.id, status: "nondeterministic" });
      continue;
    }
    const flags = c.flags.filter((f) => FLAGGED.some((p) => f === p || f.startsWith(p + ":")));
    const { reason, diff } = runCase(c);
    const matched = reason === null;
    if (flags.length) outcomes.push({ id: c.id, status: "flagged", matched, flags, ...(reason ? { reason } : {}) });
    else if (/^(Geospatial|Graph)\b/.test(c.family) && !matched) outcomes.push({ id: c.id, status: "refused", reason: `${c.family.split(" ")[0]} is not implemented` });
    else {
      const v = judge(c.id, diff);
      const extra = v.status === "explained" ? { explained: v.entry } : v.status === "stale" ? { explained: v.entry, stale: v.why } : {};
      outcomes.push({ id: c.id, status: v.status, ...(reason ? { reason } : {}), ...extra });
    }
  }
  const by = (s: Status): Outcome[] => outcomes.filter((x) => x.status === s);
  for (const x of by("fail")) console.log(`FAIL ${x.id}: ${x.reason}`);
  for (const x of by("stale")) console.log(`FAIL ${x.id}: stale explained entry: ${x.stale}${x.reason ? ` (${x.reason})` : ""}`);
  if (o.verbose) for (const x of by("pass")) console.log(`PASS ${x.id}`);
  const group = (title: string, list: Outcome[]): void => {
    if (!list.length) return;
    const ok = list.filter((x) => x.matched).length;
    console.log(`\n${title}: ${list.length} (not counted${list[0]!.matched === undefined ? "" : `; ${ok} match anyway`})`);
    if (o.verbose) for (const x of list) console.log(`  ${x.matched ? "match" : "differ"} ${x.id}${x.flags ? ` [${x.flags.join(", ")}]` : ""}${x.reason && x.matched === false ? `: ${x.reason}` : ""}`);
  };
  const explained = by("explained");
  if (explained.length) {
    // Listed by category with the reason, always: an explained failure is still a failure to read.
    console.log(`\nexplained failures: ${explained.length} (not counted; src/conformance/explained.ts)`);
    const categories: ExplainedCategory[] = ["doc-slip", "documented-difference", "other-possible-output"];
    for (const cat of categories) {
      const list = explained.filter((x) => x.explained!.category === cat);
      if (!list.length) continue;
      console.log(`  ${cat}: ${list.length}`);
      for (const x of list) console.log(`    ${x.id}: ${x.explained!.reason}${o.verbose && x.reason ? ` [${x.reason}]` : ""}`);
    }
  }
  if (!o.filter) {
    const seen = new Set(outcomes.map((x) => x.id));
    const absent = EXPLAINED.filter((e) => !seen.has(e.id));
    if (absent.length) console.log(`\nexplained entries not among these cases: ${absent.map((e) => e.id).join(", ")}`);
  }
  group("nondeterministic", by("nondeterministic"));
  group("flagged", by("flagged"));
  const refused = by("refused");
  if (refused.length) {
    console.log(`\nrefused by name (Geospatial, Graph): ${refused.length}`);
    if (o.verbose) for (const x of refused) console.log(`  ${x.id}`);
  }
  if (o.json) writeFileSync(o.json, JSON.stringify(outcomes, null, 1));
  const passed = by("pass").length;
  const failed = by("fail").length + by("stale").length;
  console.log(`\n${passed} passed, ${failed} failed`);
  if (o.min !== undefined && passed < o.min) process.exitCode = 1;
  if (o.maxUnexplained !== undefined && failed > o.maxUnexplained) process.exitCode = 1;
}

main();
