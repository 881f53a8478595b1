/** runQuery: the whole path from rule text to typed result rows. */
import type { InputTables, QueryResult, ResultRow, ResultValue, RunOptions } from "./api-types.js";
import { Binder } from "./binder/binder.js";
import { buildCatalog } from "./binder/catalog.js";
import type { PlanNode } from "./binder/plan.js";
import { Scope } from "./binder/scope.js";
import { KqlError } from "./errors.js";
import { parseQuery } from "./parser/index.js";
import { fieldReader } from "./runtime/coerce.js";
import { Executor, type OperatorObserver } from "./runtime/execute.js";
import { RowObjectColumn, Table } from "./runtime/table.js";
import { dateToTicks, formatDateTime, formatTimespan, parseDateTime, TICKS_PER_MS, type Value } from "./runtime/values.js";
import { isRuleText, loadRule, ruleFromObject, ruleQueryError, type SentinelRule } from "./sentinel/rule.js";
import type { ScalarType } from "./types.js";

/** A rule as runQuery accepts it: Sentinel YAML text, bare KQL text, or an already-parsed rule object. */
export type RuleInput = string | SentinelRule | { query: string; [key: string]: unknown };

function resolveRule(rule: RuleInput): { query: string; rule?: SentinelRule } {
  if (typeof rule === "string") {
    if (isRuleText(rule)) {
      const loaded = loadRule(rule);
      return { query: loaded.query, rule: loaded };
    }
    return { query: rule };
  }
  const loaded = ruleFromObject(rule);
  return { query: loaded.query, rule: loaded };
}

/** `options.now` as ticks; the current time when absent. */
export function resolveNow(now: RunOptions["now"]): bigint {
  if (now === undefined) return BigInt(Date.now()) * TICKS_PER_MS;
  if (now instanceof Date) {
    const t = dateToTicks(now);
    if (t === null) throw new KqlError({ code: "KQL_ARGUMENTS", message: "options.now is an invalid Date" });
    return t;
  }
  const t = parseDateTime(now);
  if (t === null) throw new KqlError({ code: "KQL_ARGUMENTS", message: `options.now is not a datetime: ${JSON.stringify(now)}` });
  return t;
}

/** A plan ready to run, with the source text it came from (for traces and error positions). */
export interface PreparedQuery {
  query: string;
  rule?: SentinelRule;
  plan: PlanNode;
  /** Runs the plan over the tables it was bound for. */
  execute(observer?: OperatorObserver): Table;
}

/** Parses and binds a rule or query against the given tables: every name and type is checked here. */
export function prepareQuery(ruleInput: RuleInput, tables: InputTables, options: RunOptions = {}): PreparedQuery {
  const { query, rule } = resolveRule(ruleInput);
  try {
    const now = resolveNow(options.now);
    const ast = parseQuery(query);
    const catalog = buildCatalog(tables, options.schemas);
    const binder = new Binder(query, catalog, { now });
    const plan = binder.bindQuery(ast, new Scope());
    const execute = (observer?: OperatorObserver): Table => {
      const executor = new Executor((name, node) => sourceTable(name, node.schema, tables), observer);
      return executor.run(plan);
    };
    const prepared: PreparedQuery = { query, plan, execute };
    if (rule) prepared.rule = rule;
    return prepared;
  } catch (err) {
    throw rule && err instanceof KqlError ? ruleQueryError(err, rule) : err;
  }
}

/** The caller's rows as a table: each column reads its field from the row objects on demand. */
function sourceTable(name: string, schema: PlanNode["schema"], tables: InputTables): Table {
  const rows = Object.prototype.hasOwnProperty.call(tables, name) ? tables[name] : undefined;
  if (!rows) return Table.empty(schema);
  if (!Array.isArray(rows)) throw new KqlError({ code: "KQL_DATA", message: `table '${name}' must be an array of row objects` });
  for (let i = 0; i < rows.length; i++) {
    const r: unknown = rows[i];
    if (typeof r !== "object" || r === null || Array.isArray(r)) throw new KqlError({ code: "KQL_DATA", message: `table '${name}', row ${i + 1} is not an object` });
  }
  const columns = schema.map((c) => new RowObjectColumn(c.type, rows, c.name, fieldReader(c.type, name, c.name), null));
  return new Table(schema, columns, rows.length);
}

/** A value as the result rows carry it: datetimes and timespans as Kusto's text forms. */
export function toResultValue(v: Value, type: ScalarType): ResultValue {
  if (v === null || v === undefined) return type === "string" ? "" : null;
  if (type === "datetime") return formatDateTime(v as bigint);
  if (type === "timespan") return formatTimespan(v as bigint);
  return v as ResultValue;
}

/** A table as result rows keyed by column name (objects without a prototype, so any column name is safe). */
export function materialize(table: Table): QueryResult {
  const columns = table.schema.map((c) => ({ name: c.name, type: c.type }));
  const rows: ResultRow[] = new Array(table.length);
  for (let i = 0; i < table.length; i++) {
    const row = Object.create(null) as ResultRow;
    for (let c = 0; c < columns.length; c++) row[columns[c]!.name] = toResultValue(table.columns[c]!.get(i), columns[c]!.type);
    rows[i] = row;
  }
  return { columns, rows };
}

/**
 * Runs a Sentinel rule (YAML text or object) or bare KQL over in-memory tables. Throws a KqlError
 * with a position for any parse, bind or run error.
 */
export async function runQuery(rule: RuleInput, tables: InputTables, options: RunOptions = {}): Promise<QueryResult> {
  return runQuerySync(rule, tables, options);
}

/** runQuery without the promise, for callers that want a plain function call. */
export function runQuerySync(rule: RuleInput, tables: InputTables, options: RunOptions = {}): QueryResult {
  const prepared = prepareQuery(rule, tables, options);
  try {
    return materialize(prepared.execute());
  } catch (err) {
    throw prepared.rule && err instanceof KqlError ? ruleQueryError(err, prepared.rule) : err;
  }
}
