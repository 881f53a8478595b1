/**
 * The micro-suite's cases: one small query per operator over the seed rule's generated tables, each with
 * its answer computed in plain JavaScript from the same rows (bench/reference.ts), so a run that got
 * faster by getting an answer wrong fails. The answer is the result's first value: a count, a sum, or
 * (`rows`) the number of result rows. test/bench/micro-cases.test.ts checks every case on a small data set.
 */
import type { Row } from "./generate.js";
import { canonicalTime, HOUR_MS, ipv4IsPrivate, shiftBack, str } from "./reference.js";

export interface MicroCaseSpec {
  name: string;
  query: string;
  /** The query reads the indicators too (its input rows count both tables). */
  join?: boolean;
  /** The answer is the number of result rows, not the first value. */
  rows?: boolean;
  /** The answer, from the rows themselves, with `now()` at `now`. Omitted where ties make it ambiguous. */
  expected?: (data: { indicators: readonly Row[]; logs: readonly Row[] }, now: string) => number;
}

function count(rows: readonly Row[], keep: (r: Row) => boolean): number {
  let n = 0;
  for (const r of rows) if (keep(r)) n++;
  return n;
}

/** How many distinct tuples `key` gives over `rows` (values compared as JSON). */
function distinct(rows: readonly Row[], key: (r: Row) => unknown[]): number {
  return new Set(rows.map((r) => JSON.stringify(key(r)))).size;
}

/** The indicators' non-empty NetworkIPs (JOIN_LEFT's keys). */
function indicatorIps(d: { indicators: readonly Row[] }): Set<string> {
  return new Set(d.indicators.map((r) => str(r.NetworkIP)).filter((ip) => ip !== ""));
}

