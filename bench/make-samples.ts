/**
 * Writes the seed rule's bundled sample logs (rules/ti-map-ip-entity-to-azure-key-vault/samples/):
 * ThreatIntelligenceIndicator.jsonl, AzureDiagnostics.jsonl, replay.json ({ "now": ... }) and
 * expected-alerts.json (what the rule must return, computed here by a hand-written evaluation of the rule).
 *
 * Run from the repository root:
 *   npx tsc -p bench/tsconfig.json && node node_modules/.cache/kql-bench/bench/make-samples.js [outDir]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatDateTime, parseDateTime, TICKS_PER_DAY, TICKS_PER_HOUR } from "../src/runtime/values.js";
import { generateIndicators, generateKeyVaultLogs, indicatorIps, type Row } from "./generate.js";

export const SAMPLE_NOW = "2026-11-28T12:00:00.0000000Z";
export const SAMPLE_SEED = 20261128;
const INDICATOR_ROWS = 300;
const LOG_ROWS = 600;

function isPrivateIpv4(ip: string): boolean | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

export interface ExpectedAlert {
  IndicatorId: string;
  ClientIP: string;
  KeyVaultEvents_TimeGenerated: string;
}

/**
 * The seed rule (1.3.4) evaluated by hand over rows, as the reference the engine's answer is checked against.
 * The samples give every live indicator its own IP, so innerunique's choice of left row cannot change it.
 */
export function seedRuleReference(indicators: readonly Row[], logs: readonly Row[], now: string): ExpectedAlert[] {
  const nowT = parseDateTime(now)!;
  const ti = (row: Row, f: string): string => (typeof row[f] === "string" ? (row[f] as string) : "");
  const time = (v: unknown): bigint | null => (typeof v === "string" ? parseDateTime(v) : null);
  // let IP_Indicators = ...
  const latest = new Map<string, { t: bigint; row: Row; ip: string }>();
  for (const row of indicators) {
    const t = time(row.TimeGenerated);
    if (t === null || t < nowT - 14n * TICKS_PER_DAY) continue;
    let ip = ti(row, "NetworkIP") !== "" ? ti(row, "NetworkIP") : ti(row, "NetworkDestinationIP");
    if (ip === "" && ti(row, "NetworkSourceIP") !== "") ip = ti(row, "NetworkSourceIP");
    if (ip === "" && ti(row, "EmailSourceIpAddress") !== "") ip = ti(row, "EmailSourceIpAddress");
    if (ip === "") continue;
    if (isPrivateIpv4(ip) !== false) continue; // null (not IPv4) == false is not true
    const lower = ip.toLowerCase();
    if (lower.startsWith("fe80") || ip.startsWith("::") || ip.startsWith("127.")) continue;
    const id = ti(row, "IndicatorId");
    const prior = latest.get(id);
    if (!prior || t > prior.t) latest.set(id, { t, row, ip });
  }
  const byIp = new Map<string, { id: string; expires: bigint }>();
  for (const [id, { row, ip }] of latest) {
    const expires = time(row.ExpirationDateTime);
    if (row.Active !== true || expires === null || !(expires > nowT)) continue;
    if (byIp.has(ip)) throw new Error(`samples: two live indicators share ${ip}; innerunique would make the answer arbitrary`);
    byIp.set(ip, { id, expires });
  }
  // | join kind=innerunique (AzureDiagnostics | where ResourceType =~ "VAULTS" | where TimeGenerated >= ago(1h)) on IP
  const best = new Map<string, ExpectedAlert & { t: bigint }>();
  for (const row of logs) {
    if (typeof row.ResourceType !== "string" || row.ResourceType.toLowerCase() !== "vaults") continue;
    const t = time(row.TimeGenerated);
    if (t === null || t < nowT - TICKS_PER_HOUR) continue;
    const ip = typeof row.CallerIPAddress === "string" ? row.CallerIPAddress : "";
    const ind = byIp.get(ip);
    if (!ind || !(t < ind.expires)) continue;
    const key = `${ind.id}\u0000${ip}`;
    const prior = best.get(key);
    if (!prior || t > prior.t) best.set(key, { IndicatorId: ind.id, ClientIP: ip, KeyVaultEvents_TimeGenerated: formatDateTime(t), t });
  }
  return [...best.values()]
    .sort((a, b) => (a.IndicatorId < b.IndicatorId ? -1 : a.IndicatorId > b.IndicatorId ? 1 : a.ClientIP < b.ClientIP ? -1 : 1))
    .map(({ IndicatorId, ClientIP, KeyVaultEvents_TimeGenerated }) => ({ IndicatorId, ClientIP, KeyVaultEvents_TimeGenerated }));
}

