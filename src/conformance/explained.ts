/**
 * Documented examples whose failure we have investigated and explained, so that the conformance runner
 * can report them apart from real failures (never hide them) and notice when one goes stale.
 *
 *   - `doc-slip`: the page's output table is wrong for its own query (it shows the input array where the
 *     query prints the array, a row text that is not the query's, a number computed by another function,
 *     an output format the engine no longer prints).
 *   - `documented-difference`: we knowingly differ from Kusto here; docs/semantics.md has the row.
 *   - `other-possible-output`: the operator is nondeterministic and the page shows one of its possible
 *     outputs, while another example on the same page shows the one we give.
 *
 * Each entry states how the case fails (the columns that differ and in how many rows), never a documented
 * value: the cases are Microsoft's content and stay in ../shared. A listed case that passes, or fails in
 * another way, is a stale entry and counts as a failure, so this list cannot silently outlive its reason.
 */
import type { TableDiff } from "./compare.js";

export type ExplainedCategory = "doc-slip" | "documented-difference" | "other-possible-output";

export interface ExplainedFailure {
  id: string;
  category: ExplainedCategory;
  /** One line: why the documented output is not ours. */
  reason: string;
  /** The failure's shape: the columns that differ (in table order) and the number of rows they differ in. */
  fails: { rows: number; columns: readonly string[] };
}

const slip = (id: string, columns: string[], reason: string, rows = 1): ExplainedFailure => ({ id, category: "doc-slip", reason, fails: { rows, columns } });

export const EXPLAINED: readonly ExplainedFailure[] = [
  slip("array-iff-function#3", ["condition"], "the condition column shows a boolean array, not the array of non-boolean values the query prints"),
  slip("parse-url-query-function#1", ["Result"], "the output shows an old format with the parameters as a quoted string; the function returns a nested bag"),
  slip("replace-regex-function#1", ["str", "replaced"], "the rows show x formatted as a real, but range over longs gives longs and tostring(1) is \"1\"", 5),
  slip("series-acos-function#1", ["arr"], "the arr column shows another page's input array, not the one the query prints"),
  slip("series-atan-function#1", ["arr"], "the arr column shows another page's input array, not the one the query prints"),
  slip("series-cos-function#1", ["arr"], "the arr column shows another page's input array, not the one the query prints"),
  slip("series-sin-function#1", ["arr"], "the arr column shows another page's input array, not the one the query prints"),
  slip("series-tan-function#1", ["arr"], "the arr column shows another page's input array, not the one the query prints"),
  slip("series-asin-function#1", ["arr_asin"], "the output shows the two nonzero results as quoted strings; the function returns numbers"),
  slip("toguid-function#1", ["str"], "the third row's text is worded differently from the query's datatable row (the guid column agrees)"),
  slip("url-encode-function#1", ["original"], "the original column has a trailing slash the query's string does not have (the encoded column agrees)"),
  slip("variancepif-aggregation-function#1", ["variancepif_x"], "the output is the sample variance (varianceif) of the even numbers; variancepif is the population variance"),
  {
    id: "gzip-base64-compress#1",
    category: "documented-difference",
    reason: "the compressed bytes are not specified: we write a deflate stream, the page shows a stored block (docs/semantics.md)",
    fails: { rows: 1, columns: ["res"] },
  },
  {
    id: "hash-combine-function#1",
    category: "documented-difference",
    reason: "Kusto's combiner is undocumented; we use boost's hash_combine step (docs/semantics.md)",
    fails: { rows: 1, columns: ["combined"] },
  },
  {
    id: "base64-decode-toguid-function#1",
    category: "documented-difference",
    reason: "the page's third group is byte-swapped against base64_encode_fromguid's page; we keep the two inverse (docs/semantics.md)",
    fails: { rows: 1, columns: ["Quine"] },
  },
  {
    id: "join-innerunique#3",
    category: "other-possible-output",
    reason: "innerunique keeps an arbitrary left row per key; the page's example #2 shows the row we keep (the first)",
    fails: { rows: 2, columns: ["value"] },
  },
];

/** What a counted case's outcome means once the explained list is taken into account. */
export type Verdict =
  | { status: "pass" }
  | { status: "fail" }
  | { status: "explained"; entry: ExplainedFailure }
  | { status: "stale"; entry: ExplainedFailure; why: string };

/** The difference a case shows: the table diff, or an error when the query did not run. */
export type CaseDiff = TableDiff | { kind: "error" };

export function describeDiff(d: CaseDiff): string {
  if (d.kind === "cells") return d.rows === 1 ? `1 row differs in ${d.columns.join(", ")}` : `${d.rows} rows differ in ${d.columns.join(", ")}`;
  if (d.kind === "match") return "passes";
  if (d.kind === "error") return "the query fails";
  return d.kind === "columns" ? "the column names differ" : "the row count differs";
}

const sameFailure = (d: CaseDiff, f: ExplainedFailure["fails"]): boolean =>
  d.kind === "cells" && d.rows === f.rows && d.columns.length === f.columns.length && d.columns.every((c, k) => c === f.columns[k]);

/** Judges a counted case's difference against the explained list. */
export function judge(id: string, diff: CaseDiff, list: readonly ExplainedFailure[] = EXPLAINED): Verdict {
  const entry = list.find((e) => e.id === id);
  if (!entry) return { status: diff.kind === "match" ? "pass" : "fail" };
  if (diff.kind === "match") return { status: "stale", entry, why: "listed as an explained failure but now passes" };
  if (!sameFailure(diff, entry.fails)) return { status: "stale", entry, why: `listed as failing with ${describeDiff({ kind: "cells", ...entry.fails })}, but ${describeDiff(diff)}` };
  return { status: "explained", entry };
}
