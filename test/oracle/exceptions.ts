/**
 * Where the differential test (compare.ts) may disagree with Microsoft's binder, each with the reason.
 *
 *   - `kusto-quirk`: Microsoft's binder is wrong or laxer than the engine (kusto-language-oracle.md lists
 *     the known quirks); we keep the engine's behaviour.
 *   - `engine-gap`: our engine does not support this yet, or knowingly differs (docs/semantics.md).
 *
 * Each entry recognises the disagreements it explains from the outcome and its detail, never from the
 * case text (the cases live in ../shared). Everything not listed here must match.
 */
import { schemaDiff, type CaseResult } from "./compare.js";
import type { OracleColumn } from "./kusto-language.js";

export interface OracleException {
  id: string;
  kind: "kusto-quirk" | "engine-gap";
  reason: string;
  /** Whether this exception explains the disagreement. */
  applies(r: CaseResult): boolean;
}

const GEO = /'(geo_[a-z0-9_]+)'/;

/**
 * Microsoft's union does not split a column by type when the first two inputs agree on its type: with
 * inputs (int, int, string) it gives `Port:int` where (int, string, int) gives `Port_int, Port_string`.
 * The engine always splits. True when folding our split groups into the first type removes the difference.
 */
function unionFirstTwoAgree(r: CaseResult): boolean {
  if (!r.ours || !r.theirs || (r.outcome !== "schema-names" && r.outcome !== "schema-order")) return false;
  const theirNames = new Set(r.theirs.map((c) => c.name));
  const folded: OracleColumn[] = [];
  const done = new Set<string>();
  for (const c of r.ours) {
    const m = /^(.*)_(int|long|real|decimal|string|bool|datetime|timespan|guid|dynamic)$/.exec(c.name);
    if (m && !theirNames.has(c.name) && theirNames.has(m[1]!)) {
      if (done.has(m[1]!)) continue;
      done.add(m[1]!);
      folded.push({ name: m[1]!, type: c.type });
    } else folded.push(c);
  }
  return done.size > 0 && schemaDiff(folded, r.theirs) === undefined;
}

