/**
 * The seed rule (TI map IP entity to Azure Key Vault logs, 1.3.4) three ways, for the benchmark:
 * a hand-written single pass over the row objects (the practical limit), arquero, and kql-replay itself.
 *
 * The hand-written and arquero versions follow the rule's semantics exactly: the 14-day and one-hour
 * look-backs, `ipv4_is_private` null (so excluded) for anything that is not IPv4, `!startswith` ignoring
 * case, `=~ "VAULTS"` ignoring case, `arg_max(TimeGenerated, *)` per IndicatorId, innerunique keeping one
 * indicator per IP, the expiry filter after the join, and the latest Key Vault event per (IndicatorId, IP).
 * Datetimes are the canonical ISO-8601 text the generator writes (28 characters, seven fractional
 * digits), which orders as text; anything else is normalised to that form first.
 */
import * as aq from "arquero";
import type { Row } from "./generate.js";
import { canonicalTime, DAY_MS, HOUR_MS, ipv4IsPrivate, shiftBack, str } from "./reference.js";

export const OUTPUT_COLUMNS = [
  "KeyVaultEvents_TimeGenerated",
  "Description",
  "ActivityGroupNames",
  "IndicatorId",
  "ThreatType",
  "Url",
  "ExpirationDateTime",
  "ConfidenceScore",
  "TI_ipEntity",
  "ClientIP",
  "ResourceId",
  "SubscriptionId",
  "OperationName",
  "ResultType",
  "CorrelationId",
  "id_s",
  "clientInfo_s",
  "httpStatusCode_d",
  "identity_claim_appid_g",
  "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g",
  "Type",
  "timestamp",
] as const;

/** Columns taken from the indicator side and from the Key Vault side of the join. */
const LEFT_COLUMNS = ["Description", "ActivityGroupNames", "IndicatorId", "ThreatType", "Url", "ExpirationDateTime", "ConfidenceScore", "TI_ipEntity", "Type"];
const RIGHT_COLUMNS = [
  "KeyVaultEvents_TimeGenerated",
  "ClientIP",
  "ResourceId",
  "SubscriptionId",
  "OperationName",
  "ResultType",
  "CorrelationId",
  "id_s",
  "clientInfo_s",
  "httpStatusCode_d",
  "identity_claim_appid_g",
  "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g",
];

function startsWithIgnoreCase(s: string, prefix: string): boolean {
  return s.length >= prefix.length && s.slice(0, prefix.length).toLowerCase() === prefix;
}

/** Milliseconds per phase of the hand-written pass, added to over runs (`npm run bench -- --phases`). */
export interface HandwrittenPhases {
  indicators: number;
  byIp: number;
  keyVaultRows: number;
  output: number;
}

/**
 * The rule as one pass over the indicators and one over the Key Vault rows. With `phases`, the time of
 * each phase is added to it (four clock reads per call, nothing inside the loops).
 */
export function handwrittenSeedRule(indicators: readonly Row[], logs: readonly Row[], now: string, phases?: HandwrittenPhases): Record<string, unknown>[] {
  let phaseStart = phases ? performance.now() : 0;
  const endPhase = (name: keyof HandwrittenPhases): void => {
    if (!phases) return;
    const t = performance.now();
    phases[name] += t - phaseStart;
    phaseStart = t;
  };
  const nowC = canonicalTime(now)!;
  const iocFrom = shiftBack(now, 14 * DAY_MS);
  const logFrom = shiftBack(now, HOUR_MS);

  // IP_Indicators: filters, TI_ipEntity, arg_max(TimeGenerated, *) by IndicatorId
  const latest = new Map<string, { t: string; row: Row; ip: string }>();
  for (let i = 0; i < indicators.length; i++) {
    const row = indicators[i]!;
    const nip = str(row.NetworkIP);
    const dip = str(row.NetworkDestinationIP);
    const sip = str(row.NetworkSourceIP);
    const eip = str(row.EmailSourceIpAddress);
    if (nip === "" && eip === "" && dip === "" && sip === "") continue;
    const t = canonicalTime(row.TimeGenerated);
    if (t === null || t < iocFrom) continue;
    let ip = nip !== "" ? nip : dip;
    if (ip === "" && sip !== "") ip = sip;
    if (ip === "" && eip !== "") ip = eip;
    if (ipv4IsPrivate(ip) !== false) continue;
    if (startsWithIgnoreCase(ip, "fe80") || ip.startsWith("::") || ip.startsWith("127.")) continue;
    const id = str(row.IndicatorId);
    const prior = latest.get(id);
    if (prior === undefined || t > prior.t) latest.set(id, { t, row, ip });
  }
  endPhase("indicators");
  // | where Active == true and ExpirationDateTime > now(); innerunique keeps one indicator per IP
  const byIp = new Map<string, { row: Row; expires: string }>();
  for (const { row, ip } of latest.values()) {
    const expires = canonicalTime(row.ExpirationDateTime);
    if (row.Active !== true || expires === null || !(expires > nowC)) continue;
    if (!byIp.has(ip)) byIp.set(ip, { row, expires });
  }
  endPhase("byIp");
  // AzureDiagnostics | where ResourceType =~ "VAULTS" | where TimeGenerated >= ago(1h), joined on the IP,
  // expiry, then arg_max(KeyVaultEvents_TimeGenerated, *) by IndicatorId, ClientIP (one indicator per IP).
  const best = new Map<string, { t: string; row: Row; ind: Row }>();
  for (let i = 0; i < logs.length; i++) {
    const row = logs[i]!;
    const rt = row.ResourceType;
    if (rt !== "VAULTS" && !(typeof rt === "string" && rt.length === 6 && rt.toUpperCase() === "VAULTS")) continue;
    const t = canonicalTime(row.TimeGenerated);
    if (t === null || t < logFrom) continue;
    const ip = row.CallerIPAddress;
    if (typeof ip !== "string") continue;
    const hit = byIp.get(ip);
    if (hit === undefined || !(t < hit.expires)) continue;
    const prior = best.get(ip);
    if (prior === undefined || t > prior.t) best.set(ip, { t, row, ind: hit.row });
  }
  endPhase("keyVaultRows");
  const out: Record<string, unknown>[] = [];
  for (const [ip, { t, row, ind }] of best) {
    out.push({
      KeyVaultEvents_TimeGenerated: t,
      Description: str(ind.Description),
      ActivityGroupNames: str(ind.ActivityGroupNames),
      IndicatorId: str(ind.IndicatorId),
      ThreatType: str(ind.ThreatType),
      Url: str(ind.Url),
      ExpirationDateTime: canonicalTime(ind.ExpirationDateTime),
      ConfidenceScore: ind.ConfidenceScore ?? null,
      TI_ipEntity: ip,
      ClientIP: ip,
      ResourceId: str(row.ResourceId),
      SubscriptionId: str(row.SubscriptionId),
      OperationName: str(row.OperationName),
      ResultType: str(row.ResultType),
      CorrelationId: str(row.CorrelationId),
      id_s: str(row.id_s),
      clientInfo_s: str(row.clientInfo_s),
      httpStatusCode_d: row.httpStatusCode_d ?? null,
      identity_claim_appid_g: str(row.identity_claim_appid_g),
      identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g: str(row.identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g),
      Type: str(ind.Type),
      timestamp: t,
    });
  }
  endPhase("output");
  return out;
}

