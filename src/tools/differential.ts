/**
 * Runs a query two ways over generated rows and compares: untraced, where a filter runs the filters and
 * extends below it (and a summarize above it) in one pass, and traced, where every operator runs on its
 * own. Both must give the same rows in the same order; any difference is an engine bug in one of them.
 * Used by `corpus --differential` over the rule corpus (see .ci/run).
 *
 * The rows are made for the tables the query names, from a seeded generator, with values drawn from the
 * query's own literals (its strings and small numbers) so that its filters, joins and groups meet rows
 * that match, not only rows that fail.
 */
import { materialize, prepareQuery } from "../api.js";
import type { InputRow, InputTables } from "../api-types.js";
import type { Schemas } from "../sentinel/schemas.js";
import type { ScalarType } from "../types.js";
import type { PlanNode } from "../binder/plan.js";
import type { Table } from "../runtime/table.js";

/** Functions whose values differ between two runs of one query: such queries are not compared. */
const VOLATILE = /\b(rand|new_guid)\s*\(|\bsample\b/i;

/** A small deterministic generator (a linear congruential one), so a reported difference reproduces. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 0x1_0000_0000;
  };
}

/** `rows` rows for each table of `schemas` that the query's text names. */
export function rowsForQuery(query: string, schemas: Schemas, now: string, rows = 30, seed = 12345): InputTables {
  const random = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const literals = [...query.matchAll(/"([^"\\]{0,40})"|'([^'\\]{0,40})'/g)].map((m) => m[1] ?? m[2] ?? "");
  const strings = [...new Set([...literals, "", "a", "10.0.0.1", "8.8.8.8", "Admin", "success"])];
  const numbers = [...new Set([...[...query.matchAll(/\b(\d{1,6})\b/g)].map((m) => Number(m[1])), 0, 1, 2])];
  const nowMs = Date.parse(now);
  const valueOf = (type: ScalarType): unknown => {
    switch (type) {
      case "string":
        return pick(strings);
      case "int":
      case "long":
        return pick(numbers);
      case "real":
      case "decimal":
        return pick(numbers) + 0.5;
      case "bool":
        return random() < 0.5;
      case "datetime":
        return new Date(nowMs - Math.floor(random() * 20 * 86_400_000)).toISOString();
      case "timespan":
        return `00:0${Math.floor(random() * 10)}:00`;
      case "guid":
        return pick(["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"]);
      case "dynamic":
        return pick([{ a: pick(strings) }, [pick(strings), pick(strings)], pick(strings)]);
    }
  };
  const tables: Record<string, InputRow[]> = {};
  for (const [name, columns] of Object.entries(schemas)) {
    if (!query.includes(name)) continue;
    tables[name] = Array.from({ length: rows }, () => {
      const row: InputRow = {};
      // One field in ten is missing, as in real logs.
      for (const c of columns) if (random() >= 0.1) row[c.name] = valueOf(c.type);
      return row;
    });
  }
  return tables;
}

export type DifferentialOutcome =
  | { kind: "skipped"; reason: string }
  /** `operatorsTraced`: how many operators the traced run reported on its own (every one of the plan's). */
  | { kind: "same"; rows: number; operatorsTraced?: number }
  | { kind: "different"; detail: string };

/**
 * The query over `tables`, untraced and traced, compared (errors too: both must fail alike). The traced run
 * also reads every step's output as result rows, as a caller's trace would: a step whose table cannot be read
 * (a schema that lists columns the step does not compute) is a difference too.
 */
export function compareTracedUntraced(query: string, tables: InputTables, schemas: Schemas, now: string): DifferentialOutcome {
  if (VOLATILE.test(query)) return { kind: "skipped", reason: "volatile function" };
  let prepared;
  try {
    prepared = prepareQuery(query, tables, { schemas, now });
  } catch {
    return { kind: "skipped", reason: "does not bind" };
  }
  let operatorsTraced = 0;
  let unreadableStep: string | undefined;
  const observer = (node: PlanNode, _inputs: readonly Table[], output: Table): void => {
    operatorsTraced++;
    try {
      materialize(output);
    } catch (e) {
      unreadableStep ??= `${node.op} [${node.id}]: ${firstLine(e)}`;
    }
  };
  const outcome = (observe: boolean): RunOutcome => {
    try {
      const rows = materialize(observe ? prepared.execute(observer) : prepared.execute()).rows;
      return { rows: JSON.stringify(rows), count: rows.length };
    } catch (e) {
      return { error: firstLine(e) };
    }
  };
  const compared = compareOutcomes(outcome(false), outcome(true));
  if (unreadableStep !== undefined) return { kind: "different", detail: `a traced step's output cannot be read as rows: ${unreadableStep}` };
  return compared.kind === "same" ? { ...compared, operatorsTraced } : compared;
}

/** An error's message up to its first line break (a KqlError's caret frame follows it). */
function firstLine(e: unknown): string {
  return e instanceof Error ? (e.message.split("\n")[0] ?? "") : String(e);
}

/** One run's result: its rows as JSON and how many, or its error's first line. */
export type RunOutcome = { rows: string; count: number } | { error: string };

/** Two runs agree when both give the same rows in the same order, or both fail with the same message. */
export function compareOutcomes(untraced: RunOutcome, traced: RunOutcome): DifferentialOutcome {
  if ("error" in untraced || "error" in traced) {
    const u = "error" in untraced ? untraced.error : "ran";
    const t = "error" in traced ? traced.error : "ran";
    return u === t ? { kind: "same", rows: 0 } : { kind: "different", detail: `untraced: ${u}; traced: ${t}` };
  }
  if (untraced.rows === traced.rows) return { kind: "same", rows: untraced.count };
  return {
    kind: "different",
    detail: `untraced ${untraced.count} rows, traced ${traced.count}; untraced ${untraced.rows.slice(0, 200)} … traced ${traced.rows.slice(0, 200)} …`,
  };
}
