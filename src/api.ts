/** runQuery: the whole path from rule text to typed result rows. */
import type { InputTables, QueryResult, RunOptions, SchemaMap } from "./api-types.js";
import { Binder } from "./binder/binder.js";
import { buildCatalog, callerRows } from "./binder/catalog.js";
import { planNodes, type PlanNode } from "./binder/plan.js";
import { Scope } from "./binder/scope.js";
import { KqlError } from "./errors.js";
import { sharedTree } from "./parser/shared-tree.js";
import { fieldReader } from "./runtime/coerce.js";
import { holdCompiledCode, releaseCompiledCode } from "./runtime/compiled-code.js";
import { Executor, type OperatorObserver, type OperatorTimings } from "./runtime/execute.js";
import { nodesRunInPass } from "./runtime/operators/where.js";
import { filterPrefetch } from "./runtime/prefetch.js";
import { ExecutionGuard } from "./runtime/guard.js";
import { rowObjectColumn, Table } from "./runtime/table.js";
import { materialize } from "./result-rows.js";
import { dateToTicks, parseDateTime, TICKS_PER_MS } from "./runtime/values.js";
import { isRuleText, loadRule, ruleFromObject, ruleQueryError, type SentinelRule } from "./sentinel/rule.js";
import { loadSchemas, mergeSchemas } from "./sentinel/schemas.js";
import { checkedRunOptions } from "./run-options.js";
import { describeValue } from "./describe-value.js";

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
  if (typeof now !== "string") {
    throw new KqlError({ code: "KQL_ARGUMENTS", message: `options.now must be a Date or datetime text, got ${describeValue(now)}` });
  }
  const t = parseDateTime(now);
  if (t === null) throw new KqlError({ code: "KQL_ARGUMENTS", message: `options.now is not a datetime: ${JSON.stringify(now)}` });
  return t;
}

export { materialize } from "./result-rows.js";

/** A plan ready to run, with the source text it came from (for traces and error positions). */
export interface PreparedQuery {
  query: string;
  rule?: SentinelRule;
  plan: PlanNode;
  /**
   * Runs the plan over the tables it was bound for, within the limits of the options it was prepared with
   * (or `guard`'s). With `timings`, adds each operator's own time in milliseconds to it, by plan node id.
   */
  execute(observer?: OperatorObserver, guard?: ExecutionGuard, timings?: OperatorTimings): Table;
  /** The same, yielding to the event loop between operators so an AbortSignal aborted by a timer or another task stops it. */
  executeAsync(observer?: OperatorObserver, guard?: ExecutionGuard): Promise<Table>;
}

/** PreparedQuery.execute's arguments from untyped callers: each absent or of its type, or a KQL_ARGUMENTS error. */
function checkExecuteArguments(observer: unknown, guard: unknown, timings: unknown): void {
  const wrong = (what: string, expected: string, v: unknown): KqlError =>
    new KqlError({ code: "KQL_ARGUMENTS", message: `PreparedQuery.execute: ${what} must be ${expected}, got ${describeValue(v)}` });
  if (observer !== undefined && typeof observer !== "function") throw wrong("the observer", "a function (node, inputs, output)", observer);
  if (guard !== undefined && !(guard instanceof ExecutionGuard)) throw wrong("the guard", "an ExecutionGuard", guard);
  if (timings !== undefined && !(timings instanceof Map)) throw wrong("the timings", "a Map", timings);
}

/** A fresh guard (timeout clock, limits, signal) for one run with these options. */
export function guardFor(options: RunOptions): ExecutionGuard {
  const { maxResultRows, maxIntermediateRows, maxMvExpandRows, maxRangeRows, timeoutMs } = options;
  return new ExecutionGuard({ maxResultRows, maxIntermediateRows, maxMvExpandRows, maxRangeRows, timeoutMs }, options.signal);
}

/** A stack overflow (a pathological query or value the depth limits did not catch) as a clean error. */
function stackError(err: unknown): unknown {
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new KqlError({ code: "KQL_LIMIT", message: "the query or its data is nested too deeply to evaluate (stack exhausted)" });
  }
  return err;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Parses and binds a rule or query against the given tables: every name and type is checked here. */
export function prepareQuery(ruleInput: RuleInput, tables: InputTables, options: RunOptions = {}): PreparedQuery {
  return prepare(ruleInput, tables, checkedRunOptions(options));
}