// ---------------------------------------------------------------------------------------------------
// arquero

let registered = false;
function registerFunctions(): void {
  if (registered) return;
  aq.addFunction("kql_ipv4_is_private", ipv4IsPrivate, { override: true });
  registered = true;
}

export interface ArqueroTables {
  ti: aq.ColumnTable;
  kv: aq.ColumnTable;
}

/** Loading: arquero's columnar tables from the row objects (all columns, as a user would). */
export function arqueroLoad(indicators: readonly Row[], logs: readonly Row[]): ArqueroTables {
  registerFunctions();
  return { ti: aq.from(indicators as Row[]), kv: aq.from(logs as Row[]) };
}

/** The rule as an arquero pipeline, materialised to row objects. */
export function arqueroQuery(t: ArqueroTables, now: string): Record<string, unknown>[] {
  const op = aq.op as unknown as Record<string, (...args: unknown[]) => unknown>;
  const params = { iocFrom: shiftBack(now, 14 * DAY_MS), logFrom: shiftBack(now, HOUR_MS), now: canonicalTime(now)! };
  type D = Record<string, string>;
  type P = typeof params;
  const indicators = t.ti
    .params(params)
    .filter((d: D) => !!d.NetworkIP || !!d.EmailSourceIpAddress || !!d.NetworkDestinationIP || !!d.NetworkSourceIP)
    .filter((d: D, $: P) => d.TimeGenerated! >= $.iocFrom)
    .derive({ TI_ipEntity: (d: D) => (d.NetworkIP ? d.NetworkIP : d.NetworkDestinationIP ? d.NetworkDestinationIP : d.NetworkSourceIP ? d.NetworkSourceIP : d.EmailSourceIpAddress) })
    .filter(
      (d: D) =>
        op.kql_ipv4_is_private!(d.TI_ipEntity) === false &&
        !op.startswith!(op.lower!(d.TI_ipEntity), "fe80") &&
        !op.startswith!(d.TI_ipEntity, "::") &&
        !op.startswith!(d.TI_ipEntity, "127."),
    )
    .groupby("IndicatorId")
    .filter((d: D) => d.TimeGenerated === op.max!(d.TimeGenerated))
    .ungroup()
    .filter((d: Record<string, unknown>, $: P) => d.Active === true && (d.ExpirationDateTime as string) > $.now)
    .dedupe("TI_ipEntity");
  const vault = t.kv
    .params(params)
    .filter((d: D, $: P) => op.upper!(d.ResourceType) === "VAULTS" && d.TimeGenerated! >= $.logFrom)
    .derive({ KeyVaultEvents_TimeGenerated: (d: D) => d.TimeGenerated, ClientIP: (d: D) => d.CallerIPAddress });
  return indicators
    .join(vault, [["TI_ipEntity"], ["ClientIP"]], [LEFT_COLUMNS, RIGHT_COLUMNS])
    .filter((d: D) => d.KeyVaultEvents_TimeGenerated! < d.ExpirationDateTime!)
    .groupby("IndicatorId", "ClientIP")
    .filter((d: D) => d.KeyVaultEvents_TimeGenerated === op.max!(d.KeyVaultEvents_TimeGenerated))
    .ungroup()
    .derive({ timestamp: (d: D) => d.KeyVaultEvents_TimeGenerated })
    .select([...OUTPUT_COLUMNS])
    .objects() as Record<string, unknown>[];
}
