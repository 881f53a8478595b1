/** `kql-replay run`: replay a rule file or a KQL query over log files. */
import { readFile } from "node:fs/promises";
import type { InputTables, QueryResult, RunOptions } from "../api-types.js";
import { KqlError } from "../errors.js";
import { runQuery } from "../index.js";
import { loadRule, ruleFromObject, type SentinelRule } from "../sentinel/rule.js";
import { loadSchemas, mergeSchemas } from "../sentinel/schemas.js";
import { parseCommandArgs, UsageError, type CliIo } from "./common.js";
import { isOutputFormat, OUTPUT_FORMATS, render, type OutputFormat } from "./format.js";
import { parseTableSpec, readLogFile } from "./input.js";

export const RUN_HELP = `Usage: kql-replay run <rule.yaml | query.kql> --table [Name=]file ... [options]
       kql-replay run --query '<KQL>' --table [Name=]file ... [options]

Replays a Microsoft Sentinel rule (YAML) or a KQL query over log files and prints the result rows.

Options:
  -t, --table [Name=]file  A table's rows: .jsonl (one JSON object per line), .json (an array of
                           objects) or .csv (header row). The name defaults to the file name up to
                           its first dot (AzureDiagnostics.jsonl -> AzureDiagnostics). Repeatable.
  -q, --query <KQL>        Query text instead of a rule or query file.
      --now <datetime>     The instant now() and ago() use, e.g. 2026-11-28T12:00:00Z
                           (default: the current time).
  -s, --schema <path>      Table schemas: a JSON file or a folder of them (see docs/schemas.md).
                           Repeatable. Tables without one are typed by the built-in schemas or
                           from their rows.
  -f, --format <format>    table (default), json, jsonl or csv.
      --max-rows <n>       Rows the result may have (default 500000); more are cut off with a
                           warning on stderr.
      --max-intermediate-rows <n>
                           Rows any one operator may produce, join pairs included (default 50000000).
      --max-mv-expand-rows <n>  Rows one mv-expand may produce (default 10000000).
      --max-range-rows <n> Rows one range may produce (default 10000000).
      --timeout <ms>       Stop the run after this many milliseconds (default: no timeout).
  -h, --help               Show this help.

Exit status: 0 when the query ran, 1 for an error in the rule, query, data or arguments.
`;