/** prepareQuery over options already checked (checkedRunOptions): runQuery checks them once for both uses. */
function prepare(ruleInput: RuleInput, tables: InputTables, options: RunOptions): PreparedQuery {
  const { query, rule } = resolveRule(ruleInput);
  try {
    if (typeof tables !== "object" || tables === null || Array.isArray(tables)) {
      throw new KqlError({ code: "KQL_DATA", message: "tables must be an object mapping table names to arrays of row objects" });
    }
    const now = resolveNow(options.now);
    const ast = sharedTree(query);
    const catalog = buildCatalog(tables, callerSchemas(options));
    // bag_unpack without a schema hint names its columns from the data: the binder may run part of the plan.
    // One executor for every peek of this query: its per-node cache lets a later plugin reuse what an earlier one ran.
    let peeker: Executor | undefined;
    const peek = (p: PlanNode): Table => (peeker ??= new Executor((name, node) => sourceTable(name, node.schema, tables), undefined, guardFor(options))).run(p);
    const binder = new Binder(query, catalog, { now }, peek);
    const plan = binder.bindQuery(ast, new Scope());
    const nodes = planNodes(plan);
    const prefetch = filterPrefetch(nodes);
    // A run lets go of the code earlier runs held before it compiles its own, and holds its own once it ends
    // (runtime/compiled-code.ts says why).
    const executor = (observer: OperatorObserver | undefined, guard: ExecutionGuard | undefined, timings?: OperatorTimings): Executor => {
      checkExecuteArguments(observer, guard, timings);
      releaseCompiledCode();
      return new Executor((name, node) => sourceTable(name, node.schema, tables), observer, guard ?? guardFor(options), prefetch, timings);
    };
    const execute = (observer?: OperatorObserver, guard?: ExecutionGuard, timings?: OperatorTimings): Table => {
      try {
        const ex = executor(observer, guard, timings);
        const table = ex.run(plan);
        holdCompiledCode(ex.compiled);
        return table;
      } catch (err) {
        throw stackError(err);
      }
    };
    const executeAsync = async (observer?: OperatorObserver, guard?: ExecutionGuard): Promise<Table> => {
      const ex = executor(observer, guard);
      // Operators the executor runs inside the pass of a filter or summarize above them are not run on their
      // own here, or the async path would lose that fusion (a traced run fuses nothing and runs every node).
      const inPass = observer ? new Set<number>() : nodesRunInPass(nodes);
      // A table of the caller's rows is made by the operator that reads it, so a filter can check its rows in its pass.
      if (!observer) for (const n of nodes) if (n.op === "source") inPass.add(n.id);
      try {
        for (const node of nodes) {
          if (inPass.has(node.id)) continue;
          await yieldToEventLoop();
          ex.run(node);
        }
        const table = ex.run(plan);
        holdCompiledCode(ex.compiled);
        return table;
      } catch (err) {
        throw stackError(err);
      }
    };
    const prepared: PreparedQuery = { query, plan, execute, executeAsync };
    if (rule) prepared.rule = rule;
    return prepared;
  } catch (e) {
    const err = stackError(e);
    throw rule && err instanceof KqlError ? ruleQueryError(err, rule) : err;
  }
}

/**
 * The caller's schemas: `schemaFiles` read (later files win for a table defined twice) and merged under
 * `schemas`, or, without files, `schemas` itself.
 * It is read by table name only (buildCatalog), never copied: callers pass hundreds of tables (a workspace's
 * whole schema), and copying them into a new object on every call was most of a corpus check's bind time.
 */
function callerSchemas(options: RunOptions): SchemaMap | undefined {
  if (!options.schemaFiles || options.schemaFiles.length === 0) return options.schemas;
  return mergeSchemas<SchemaMap[string]>(...options.schemaFiles.map(loadSchemas), options.schemas ?? {});
}

/** The caller's rows as a table: each column reads its field from the row objects on demand. */
function sourceTable(name: string, schema: PlanNode["schema"], tables: InputTables): Table {
  const rows = callerRows(tables, name);
  if (!rows) return Table.empty(schema);
  const columns = schema.map((c) => rowObjectColumn(c.type, rows, c.name, fieldReader(c.type, name, c.name)));
  const table = new Table(schema, columns, rows.length);
  // Each row is checked to be an object before anything reads it: by the first filter's pass, or as a whole
  // (checkRows) before any other operator reads the table. A separate loop over a million rows was 12-16 ms.
  table.uncheckedRows = { table: name, rows };
  return table;
}

/**
 * Runs a Sentinel rule (YAML text or object) or bare KQL over in-memory tables. Throws a KqlError
 * with a position for any parse, bind or run error.
 */
export async function runQuery(rule: RuleInput, tables: InputTables, runOptions: RunOptions = {}): Promise<QueryResult> {
  const options = checkedRunOptions(runOptions);
  const prepared = prepare(rule, tables, options);
  const guard = guardFor(options);
  try {
    return materialize(await prepared.executeAsync(undefined, guard), guard.limits.maxResultRows);
  } catch (err) {
    throw prepared.rule && err instanceof KqlError ? ruleQueryError(err, prepared.rule) : err;
  }
}

/** runQuery without the promise, for callers that want a plain function call. */
export function runQuerySync(rule: RuleInput, tables: InputTables, runOptions: RunOptions = {}): QueryResult {
  const options = checkedRunOptions(runOptions);
  const prepared = prepare(rule, tables, options);
  const guard = guardFor(options);
  try {
    return materialize(prepared.execute(undefined, guard), guard.limits.maxResultRows);
  } catch (err) {
    throw prepared.rule && err instanceof KqlError ? ruleQueryError(err, prepared.rule) : err;
  }
}