/**
 * The cases the samples exist to show, counted: alerts from lower-case `vaults` rows, and Key Vault rows in
 * the last hour from indicators the rule must not match (private, loopback, IPv6, expired, inactive), plus
 * live-indicator hits the rule must drop (non-Key-Vault rows, rows older than an hour).
 */
export function sampleCoverage(indicators: readonly Row[], logs: readonly Row[], now: string, alerts: readonly ExpectedAlert[]): Record<string, number> {
  const nowT = parseDateTime(now)!;
  const ipOf = (row: Row): string => {
    for (const f of ["NetworkIP", "NetworkDestinationIP", "NetworkSourceIP", "EmailSourceIpAddress"]) if (typeof row[f] === "string" && row[f] !== "") return row[f] as string;
    return "";
  };
  const latest = new Map<string, Row>();
  for (const row of indicators) {
    const prior = latest.get(row.IndicatorId as string);
    if (!prior || (row.TimeGenerated as string) > (prior.TimeGenerated as string)) latest.set(row.IndicatorId as string, row);
  }
  const why = new Map<string, string>();
  for (const row of latest.values()) {
    const ip = ipOf(row);
    if (ip === "") continue;
    const p = isPrivateIpv4(ip);
    const reason =
      p === null ? "ipv6" : p ? "private" : ip.startsWith("127.") ? "loopback" : parseDateTime(row.ExpirationDateTime as string)! <= nowT ? "expired" : row.Active !== true ? "inactive" : "live";
    why.set(ip, reason);
  }
  const out: Record<string, number> = { alerts: alerts.length, alertsFromLowerCaseVaults: 0 };
  const alertTimes = new Set(alerts.map((a) => `${a.ClientIP} ${a.KeyVaultEvents_TimeGenerated}`));
  for (const row of logs) {
    const reason = why.get(row.CallerIPAddress as string);
    if (!reason) continue;
    const recent = parseDateTime(row.TimeGenerated as string)! >= nowT - TICKS_PER_HOUR;
    const kv = (row.ResourceType as string).toLowerCase() === "vaults";
    let key: string;
    if (reason === "live") key = !kv ? "liveIndicatorNonKeyVaultRows" : !recent ? "liveIndicatorRowsOlderThanAnHour" : "liveIndicatorRecentKeyVaultRows";
    else if (kv && recent) key = `recentKeyVaultRowsFrom_${reason}_indicators`;
    else continue;
    out[key] = (out[key] ?? 0) + 1;
    if (row.ResourceType === "vaults" && alertTimes.has(`${row.CallerIPAddress as string} ${row.TimeGenerated as string}`)) out.alertsFromLowerCaseVaults!++;
  }
  return out;
}

function jsonl(rows: readonly Row[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
}

export function makeSamples(outDir: string): ExpectedAlert[] {
  const indicators = generateIndicators(INDICATOR_ROWS, SAMPLE_SEED, SAMPLE_NOW);
  const ips = indicatorIps(indicators);
  const logs = generateKeyVaultLogs(LOG_ROWS, SAMPLE_SEED + 1, SAMPLE_NOW, ips, { hitRate: 0.08 });
  const expected = seedRuleReference(indicators, logs, SAMPLE_NOW);
  const coverage = sampleCoverage(indicators, logs, SAMPLE_NOW, expected);
  const needed = ["alertsFromLowerCaseVaults", "liveIndicatorNonKeyVaultRows", "liveIndicatorRowsOlderThanAnHour", "recentKeyVaultRowsFrom_private_indicators", "recentKeyVaultRowsFrom_ipv6_indicators", "recentKeyVaultRowsFrom_expired_indicators"];
  const missing = needed.filter((k) => !coverage[k]);
  if (expected.length < 3 || expected.length > 15 || missing.length > 0) {
    throw new Error(`samples do not cover the rule's cases (${JSON.stringify(coverage)}); missing: ${missing.join(", ")}`);
  }
  console.log(JSON.stringify(coverage));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "ThreatIntelligenceIndicator.jsonl"), jsonl(indicators));
  writeFileSync(join(outDir, "AzureDiagnostics.jsonl"), jsonl(logs));
  writeFileSync(join(outDir, "replay.json"), JSON.stringify({ now: SAMPLE_NOW }, null, 2) + "\n");
  writeFileSync(join(outDir, "expected-alerts.json"), JSON.stringify(expected, null, 2) + "\n");
  return expected;
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop()!);
if (isMain) {
  const out = process.argv[2] ?? "rules/ti-map-ip-entity-to-azure-key-vault/samples";
  const expected = makeSamples(out);
  console.log(`wrote ${INDICATOR_ROWS} indicators and ${LOG_ROWS} AzureDiagnostics rows to ${out}; the rule must raise ${expected.length} alerts:`);
  for (const a of expected) console.log(`  ${a.KeyVaultEvents_TimeGenerated}  ${a.ClientIP.padEnd(16)} ${a.IndicatorId}`);
}