/** The log rows' caller IPs. */
function callerIps(d: { logs: readonly Row[] }): Set<string> {
  return new Set(d.logs.map((r) => str(r.CallerIPAddress)));
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function durations(d: { logs: readonly Row[] }): number[] {
  return d.logs.map((r) => Number(r.DurationMs));
}

/** A text's terms as `has` matches them: runs of ASCII letters and digits, lower-cased. */
function terms(v: unknown): string[] {
  return str(v).toLowerCase().split(/[^a-z0-9]+/).filter((t) => t !== "");
}

/** A has_any list the length of a typical rule's (a few of them occur in the Key Vault request URIs). */
const THIRTY_TERMS = ["payments", "identity", "backup", "storage", "admin", "signing", "tls", "db", "password", "root"]
  .concat(["token", "sas", "cert", "pfx", "ssh", "jwt", "oauth", "client", "graph", "legacy", "temp", "test", "staging"])
  .concat(["qa", "hsm", "rsa", "ec", "aes", "wrapkey", "unwrapkey"]);

/** `bin(t, 5m)` of a canonical datetime text, as text (null for anything else). */
function fiveMinuteBin(v: unknown): string | null {
  const t = canonicalTime(v);
  return t === null ? null : `${t.slice(0, 14)}${Math.floor(Number(t.slice(14, 16)) / 5)}`;
}

const JOIN_LEFT = `ThreatIntelligenceIndicator | where isnotempty(NetworkIP) | project NetworkIP, IndicatorId`;

export const MICRO_CASES: MicroCaseSpec[] = [
  {
    name: "scan+filter ==",
    query: `AzureDiagnostics | where OperationName == "SecretGet" | count`,
    expected: (d) => count(d.logs, (r) => r.OperationName === "SecretGet"),
  },
  {
    name: "filter datetime >= ago()",
    query: `AzureDiagnostics | where TimeGenerated >= ago(1h) | count`,
    expected: (d, now) => count(d.logs, (r) => (canonicalTime(r.TimeGenerated) ?? "") >= shiftBack(now, HOUR_MS)),
  },
  {
    name: "filter datetime column >= column",
    query: `AzureDiagnostics | extend Seen = TimeGenerated | where Seen >= TimeGenerated | count`,
    expected: (d) => count(d.logs, (r) => canonicalTime(r.TimeGenerated) !== null),
  },
  {
    name: "join innerunique",
    query: `${JOIN_LEFT} | join kind=innerunique (AzureDiagnostics | project CallerIPAddress, TimeGenerated) on $left.NetworkIP == $right.CallerIPAddress | count`, join: true,
    expected: (d) => {
      const ips = indicatorIps(d);
      return count(d.logs, (r) => ips.has(str(r.CallerIPAddress)));
    },
  },
  {
    name: "join inner",
    query: `${JOIN_LEFT} | join kind=inner (AzureDiagnostics | project CallerIPAddress, TimeGenerated) on $left.NetworkIP == $right.CallerIPAddress | count`, join: true,
    expected: (d) => {
      const left = new Map<string, number>();
      for (const ip of d.indicators.map((r) => str(r.NetworkIP))) if (ip !== "") left.set(ip, (left.get(ip) ?? 0) + 1);
      return d.logs.reduce((n, r) => n + (left.get(str(r.CallerIPAddress)) ?? 0), 0);
    },
  },
  {
    name: "join leftanti (left hashed)",
    query: `${JOIN_LEFT} | join kind=leftanti (AzureDiagnostics | project CallerIPAddress) on $left.NetworkIP == $right.CallerIPAddress | count`,
    join: true,
    expected: (d) => {
      const ips = callerIps(d);
      return count(d.indicators, (r) => str(r.NetworkIP) !== "" && !ips.has(str(r.NetworkIP)));
    },
  },
  {
    name: "join leftsemi (left hashed)",
    query: `${JOIN_LEFT} | join kind=leftsemi (AzureDiagnostics | project CallerIPAddress) on $left.NetworkIP == $right.CallerIPAddress | count`,
    join: true,
    expected: (d) => {
      const ips = callerIps(d);
      return count(d.indicators, (r) => str(r.NetworkIP) !== "" && ips.has(str(r.NetworkIP)));
    },
  },
  {
    name: "summarize arg_max, ~40 groups",
    query: `AzureDiagnostics | summarize arg_max(TimeGenerated, *) by OperationName, ResultType | count`,
    expected: (d) => distinct(d.logs, (r) => [r.OperationName, r.ResultType]),
  },
  {
    name: "summarize arg_max, ~150k groups",
    query: `AzureDiagnostics | summarize arg_max(TimeGenerated, *) by Resource, OperationName | count`,
    expected: (d) => distinct(d.logs, (r) => [r.Resource, r.OperationName]),
  },
  {
    name: "summarize arg_max, ~1M groups",
    query: `AzureDiagnostics | summarize arg_max(TimeGenerated, *) by CallerIPAddress | count`,
    expected: (d) => distinct(d.logs, (r) => [r.CallerIPAddress]),
  },
  {
    name: "where + summarize arg_max, ~150k groups",
    query: `AzureDiagnostics | where ResourceType =~ "VAULTS" | summarize arg_max(TimeGenerated, *) by Resource, OperationName | count`,
    expected: (d) => distinct(d.logs.filter((r) => str(r.ResourceType).toLowerCase() === "vaults"), (r) => [r.Resource, r.OperationName]),
  },
  {
    name: "summarize count() by",
    query: `AzureDiagnostics | summarize count() by OperationName, ResultType | count`,
    expected: (d) => distinct(d.logs, (r) => [r.OperationName, r.ResultType]),
  },
  {
    name: "summarize min/max(TimeGenerated)",
    query: `AzureDiagnostics | summarize StartTime = min(TimeGenerated), EndTime = max(TimeGenerated), count() by OperationName, ResultType | count`,
    expected: (d) => distinct(d.logs, (r) => [r.OperationName, r.ResultType]),
  },
  {
    name: "has",
    query: `AzureDiagnostics | where clientInfo_s has "Python" | count`,
    expected: (d) => count(d.logs, (r) => terms(r.clientInfo_s).includes("python")),
  },
  {
    name: "contains",
    query: `AzureDiagnostics | where requestUri_s contains "signing" | count`,
    expected: (d) => count(d.logs, (r) => str(r.requestUri_s).toLowerCase().includes("signing")),
  },
  {
    name: "=~",
    query: `AzureDiagnostics | where ResourceType =~ "vaults" | count`,
    expected: (d) => count(d.logs, (r) => str(r.ResourceType).toLowerCase() === "vaults"),
  },
  {
    name: "matches regex",
    query: `AzureDiagnostics | where id_s matches regex @"/secrets/[a-z-]+/[0-9a-f]{32}$" | count`,
    expected: (d) => count(d.logs, (r) => /\/secrets\/[a-z-]+\/[0-9a-f]{32}$/.test(str(r.id_s))),
  },
  {
    name: "extend + mv-expand",
    query: `AzureDiagnostics | extend part = split(OperationVersion, ".") | mv-expand part | count`,
    expected: (d) => d.logs.reduce((n, r) => n + str(r.OperationVersion).split(".").length, 0),
  },
  {
    name: "parse",
    query: `AzureDiagnostics | parse requestUri_s with "https://" vault ".vault.azure.net/" kind "/" rest | where kind == "secrets" | count`,
    expected: (d) => count(d.logs, (r) => /^https:\/\/.*?\.vault\.azure\.net\/(.*?)\//.exec(str(r.requestUri_s))?.[1] === "secrets"),
  },
  {
    name: "sort + take",
    query: `AzureDiagnostics | sort by DurationMs desc, CorrelationId asc | take 100 | summarize sum(DurationMs)`,
    expected: (d) => sum(durations(d).sort((a, b) => b - a).slice(0, 100)),
  },
  {
    name: "top",
    query: `AzureDiagnostics | top 100 by DurationMs asc | summarize sum(DurationMs)`,
    expected: (d) => sum(durations(d).sort((a, b) => a - b).slice(0, 100)),
  },
  {
    name: "distinct",
    query: `AzureDiagnostics | distinct CallerIPAddress, ResultType | count`,
    expected: (d) => distinct(d.logs, (r) => [r.CallerIPAddress, r.ResultType]),
  },
  {
    name: "union",
    query: `union AzureDiagnostics, (ThreatIntelligenceIndicator | where isnotempty(NetworkIP)) | where isnotempty(CallerIPAddress) or isnotempty(NetworkIP) | count`, join: true,
    expected: (d) => count(d.logs, (r) => str(r.CallerIPAddress) !== "") + count(d.indicators, (r) => str(r.NetworkIP) !== ""),
  },
  {
    name: "lookup",
    query: `AzureDiagnostics | lookup (${JOIN_LEFT} | summarize IndicatorId = take_any(IndicatorId) by CallerIPAddress = NetworkIP) on CallerIPAddress | where isnotempty(IndicatorId) | count`, join: true,
    expected: (d) => {
      const ips = indicatorIps(d);
      return count(d.logs, (r) => ips.has(str(r.CallerIPAddress)));
    },
  },
  {
    name: "summarize count() by bin(TimeGenerated, 5m)",
    query: `AzureDiagnostics | summarize count() by bin(TimeGenerated, 5m), ResultType | count`,
    expected: (d) => distinct(d.logs, (r) => [fiveMinuteBin(r.TimeGenerated), r.ResultType]),
  },
  {
    name: "make-series",
    query: `AzureDiagnostics | make-series n = count() default = 0 on TimeGenerated from ago(3h) to now() step 5m by OperationName | mv-expand n to typeof(long) | summarize sum(n)`,
    expected: (d, now) => count(d.logs, (r) => {
      const t = canonicalTime(r.TimeGenerated);
      return t !== null && t >= shiftBack(now, 3 * HOUR_MS) && t < canonicalTime(now)!;
    }),
  },
  {
    name: "summarize make_set",
    query: `AzureDiagnostics | summarize s = make_set(OperationName) by Resource | extend n = array_length(s) | summarize sum(n)`,
    expected: (d) => distinct(d.logs, (r) => [r.Resource, r.OperationName]),
  },
  { name: "top-nested", query: `AzureDiagnostics | top-nested 3 of OperationName by count(), top-nested 2 of ResultType by count() | count` },
  {
    name: "extract",
    query: `AzureDiagnostics | extend vault = extract(@"https://([a-z0-9-]+)\\.vault", 1, requestUri_s) | summarize count() by vault | count`,
    expected: (d) => distinct(d.logs, (r) => [/https:\/\/([a-z0-9-]+)\.vault/.exec(str(r.requestUri_s))?.[1] ?? ""]),
  },
  {
    name: "parse_json + property",
    query: `AzureDiagnostics | extend p = parse_json(strcat('{"ip":"', CallerIPAddress, '","ms":', DurationMs, '}')) | where toint(p.ms) > 200 | count`,
    expected: (d) => count(d.logs, (r) => Number(r.DurationMs) > 200),
  },
  {
    name: "has_any (30 terms)",
    query: `AzureDiagnostics | where requestUri_s has_any (${THIRTY_TERMS.map((t) => `"${t}"`).join(", ")}) | count`,
    expected: (d) => count(d.logs, (r) => terms(r.requestUri_s).some((t) => THIRTY_TERMS.includes(t))),
  },
  {
    name: "in~ + has_any",
    query: `AzureDiagnostics | where OperationName in~ ("secretget", "keysign", "vaultget") and ResourceId has_any ("PAYMENTS", "identity") | count`,
    expected: (d) =>
      count(d.logs, (r) => ["secretget", "keysign", "vaultget"].includes(str(r.OperationName).toLowerCase()) && terms(r.ResourceId).some((t) => t === "payments" || t === "identity")),
  },
  {
    name: "ipv4_is_private",
    query: `AzureDiagnostics | where ipv4_is_private(CallerIPAddress) | count`,
    expected: (d) => count(d.logs, (r) => ipv4IsPrivate(r.CallerIPAddress) === true),
  },
  {
    name: "mv-apply (where)",
    query: `AzureDiagnostics | extend parts = split(OperationVersion, ".") | mv-apply p = parts to typeof(string) on (where p == "7") | count`,
    expected: (d) => d.logs.reduce((n, r) => n + str(r.OperationVersion).split(".").filter((p) => p === "7").length, 0),
  },
  {
    name: "mv-apply (summarize)",
    query: `AzureDiagnostics | extend parts = split(OperationVersion, ".") | mv-apply p = parts to typeof(string) on (summarize n = countif(p == "7")) | summarize sum(n)`,
    expected: (d) => d.logs.reduce((n, r) => n + str(r.OperationVersion).split(".").filter((p) => p === "7").length, 0),
  },
  {
    name: "partition (top 1 per partition, ~150k partitions)",
    query: `AzureDiagnostics | partition hint.strategy=native by Resource (top 1 by DurationMs desc) | count`,
    expected: (d) => distinct(d.logs, (r) => [r.Resource]),
  },
  {
    name: "result rows (take 20k, all 246 columns)",
    query: `AzureDiagnostics | take 20000`, rows: true,
    expected: (d) => Math.min(20_000, d.logs.length),
  },
];

/** A case's answer from its result: the number of rows (`rows`), or the first row's first value. */
export function answerOf(spec: MicroCaseSpec, result: { rows: readonly Record<string, unknown>[] }): number {
  if (spec.rows) return result.rows.length;
  const first = result.rows[0];
  return first ? Number(Object.values(first)[0]) : 0;
}