const OPTIONS = {
  table: { type: "string", short: "t", multiple: true },
  query: { type: "string", short: "q" },
  now: { type: "string" },
  schema: { type: "string", short: "s", multiple: true },
  format: { type: "string", short: "f" },
  "max-rows": { type: "string" },
  "max-intermediate-rows": { type: "string" },
  "max-mv-expand-rows": { type: "string" },
  "max-range-rows": { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The limit flags and the RunOptions field each sets (see docs/security.md). */
const LIMIT_FLAGS = {
  "max-rows": "maxResultRows",
  "max-intermediate-rows": "maxIntermediateRows",
  "max-mv-expand-rows": "maxMvExpandRows",
  "max-range-rows": "maxRangeRows",
  timeout: "timeoutMs",
} as const;

export type RunLimitOptions = Partial<Pick<RunOptions, (typeof LIMIT_FLAGS)[keyof typeof LIMIT_FLAGS]>>;

export interface RunArgs {
  source: { kind: "file"; path: string } | { kind: "text"; query: string };
  tables: { name: string; path: string }[];
  now?: string;
  schemas: string[];
  format: OutputFormat;
  /** Only the limits given on the command line; the engine's defaults apply to the rest. */
  limits?: RunLimitOptions;
}

/** Parses `run`'s arguments; undefined when --help was asked for. */
export function parseRunArgs(args: readonly string[]): RunArgs | undefined {
  const { values, positionals } = parseCommandArgs("run", args, OPTIONS, true);
  if (values.help) return undefined;
  if (positionals.length > 1) throw new UsageError(`run takes one rule or query file, got ${positionals.length}: ${positionals.join(" ")}`);
  if (positionals.length === 1 && values.query !== undefined) throw new UsageError("give either a rule/query file or --query, not both");
  const path = positionals[0];
  if (path === undefined && values.query === undefined) throw new UsageError("missing the rule or query file (see: kql-replay run --help)");
  const format = values.format ?? "table";
  if (!isOutputFormat(format)) throw new UsageError(`unknown --format ${format}; use one of ${OUTPUT_FORMATS.join(", ")}`);
  const tables = (values.table ?? []).map(parseTableSpec);
  const seen = new Set<string>();
  for (const t of tables) {
    if (seen.has(t.name)) throw new UsageError(`table ${t.name} is given twice`);
    seen.add(t.name);
  }
  const out: RunArgs = {
    source: path !== undefined ? { kind: "file", path } : { kind: "text", query: values.query! },
    tables,
    schemas: values.schema ?? [],
    format,
  };
  if (values.now !== undefined) out.now = values.now;
  for (const [flag, field] of Object.entries(LIMIT_FLAGS) as [keyof typeof LIMIT_FLAGS, keyof RunLimitOptions][]) {
    const text = values[flag];
    if (text === undefined) continue;
    const n = Number(text);
    if (text.trim() === "" || !Number.isInteger(n) || n < (flag === "max-intermediate-rows" ? 1 : 0)) throw new UsageError(`--${flag} needs a whole number${flag === "max-intermediate-rows" ? " >= 1" : " >= 0"}, got '${text}'`);
    (out.limits ??= {})[field] = n;
  }
  return out;
}

/** A rule or query file as runQuery's input: YAML rules carry their file name for error messages. */
export async function readRuleOrQuery(path: string): Promise<{ input: string | SentinelRule; queryText: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new KqlError({ code: "KQL_RULE", message: `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, sourceName: path });
  }
  const lower = path.toLowerCase();
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
    const rule = loadRule(text, path);
    return { input: rule, queryText: rule.query };
  }
  if (lower.endsWith(".json")) {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw new KqlError({ code: "KQL_RULE", message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}`, sourceName: path });
    }
    const rule = ruleFromObject(obj, path);
    return { input: rule, queryText: rule.query };
  }
  return { input: text.replace(/^\uFEFF/, ""), queryText: text };
}

export async function loadTables(specs: readonly { name: string; path: string }[]): Promise<InputTables> {
  const tables: InputTables = Object.create(null) as InputTables;
  for (const { name, path } of specs) tables[name] = await readLogFile(path);
  return tables;
}

/** Runs a query and names the query file in its errors when the engine did not. */
export async function replay(input: string | SentinelRule, queryText: string, sourceName: string | undefined, tables: InputTables, options: RunOptions): Promise<QueryResult> {
  try {
    return await runQuery(input, tables, options);
  } catch (e) {
    if (e instanceof KqlError && sourceName && !e.sourceName) {
      throw e.line > 0 ? e.withSource(queryText, sourceName) : new KqlError({ code: e.code, message: e.detail, sourceName, subject: e.subject });
    }
    throw e;
  }
}

export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseRunArgs(args);
  if (!parsed) {
    io.out(RUN_HELP);
    return 0;
  }
  const { input, queryText } =
    parsed.source.kind === "file" ? await readRuleOrQuery(parsed.source.path) : { input: parsed.source.query, queryText: parsed.source.query };
  const options: RunOptions = {};
  if (parsed.now !== undefined) options.now = parsed.now;
  if (parsed.schemas.length > 0) options.schemas = mergeSchemas(...parsed.schemas.map(loadSchemas));
  Object.assign(options, parsed.limits);
  const tables = await loadTables(parsed.tables);
  const sourceName = parsed.source.kind === "file" ? parsed.source.path : "<query>";
  const result = await replay(input, queryText, sourceName, tables, options);
  io.out(render(result, parsed.format, io.columns));
  for (const w of result.warnings ?? []) io.err(`warning: ${w}\n`);
  return 0;
}
