/** `kql-replay demo`: the bundled seed rule over its bundled sample logs, at the samples' pinned instant. */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { QueryResult } from "../api-types.js";
import { KqlError } from "../errors.js";
import { loadRule } from "../sentinel/rule.js";
import { parseCommandArgs, UsageError, type CliIo } from "./common.js";
import { isOutputFormat, OUTPUT_FORMATS, render, renderTable } from "./format.js";
import { readLogFile } from "./input.js";
import { replay } from "./run.js";

export const DEMO_HELP = `Usage: kql-replay demo [--format table|json|jsonl|csv] [--all-columns]

Replays the bundled rule "TI map IP entity to Azure Key Vault logs" (Microsoft Sentinel, version 1.3.4)
over its bundled sample logs (ThreatIntelligenceIndicator and AzureDiagnostics), with now() pinned to
the samples' instant, and prints the alerts it raises.

Options:
  -f, --format <format>  table (default: the key columns), json, jsonl or csv (all columns).
  -a, --all-columns      With the table format, print every column of the result.
  -h, --help             Show this help.

The files are in the package's rules/ti-map-ip-entity-to-azure-key-vault/ folder; to replay them
yourself: kql-replay run <that folder>/rule.yaml --table <folder>/samples/ThreatIntelligenceIndicator.jsonl
--table <folder>/samples/AzureDiagnostics.jsonl --now <the "now" of samples/replay.json>
`;

/** The bundled seed rule's folder, relative to this file (src/cli or dist/cli, two levels below the package root). */
export const DEMO_RULE_DIR = new URL("../../rules/ti-map-ip-entity-to-azure-key-vault/", import.meta.url);

/** The columns the demo's table shows: the alert's time, the entities, and what matched. */
export const DEMO_COLUMNS = ["KeyVaultEvents_TimeGenerated", "ClientIP", "ThreatType", "ConfidenceScore", "OperationName", "ResultType", "IndicatorId"];

const OPTIONS = {
  format: { type: "string", short: "f" },
  "all-columns": { type: "boolean", short: "a" },
  help: { type: "boolean", short: "h" },
} as const;

export interface DemoRun {
  ruleName: string;
  version: string | undefined;
  now: string;
  rowCounts: Record<string, number>;
  result: QueryResult;
  triggerOperator: string | undefined;
  triggerThreshold: number | undefined;
}

/** Loads the bundled rule and samples from `dir` and replays them. */
export async function replayDemo(dir: URL = DEMO_RULE_DIR): Promise<DemoRun> {
  const rulePath = fileURLToPath(new URL("rule.yaml", dir));
  const samples = new URL("samples/", dir);
  let ruleText: string;
  let replayText: string;
  try {
    ruleText = await readFile(rulePath, "utf8");
    replayText = await readFile(new URL("replay.json", samples), "utf8");
  } catch (e) {
    throw new KqlError({ code: "KQL_RULE", message: `the bundled demo files are missing (${(e as NodeJS.ErrnoException).code ?? String(e)}); is rules/ part of this installation?`, sourceName: fileURLToPath(dir) });
  }
  const rule = loadRule(ruleText, rulePath);
  const now = (JSON.parse(replayText) as { now?: unknown }).now;
  if (typeof now !== "string") throw new KqlError({ code: "KQL_RULE", message: 'replay.json has no "now"', sourceName: fileURLToPath(new URL("replay.json", samples)) });
  const tables = {
    ThreatIntelligenceIndicator: await readLogFile(fileURLToPath(new URL("ThreatIntelligenceIndicator.jsonl", samples))),
    AzureDiagnostics: await readLogFile(fileURLToPath(new URL("AzureDiagnostics.jsonl", samples))),
  };
  const result = await replay(rule, rule.query, rulePath, tables, { now });
  return {
    ruleName: rule.name ?? rule.id ?? "rule",
    version: rule.version,
    now,
    rowCounts: Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.length])),
    result,
    triggerOperator: rule.triggerOperator,
    triggerThreshold: rule.triggerThreshold,
  };
}

const OPERATOR_TEXT: Record<string, (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b,
  lt: (a, b) => a < b,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
};

/** The human summary around the table: what ran over what, and whether Sentinel would raise an alert. */
export function demoSummary(run: DemoRun): string {
  const n = run.result.rows.length;
  const rows = Object.entries(run.rowCounts).map(([t, c]) => `${c} ${t}`).join(" and ");
  const op = run.triggerOperator ?? "gt";
  const threshold = run.triggerThreshold ?? 0;
  const fires = OPERATOR_TEXT[op]?.(n, threshold) ?? n > threshold;
  return [
    `Rule:  ${run.ruleName}${run.version ? ` (version ${run.version})` : ""}`,
    `Data:  ${rows} sample rows, now() = ${run.now}`,
    `Result: ${n} row${n === 1 ? "" : "s"}; trigger "${op} ${threshold}" ${fires ? "fires: Sentinel would raise an alert" : "does not fire"}.`,
  ].join("\n");
}

export async function demoCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("demo", args, OPTIONS, false);
  if (values.help) {
    io.out(DEMO_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`demo takes no arguments (see: kql-replay demo --help)`);
  const format = values.format ?? "table";
  if (!isOutputFormat(format)) throw new UsageError(`unknown --format ${format}; use one of ${OUTPUT_FORMATS.join(", ")}`);
  const run = await replayDemo();
  for (const w of run.result.warnings ?? []) io.err(`warning: ${w}\n`);
  if (format !== "table") {
    io.out(render(run.result, format));
    return 0;
  }
  // Latest first, as an analyst reads alerts; the key columns in a fixed order so the table fits a terminal.
  const rows = [...run.result.rows].sort((a, b) => String(b.KeyVaultEvents_TimeGenerated ?? "").localeCompare(String(a.KeyVaultEvents_TimeGenerated ?? "")));
  const shown =
    values["all-columns"] === true
      ? { columns: run.result.columns, rows }
      : {
          columns: DEMO_COLUMNS.flatMap((name) => run.result.columns.filter((c) => c.name === name)),
          rows,
        };
  io.out(`${demoSummary(run)}\n\n${renderTable(shown, io.columns ?? 160, values["all-columns"] === true ? undefined : 36)}`);
  if (values["all-columns"] !== true) io.out(`(${run.result.columns.length - shown.columns.length} more columns: --all-columns, or --format json)\n`);
  return 0;
}
