/**
 * The differential test: our parser and binder against Microsoft's (`kusto-language.ts`) on one query.
 *
 *   - syntax: we reject a query exactly when Microsoft's parser reports a syntax error;
 *   - schema: over queries both sides bind without error, the result columns (names, order, types) are equal.
 *
 * A query Microsoft's binder reports semantic errors for is skipped (counted, not compared): it is wrong
 * over these schemas (an unknown column, a type error), so there is no schema to compare against.
 */
import { prepareQuery } from "../../src/api.js";
import { KqlError } from "../../src/errors.js";
import { parseQuery } from "../../src/parser/index.js";
import type { KustoOracle, OracleColumn, SchemaMap } from "./kusto-language.js";

export type Outcome =
  /** Both parse, both bind, same schema. */
  | "match"
  /** Both reject the syntax. */
  | "both-reject"
  /** Both parse; Microsoft's binder reports semantic errors: skipped. */
  | "skip-ms-semantic"
  /** Microsoft's parser reports a syntax error, ours accepts the query. */
  | "syntax-we-accept"
  /** Our parser rejects a query Microsoft's accepts. */
  | "syntax-we-reject"
  /** Microsoft binds it without error, our binder throws. */
  | "bind-we-fail"
  /** Both bind; the column names (or their number) differ. */
  | "schema-names"
  /** Both bind; the same names in another order. */
  | "schema-order"
  /** Both bind; the same names in the same order, some type differs. */
  | "schema-types"
  /** Microsoft binds it but its result is not a table (a scalar `let` last, a control command). */
  | "no-ms-schema";

export interface CaseResult {
  id: string;
  query: string;
  outcome: Outcome;
  /** Does our parser accept it / does Microsoft's. */
  ourSyntaxOk: boolean;
  msSyntaxOk: boolean;
  detail: string;
  ours?: OracleColumn[];
  theirs?: OracleColumn[];
  /** Microsoft's semantic error codes, for skipped cases. */
  msCodes?: string[];
}

export const NOW = "2026-01-01T00:00:00Z";

function header(cols: readonly OracleColumn[] | undefined): string {
  return (cols ?? []).map((c) => `${c.name}:${c.type}`).join(", ");
}

/** What differs between two schemas, shortly: the first differing columns. */
export function schemaDiff(ours: readonly OracleColumn[], theirs: readonly OracleColumn[]): { outcome: Outcome; detail: string } | undefined {
  const same = ours.length === theirs.length && ours.every((c, i) => c.name === theirs[i]!.name && c.type === theirs[i]!.type);
  if (same) return undefined;
  const ourNames = ours.map((c) => c.name);
  const theirNames = theirs.map((c) => c.name);
  if (ourNames.length === theirNames.length && ourNames.every((n, i) => n === theirNames[i])) {
    const diffs = ours.filter((c, i) => c.type !== theirs[i]!.type).map((c) => `${c.name}: ours ${c.type}, kusto ${theirs.find((t) => t.name === c.name)!.type}`);
    return { outcome: "schema-types", detail: diffs.join("; ") };
  }
  const setEq = ourNames.length === theirNames.length && [...ourNames].sort().join("\u0000") === [...theirNames].sort().join("\u0000");
  if (setEq) return { outcome: "schema-order", detail: `ours [${ourNames.join(", ")}] kusto [${theirNames.join(", ")}]` };
  const onlyOurs = ourNames.filter((n) => !theirNames.includes(n));
  const onlyTheirs = theirNames.filter((n) => !ourNames.includes(n));
  return { outcome: "schema-names", detail: `only ours [${onlyOurs.join(", ")}] only kusto [${onlyTheirs.join(", ")}]` };
}

/** Runs one query through both sides. `schemas` is what our binder gets (the oracle was built from the same). */
export function compareQuery(oracle: KustoOracle, id: string, query: string, schemas: SchemaMap): CaseResult {
  const ms = oracle.analyse(query);
  let ourSyntaxOk = true;
  let ourSyntaxMessage = "";
  try {
    parseQuery(query);
  } catch (e) {
    ourSyntaxOk = false;
    ourSyntaxMessage = e instanceof KqlError ? `${e.code} ${e.detail}` : String(e);
  }
  const msSyntaxOk = !ms.syntaxError;
  const base = { id, query, ourSyntaxOk, msSyntaxOk };
  if (!ourSyntaxOk && !msSyntaxOk) return { ...base, outcome: "both-reject", detail: "" };
  if (!ourSyntaxOk) return { ...base, outcome: "syntax-we-reject", detail: ourSyntaxMessage };
  if (!msSyntaxOk) return { ...base, outcome: "syntax-we-accept", detail: ms.syntaxMessage ?? "" };
  if (ms.semanticErrors.length > 0) {
    const msCodes = [...new Set(ms.semanticErrors.map((d) => d.code))];
    return { ...base, outcome: "skip-ms-semantic", detail: `${ms.semanticErrors[0]!.code} ${ms.semanticErrors[0]!.message}`, msCodes };
  }
  let ours: OracleColumn[];
  try {
    const prepared = prepareQuery(query, {}, { schemas, now: NOW });
    ours = prepared.plan.schema.map((c) => ({ name: c.name, type: c.type }));
  } catch (e) {
    const detail = e instanceof KqlError ? `${e.code} ${e.detail}` : `CRASH ${String(e)}`;
    return { ...base, outcome: "bind-we-fail", detail, theirs: ms.schema };
  }
  if (!ms.schema) return { ...base, outcome: "no-ms-schema", detail: `ours [${header(ours)}]`, ours };
  const diff = schemaDiff(ours, ms.schema);
  if (!diff) return { ...base, outcome: "match", detail: "", ours, theirs: ms.schema };
  return { ...base, ...diff, ours, theirs: ms.schema };
}

export interface Summary {
  total: number;
  syntaxAgree: number;
  /** Cases both sides parse and bind without error (the schema comparison's denominator). */
  bothBind: number;
  schemaAgree: number;
  skippedMsSemantic: number;
  byOutcome: Map<Outcome, CaseResult[]>;
}

export function summarise(results: readonly CaseResult[]): Summary {
  const byOutcome = new Map<Outcome, CaseResult[]>();
  for (const r of results) {
    const list = byOutcome.get(r.outcome) ?? [];
    list.push(r);
    byOutcome.set(r.outcome, list);
  }
  const n = (o: Outcome): number => byOutcome.get(o)?.length ?? 0;
  const bothBind = n("match") + n("schema-names") + n("schema-order") + n("schema-types");
  return {
    total: results.length,
    syntaxAgree: results.filter((r) => r.ourSyntaxOk === r.msSyntaxOk).length,
    bothBind,
    schemaAgree: n("match"),
    skippedMsSemantic: n("skip-ms-semantic"),
    byOutcome,
  };
}

export function formatCase(r: CaseResult): string {
  const lines = [`  ${r.id}: ${r.detail}`];
  if (r.outcome.startsWith("schema-")) {
    lines.push(`      ours:  ${header(r.ours)}`);
    lines.push(`      kusto: ${header(r.theirs)}`);
  }
  return lines.join("\n");
}
