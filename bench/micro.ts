/**
 * The micro-suite, in a process of its own (`npm run bench -- --micro`): one small query per operator,
 * each a whole runQuery over the generated AzureDiagnostics rows (1M, about 32 columns) and, for joins,
 * the generated indicators (100k); warm-up, then median of N after gc() and a pause. Queries end in
 * `count` so that the figure is the operator's, not the materialisation of a million result rows; one
 * case (`rows: true`) measures that materialisation itself, over 20k rows of every column.
 *
 *   node --expose-gc micro.js [runs]          (KQL_BENCH_MICRO=has,parse: only cases whose names contain a word)
 */
import { performance } from "node:perf_hooks";
import { loadApi, median, NOW, SCALES, seedData, settle } from "./scenario.js";

export interface MicroCase {
  name: string;
  query: string;
  medianMs: number;
  allMs: number[];
  /** Input rows per second (both sides for joins). */
  rowsPerSecond: number;
  resultRows: number;
}
export interface MicroResult {
  rows: number;
  generateMs: number;
  cases: MicroCase[];
}

const JOIN_LEFT = `ThreatIntelligenceIndicator | where isnotempty(NetworkIP) | project NetworkIP, IndicatorId`;

export const MICRO_CASES: { name: string; query: string; join?: boolean; rows?: boolean }[] = [
  { name: "scan+filter ==", query: `AzureDiagnostics | where OperationName == "SecretGet" | count` },
  { name: "filter datetime >= ago()", query: `AzureDiagnostics | where TimeGenerated >= ago(1h) | count` },
  { name: "filter datetime column >= column", query: `AzureDiagnostics | extend Seen = TimeGenerated | where Seen >= TimeGenerated | count` },
  { name: "join innerunique", query: `${JOIN_LEFT} | join kind=innerunique (AzureDiagnostics | project CallerIPAddress, TimeGenerated) on $left.NetworkIP == $right.CallerIPAddress | count`, join: true },
  { name: "join inner", query: `${JOIN_LEFT} | join kind=inner (AzureDiagnostics | project CallerIPAddress, TimeGenerated) on $left.NetworkIP == $right.CallerIPAddress | count`, join: true },
  { name: "summarize arg_max, ~40 groups", query: `AzureDiagnostics | summarize arg_max(TimeGenerated, *) by OperationName, ResultType | count` },
  { name: "summarize arg_max, ~150k groups", query: `AzureDiagnostics | summarize arg_max(TimeGenerated, *) by Resource, OperationName | count` },
  { name: "summarize arg_max, ~1M groups", query: `AzureDiagnostics | summarize arg_max(TimeGenerated, *) by CallerIPAddress | count` },
  { name: "where + summarize arg_max, ~150k groups", query: `AzureDiagnostics | where ResourceType =~ "VAULTS" | summarize arg_max(TimeGenerated, *) by Resource, OperationName | count` },
  { name: "summarize count() by", query: `AzureDiagnostics | summarize count() by OperationName, ResultType | count` },
  { name: "summarize min/max(TimeGenerated)", query: `AzureDiagnostics | summarize StartTime = min(TimeGenerated), EndTime = max(TimeGenerated), count() by OperationName, ResultType | count` },
  { name: "has", query: `AzureDiagnostics | where clientInfo_s has "Python" | count` },
  { name: "contains", query: `AzureDiagnostics | where requestUri_s contains "signing" | count` },
  { name: "=~", query: `AzureDiagnostics | where ResourceType =~ "vaults" | count` },
  { name: "matches regex", query: `AzureDiagnostics | where id_s matches regex @"/secrets/[a-z-]+/[0-9a-f]{32}$" | count` },
  { name: "extend + mv-expand", query: `AzureDiagnostics | extend part = split(OperationVersion, ".") | mv-expand part | count` },
  { name: "parse", query: `AzureDiagnostics | parse requestUri_s with "https://" vault ".vault.azure.net/" kind "/" rest | where kind == "secrets" | count` },
  { name: "sort + take", query: `AzureDiagnostics | sort by DurationMs desc, CorrelationId asc | take 100 | summarize sum(DurationMs)` },
  { name: "top", query: `AzureDiagnostics | top 100 by DurationMs asc | summarize sum(DurationMs)` },
  { name: "distinct", query: `AzureDiagnostics | distinct CallerIPAddress, ResultType | count` },
  { name: "union", query: `union AzureDiagnostics, (ThreatIntelligenceIndicator | where isnotempty(NetworkIP)) | where isnotempty(CallerIPAddress) or isnotempty(NetworkIP) | count`, join: true },
  { name: "lookup", query: `AzureDiagnostics | lookup (${JOIN_LEFT} | summarize IndicatorId = take_any(IndicatorId) by CallerIPAddress = NetworkIP) on CallerIPAddress | where isnotempty(IndicatorId) | count`, join: true },
  { name: "summarize count() by bin(TimeGenerated, 5m)", query: `AzureDiagnostics | summarize count() by bin(TimeGenerated, 5m), ResultType | count` },
  { name: "make-series", query: `AzureDiagnostics | make-series n = count() default = 0 on TimeGenerated from ago(3h) to now() step 5m by OperationName | mv-expand n to typeof(long) | summarize sum(n)` },
  { name: "summarize make_set", query: `AzureDiagnostics | summarize s = make_set(OperationName) by Resource | extend n = array_length(s) | summarize sum(n)` },
  { name: "top-nested", query: `AzureDiagnostics | top-nested 3 of OperationName by count(), top-nested 2 of ResultType by count() | count` },
  { name: "extract", query: `AzureDiagnostics | extend vault = extract(@"https://([a-z0-9-]+)\\.vault", 1, requestUri_s) | summarize count() by vault | count` },
  { name: "parse_json + property", query: `AzureDiagnostics | extend p = parse_json(strcat('{"ip":"', CallerIPAddress, '","ms":', DurationMs, '}')) | where toint(p.ms) > 200 | count` },
  { name: "in~ + has_any", query: `AzureDiagnostics | where OperationName in~ ("secretget", "keysign", "vaultget") and ResourceId has_any ("PAYMENTS", "identity") | count` },
  { name: "ipv4_is_private", query: `AzureDiagnostics | where ipv4_is_private(CallerIPAddress) | count` },
  { name: "mv-apply (where)", query: `AzureDiagnostics | extend parts = split(OperationVersion, ".") | mv-apply p = parts to typeof(string) on (where p == "7") | count` },
  { name: "mv-apply (summarize)", query: `AzureDiagnostics | extend parts = split(OperationVersion, ".") | mv-apply p = parts to typeof(string) on (summarize n = countif(p == "7")) | summarize sum(n)` },
  { name: "result rows (take 20k, all 246 columns)", query: `AzureDiagnostics | take 20000`, rows: true },
];

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const api = await loadApi();
  const g0 = performance.now();
  const data = seedData(SCALES.M!);
  const generateMs = performance.now() - g0;
  const tables = { ThreatIntelligenceIndicator: data.indicators, AzureDiagnostics: data.logs };
  // KQL_BENCH_MICRO=has,parse runs only the cases whose names contain one of the words.
  const only = process.env.KQL_BENCH_MICRO?.split(",").filter(Boolean);
  const cases: MicroCase[] = [];
  for (const c of MICRO_CASES) {
    if (only && !only.some((w) => c.name.includes(w))) continue;
    await settle();
    let res = api.runQuerySync(c.query, tables, { now: NOW }); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await settle();
      const t0 = performance.now();
      res = api.runQuerySync(c.query, tables, { now: NOW });
      times.push(performance.now() - t0);
    }
    const m = median(times);
    const inputRows = data.logs.length + (c.join ? data.indicators.length : 0);
    const count = c.rows ? res.rows.length : res.rows[0] ? Number(Object.values(res.rows[0])[0]) : 0;
    cases.push({ name: c.name, query: c.query, medianMs: m, allMs: times.map((t) => Math.round(t * 10) / 10), rowsPerSecond: inputRows / (m / 1000), resultRows: count });
    process.stderr.write(`  micro ${c.name}: ${m.toFixed(0)} ms (count ${count})\n`);
  }
  process.stdout.write(`RESULT ${JSON.stringify({ rows: data.logs.length, generateMs: Math.round(generateMs), cases } satisfies MicroResult)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