/** Our columns with union type splits folded where Kusto has the bare name: the names Kusto would see. */
function foldedNames(ours: readonly OracleColumn[], theirs: readonly OracleColumn[]): string[] {
  const theirNames = new Set(theirs.map((c) => c.name));
  const out: string[] = [];
  for (const c of ours) {
    const m = /^(.*)_(int|long|real|decimal|string|bool|datetime|timespan|guid|dynamic)$/.exec(c.name);
    const name = m && !theirNames.has(c.name) && theirNames.has(m[1]!) ? m[1]! : c.name;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * `column_ifexists('C', default)` of an existing column C: Kusto's binder types it from the default (a
 * string for ''), the engine from the column. The difference is in types only (and in the union splits a
 * type change makes downstream).
 */
function columnIfExistsTyping(r: CaseResult): boolean {
  if (!/column_ifexists\s*\(/.test(r.query) || !r.ours || !r.theirs || !r.outcome.startsWith("schema-")) return false;
  const names = foldedNames(r.ours, r.theirs);
  return names.length === r.theirs.length && names.every((n, i) => n === r.theirs![i]!.name);
}

export const EXCEPTIONS: OracleException[] = [
  // ---- Microsoft's binder is wrong or laxer -------------------------------------------------------
  {
    id: "union-first-two-agree",
    kind: "kusto-quirk",
    reason: "Kusto's binder does not split a union column by type when its first two inputs agree on the type",
    applies: unionFirstTwoAgree,
  },
  {
    id: "literal-not-validated",
    kind: "kusto-quirk",
    reason: "Kusto's parser does not validate literal contents (datetime('01-01-2022'), datetime(2025, 6, 14)); ours rejects malformed literals",
    applies: (r) => r.outcome === "syntax-we-reject" && /invalid (datetime|timespan|guid|bool|int|long|real|decimal) literal/.test(r.detail),
  },
  {
    id: "datetime-division",
    kind: "kusto-quirk",
    reason: "Kusto's binder types datetime / number as datetime; the reference's numerical operators have no datetime division, and ours rejects it",
    applies: (r) => r.outcome === "bind-we-fail" && /operator '\/' cannot be applied to datetime/.test(r.detail),
  },
  {
    id: "column-ifexists-typing",
    kind: "kusto-quirk",
    reason: "Kusto's binder types column_ifexists('C', d) from the default d even when C exists with another type; the engine uses C's type",
    applies: columnIfExistsTyping,
  },
  {
    id: "extend-sees-input-row",
    kind: "kusto-quirk",
    reason:
      "Kusto's binder binds every expression of one extend against the input row: it rejects `extend a = 1, b = a + 1` (KS142), which the " +
      "engine runs left to right, so a column replaced earlier in the same extend keeps its old type there for Kusto",
    applies: (r) => r.outcome === "bind-we-fail" && /^KQL_TYPE '\.[^']+' needs a dynamic value, but the expression is/.test(r.detail),
  },
  {
    id: "union-kind-inner",
    kind: "kusto-quirk",
    reason: "Kusto's binder ignores union kind=inner (it gives every column); the reference keeps only the columns common to all inputs, as the engine does",
    applies: (r) =>
      r.outcome === "schema-names" && /\bunion\b[^|]*\bkind\s*=\s*inner\b/.test(r.query) && (r.ours ?? []).every((c) => (r.theirs ?? []).some((t) => t.name === c.name)),
  },
  // (Also known, not listed because those cases are skipped, not compared: `todynamic(x)` of a dynamic x
  // is flagged KS107 by Kusto's binder though the engine accepts it.)

  // ---- The engine does not support it (yet) -------------------------------------------------------
  {
    id: "geospatial",
    kind: "engine-gap",
    reason: "geospatial functions are refused by name (docs/semantics.md)",
    applies: (r) => r.outcome === "bind-we-fail" && GEO.test(r.detail),
  },
  {
    id: "graph-operators",
    kind: "engine-gap",
    reason: "graph operators (make-graph, graph-match) are not parsed yet",
    applies: (r) => r.outcome === "syntax-we-reject" && /found 'make'/.test(r.detail),
  },
  {
    id: "unsupported-function",
    kind: "engine-gap",
    reason: "scalar or aggregate function not implemented yet (current_principal*, buildschema)",
    applies: (r) =>
      r.outcome === "bind-we-fail" &&
      (/^KQL_UNKNOWN_FUNCTION unknown function 'current_principal\w*'/.test(r.detail) ||
        // buildschema() is the one aggregate of the reference's examples the engine lacks.
        (/^KQL_ARGUMENTS summarize needs an aggregate function here/.test(r.detail) && /\bbuildschema\s*\(/.test(r.query))),
  },
  {
    id: "unknown-string-escape",
    kind: "engine-gap",
    reason: "our lexer keeps an unknown escape such as \\d in a non-verbatim string (test/parser/literals.test.ts asserts it); Kusto's parser rejects it (KS001)",
    applies: (r) => r.outcome === "syntax-we-accept" && /^KS001 Missing: ['"]/.test(r.detail) && /(^|[^\\])\\[^ntr0\\'"bfvauUx]/.test(r.query),
  },
  {
    id: "open-schema",
    kind: "engine-gap",
    reason: "Kusto leaves the columns of bag_unpack/pivot open (untyped, data-dependent); the binder cannot name them before the data is seen",
    applies: (r) => r.outcome.startsWith("schema-") && (r.theirs ?? []).some((c) => c.type === "unknown"),
  },
  {
    id: "column-ifexists-name",
    kind: "engine-gap",
    reason: "an unnamed column_ifexists('C', d) of an existing column C is named C by Kusto; our naming does not consult the schema (Column1)",
    applies: (r) => r.outcome === "schema-names" && /column_ifexists/.test(r.query) && /only ours \[Column\d+\]/.test(r.detail),
  },
];

export function exceptionFor(r: CaseResult): OracleException | undefined {
  return EXCEPTIONS.find((e) => e.applies(r));
}
