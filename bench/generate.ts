/**
 * A seeded generator of log rows shaped like the seed rule's tables, for the bundled samples and the
 * benchmark. Same seed, same `now`, same rows: everything random comes from one mulberry32 stream.
 *
 *   generateIndicators(n, seed, now)                 ThreatIntelligenceIndicator rows (~25 columns)
 *   generateKeyVaultLogs(n, seed, now, indicatorIps)  AzureDiagnostics rows (~32 columns, mostly Key Vault)
 *
 * The data carries the cases the rule has to get right: public and private IPv4, loopback, IPv6 and
 * link-local indicators, indicators with no IP at all, expired indicators, indicators updated several times
 * whose latest record is inactive, records older than the 14-day look-back, Key Vault rows with
 * `ResourceType` both `VAULTS` and `vaults`, non-Key-Vault rows from the same IPs, and log rows older than
 * the one-hour look-back. Datetimes are ISO 8601 UTC with seven fractional digits, as Log Analytics exports.
 */
import { formatDateTime, parseDateTime, dateToTicks, TICKS_PER_MINUTE, TICKS_PER_HOUR, TICKS_PER_DAY } from "../src/runtime/values.js";

export type Row = Record<string, string | number | boolean | null>;

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX_LOWER = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const HEX_UPPER = Array.from("0123456789ABCDEF", (c) => c.charCodeAt(0));
const HEX_BUFS: number[][] = [];

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  hex(len: number, upper = false): string {
    // One flat string per call (a per-character `+=` builds a rope and garbage for the benchmark's millions of rows).
    const digits = upper ? HEX_UPPER : HEX_LOWER;
    const codes = (HEX_BUFS[len] ??= new Array<number>(len).fill(0));
    for (let i = 0; i < len; i++) codes[i] = digits[Math.floor(this.next() * 16)]!;
    return String.fromCharCode.apply(null, codes);
  }
  guid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${"89ab"[this.int(0, 3)]}${this.hex(3)}-${this.hex(12)}`;
  }
  /** A tick offset in [0, range) with sub-millisecond digits, so times print seven non-trivial fractional digits. */
  ticks(range: bigint): bigint {
    return BigInt(Math.floor(this.next() * Number(range)));
  }
}

/** Both tables come from one Log Analytics workspace, whatever the seeds. */
const WORKSPACE_TENANT = new Rng(0x7e4a47).guid();

function nowTicks(now: Date | string): bigint {
  const t = typeof now === "string" ? parseDateTime(now) : dateToTicks(now);
  if (t === null) throw new Error(`generate: not a datetime: ${String(now)}`);
  return t;
}

// ---------------------------------------------------------------------------------------------------
// IP addresses

function publicIpv4(r: Rng): string {
  for (;;) {
    const a = r.int(1, 223);
    // keep clear of private, loopback, link-local, CGNAT and multicast ranges
    if (a === 10 || a === 127 || a === 100 || a === 169 || a === 172 || a === 192 || a === 0) continue;
    return `${a}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  }
}

function privateIpv4(r: Rng): string {
  switch (r.int(0, 2)) {
    case 0:
      return `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
    case 1:
      return `172.${r.int(16, 31)}.${r.int(0, 255)}.${r.int(1, 254)}`;
    default:
      return `192.168.${r.int(0, 255)}.${r.int(1, 254)}`;
  }
}

function publicIpv6(r: Rng): string {
  return `${r.pick(["2a01", "2a02", "2600", "2607", "2001", "2a0e"])}:${r.hex(4)}:${r.hex(4)}:${r.hex(2)}::${r.hex(3)}`;
}

function linkLocalOrSpecialIpv6(r: Rng): string {
  return r.chance(0.6) ? `fe80::${r.hex(4)}:${r.hex(4)}:${r.hex(4)}:${r.hex(4)}` : `::ffff:${publicIpv4(r)}`;
}

// ---------------------------------------------------------------------------------------------------
// ThreatIntelligenceIndicator

const THREAT_TYPES = ["Botnet", "C2", "MaliciousUrl", "WatchList", "Malware", "Phishing", "Proxy", "CryptoMining"];
const DESCRIPTIONS = [
  "Cobalt Strike team server observed in intrusion activity",
  "Tor exit node",
  "Source of password spray against cloud tenants",
  "Mass scanning for exposed management interfaces",
  "Commodity RAT command-and-control endpoint",
  "Phishing kit hosting infrastructure",
  "Open proxy used to anonymise access to cloud APIs",
  "Brute force source against SSH and RDP",
];
const ACTIVITY_GROUPS = ["", "", "", "Storm-0558", "STRONTIUM", "NOBELIUM", "Midnight Blizzard", "Mint Sandstorm"];
const PROVIDERS = ["Microsoft Defender Threat Intelligence", "SecurityGraph", "Anomali ThreatStream", "MISP", "TAXII: Contoso feed"];
const TLP = ["white", "green", "amber", "red"];
const MALWARE = ["", "", "CobaltStrike", "Emotet", "QakBot", "AsyncRAT", "IcedID"];

type IpKind = "public4" | "private4" | "loopback" | "public6" | "special6" | "none";

function ipKind(r: Rng): IpKind {
  const x = r.float();
  if (x < 0.6) return "public4";
  if (x < 0.68) return "private4";
  if (x < 0.71) return "loopback";
  if (x < 0.79) return "public6";
  if (x < 0.82) return "special6";
  return "none";
}

/**
 * `n` ThreatIntelligenceIndicator rows. Indicators get one to three records (later records updating the
 * earlier ones, a share of them turning the indicator inactive), each indicator with an IP of its own,
 * so that after `arg_max(TimeGenerated, *) by IndicatorId` no two live indicators share an IP.
 */
export function generateIndicators(n: number, seed: number, now: Date | string): Row[] {
  const r = new Rng(seed);
  const end = nowTicks(now);
  const tenant = WORKSPACE_TENANT;
  const rows: Row[] = [];
  const used = new Set<string>();
  // Unique while the address space allows; a narrow range (loopback) may repeat at benchmark sizes.
  const uniqueIp = (make: () => string): string => {
    let ip = make();
    for (let attempt = 0; attempt < 20 && used.has(ip); attempt++) ip = make();
    used.add(ip);
    return ip;
  };

  while (rows.length < n) {
    const kind = ipKind(r);
    let ip = "";
    if (kind === "public4") ip = uniqueIp(() => publicIpv4(r));
    else if (kind === "private4") ip = uniqueIp(() => privateIpv4(r));
    else if (kind === "loopback") ip = uniqueIp(() => `127.${r.int(0, 3)}.${r.int(0, 255)}.${r.int(1, 254)}`);
    else if (kind === "public6") ip = uniqueIp(() => publicIpv6(r));
    else if (kind === "special6") ip = uniqueIp(() => linkLocalOrSpecialIpv6(r));
    const field = ip === "" ? "" : r.pick(["NetworkIP", "NetworkIP", "NetworkIP", "NetworkDestinationIP", "NetworkSourceIP", "EmailSourceIpAddress"]);

    const stix = r.chance(0.5);
    const externalId = `indicator--${r.guid()}`;
    const indicatorId = stix ? externalId : r.hex(64, true);
    const threatType = kind === "none" ? r.pick(["MaliciousUrl", "Phishing", "Malware"]) : r.pick(THREAT_TYPES);
    const domain = kind === "none" || r.chance(0.2) ? `${r.pick(["login", "cdn", "update", "secure", "mail"])}-${r.hex(6)}.${r.pick(["com", "net", "info", "xyz", "top"])}` : "";
    const url = domain !== "" && r.chance(0.6) ? `https://${domain}/${r.pick(["auth", "dl", "wp-content", "api/v2"])}/${r.hex(10)}` : "";
    const records = r.chance(0.7) ? 1 : r.chance(0.66) ? 2 : 3;
    // First seen 0-20 days ago; records older than the 14-day look-back exist and must be skipped.
    let t = end - TICKS_PER_MINUTE * 5n - r.ticks(20n * TICKS_PER_DAY);
    const validFor = BigInt(r.int(30, 90)) * TICKS_PER_DAY;
    let expires = t + validFor;
    // About one indicator in six has expired already.
    if (r.chance(0.16)) expires = end - TICKS_PER_HOUR - r.ticks(5n * TICKS_PER_DAY);
    const revokeLast = records > 1 && r.chance(0.35);
    const confidence = r.int(20, 100);

    for (let i = 0; i < records && rows.length < n; i++) {
      if (i > 0) t += TICKS_PER_HOUR + r.ticks((end - t) / 2n > TICKS_PER_HOUR ? (end - t) / 2n : TICKS_PER_HOUR);
      if (t >= end) t = end - r.ticks(TICKS_PER_MINUTE) - 1n;
      const last = i === records - 1;
      const row: Row = {
        TenantId: tenant,
        TimeGenerated: formatDateTime(t),
        SourceSystem: stix ? "Microsoft Sentinel" : "SecurityGraph",
        Action: r.pick(["alert", "alert", "block", "unknown"]),
        ActivityGroupNames: r.pick(ACTIVITY_GROUPS),
        AdditionalInformation: "",
        ConfidenceScore: Math.min(100, confidence + i * 5),
        Description: r.pick(DESCRIPTIONS),
        DomainName: domain,
        EmailSourceIpAddress: field === "EmailSourceIpAddress" ? ip : "",
        ExpirationDateTime: formatDateTime(expires),
        ExternalIndicatorId: externalId,
        IndicatorId: indicatorId,
        IndicatorProvider: stix ? r.pick(PROVIDERS.slice(2)) : r.pick(PROVIDERS.slice(0, 2)),
        MalwareNames: r.pick(MALWARE),
        NetworkDestinationIP: field === "NetworkDestinationIP" ? ip : "",
        NetworkIP: field === "NetworkIP" ? ip : "",
        NetworkSourceIP: field === "NetworkSourceIP" ? ip : "",
        Active: !(last && revokeLast),
        PassiveOnly: false,
        Tags: r.pick(["", "", '["ip","scanner"]', '["c2"]', '["tor"]']),
        ThreatSeverity: r.int(1, 5),
        ThreatType: threatType,
        TrafficLightProtocolLevel: r.pick(TLP),
        Url: url,
        Type: "ThreatIntelligenceIndicator",
      };
      rows.push(row);
    }
  }
  return rows;
}

/** The IP each indicator row carries (the first non-empty of the rule's four IP fields), distinct, in order. */
export function indicatorIps(indicators: readonly Row[]): string[] {
  const out = new Set<string>();
  for (const row of indicators) {
    for (const f of ["NetworkIP", "NetworkDestinationIP", "NetworkSourceIP", "EmailSourceIpAddress"]) {
      const v = row[f];
      if (typeof v === "string" && v !== "") {
        out.add(v);
        break;
      }
    }
  }
  return [...out];
}

// ---------------------------------------------------------------------------------------------------
// AzureDiagnostics

const KV_OPERATIONS: readonly [string, string][] = [
  ["SecretGet", "secrets"],
  ["SecretGet", "secrets"],
  ["SecretList", "secrets"],
  ["SecretSet", "secrets"],
  ["KeyGet", "keys"],
  ["KeySign", "keys"],
  ["KeyDecrypt", "keys"],
  ["KeyWrap", "keys"],
  ["CertificateGet", "certificates"],
  ["VaultGet", ""],
  ["Authentication", ""],
];
const RESULTS: readonly [string, string, number][] = [
  ["Success", "OK", 200],
  ["Success", "OK", 200],
  ["Success", "OK", 200],
  ["Success", "OK", 200],
  ["Unauthorized", "Unauthorized", 401],
  ["Forbidden", "Forbidden", 403],
  ["NotFound", "Not Found", 404],
];
const CLIENTS = [
  "azsdk-net-Security.KeyVault.Secrets/4.5.0 (.NET 6.0.25; Microsoft Windows 10.0.20348)",
  "azsdk-python-keyvault-secrets/4.7.0 Python/3.11.6 (Linux-5.15.0-1052-azure-x86_64-with-glibc2.35)",
  "azsdk-js-keyvault-secrets/4.8.0 core-rest-pipeline/1.13.0 Node/v20.11.0 OS/(x64-Linux-5.15.0-1057-azure)",
  "FxVersion/4.8.9181.0 OSName/Windows OSVersion/Microsoft.Windows.NT.10.0.17763.0 Microsoft.Azure.KeyVault.KeyVaultClient/3.0.5.1",
  "PowerShell/7.4.0 Az.KeyVault/5.2.0",
  "azure-cli/2.56.0 (MSI) azsdk-python-keyvault-keys/4.8.0",
  "Go/go1.21.5 (amd64-linux) azsdk-go-azsecrets/v1.1.0",
];
const SECRET_NAMES = ["sql-conn-string", "storage-key", "api-token", "tls-cert", "signing-key", "github-pat", "sp-client-secret", "redis-password"];
const OTHER_RESOURCES: readonly [string, string, string, string][] = [
  ["MICROSOFT.SQL", "SERVERS/DATABASES", "SQLSecurityAuditEvents", "AuditEvent"],
  ["MICROSOFT.LOGIC", "WORKFLOWS", "WorkflowRuntime", "Microsoft.Logic/workflows/workflowRunCompleted"],
  ["MICROSOFT.DATAFACTORY", "FACTORIES", "ActivityRuns", "MICROSOFT.DATAFACTORY/FACTORIES/ACTIVITYRUNS/READ"],
  ["MICROSOFT.NETWORK", "APPLICATIONGATEWAYS", "ApplicationGatewayAccessLog", "ApplicationGatewayAccess"],
  ["MICROSOFT.CDN", "PROFILES/ENDPOINTS", "AzureCdnAccessLog", "Microsoft.Cdn/Profiles/AccessLog/Write"],
];

export interface KeyVaultLogOptions {
  /** Share of rows whose caller IP is one of `indicatorIps` (default 0.03). */
  hitRate?: number;
  /** How far back rows go (default 3 hours; the rule looks back one). */
  span?: bigint;
  /** Share of rows from resources other than Key Vault (default 0.15). */
  otherResourceRate?: number;
}

/**
 * `n` AzureDiagnostics rows, about 32 columns each, most of them Key Vault AuditEvent records. A share
 * (`hitRate`) of the callers come from `indicatorIps`; the rest are public and private addresses.
 */
export function generateKeyVaultLogs(n: number, seed: number, now: Date | string, indicatorIpList: readonly string[], options: KeyVaultLogOptions = {}): Row[] {
  const r = new Rng(seed);
  const end = nowTicks(now);
  const hitRate = options.hitRate ?? 0.03;
  const span = options.span ?? 3n * TICKS_PER_HOUR;
  const otherRate = options.otherResourceRate ?? 0.15;
  const setup = new Rng(seed ^ 0x5eed);
  const tenant = WORKSPACE_TENANT;
  const subscriptions = [setup.guid(), setup.guid(), setup.guid()];
  const vaults = Array.from({ length: 12 }, () => ({
    name: `${setup.pick(["kv", "akv", "vault"])}-${setup.pick(["prod", "dev", "shared", "payments", "identity", "data"])}-${setup.hex(4)}`,
    group: `rg-${setup.pick(["platform", "apps", "security", "data", "networking"])}-${setup.pick(["weu", "neu", "eus", "wus2"])}`,
    subscription: setup.pick(subscriptions),
  }));
  const apps = Array.from({ length: 20 }, () => ({ appId: setup.guid(), objectId: setup.guid(), client: setup.pick(CLIENTS) }));
  const rows: Row[] = new Array<Row>(n);

  for (let i = 0; i < n; i++) {
    const t = end - r.ticks(span);
    const vault = r.pick(vaults);
    const app = r.pick(apps);
    const hit = indicatorIpList.length > 0 && r.chance(hitRate);
    const ip = hit ? r.pick(indicatorIpList) : r.chance(0.7) ? publicIpv4(r) : r.chance(0.85) ? privateIpv4(r) : publicIpv6(r);
    const [resultType, signature, status] = r.pick(RESULTS);
    const correlation = r.guid();
    const other = r.chance(otherRate);
    if (other) {
      const [provider, type, category, operation] = r.pick(OTHER_RESOURCES);
      const resource = `${type.split("/")[0]!.toLowerCase().slice(0, 6)}-${r.hex(6)}`.toUpperCase();
      const resourceId = `/SUBSCRIPTIONS/${vault.subscription.toUpperCase()}/RESOURCEGROUPS/${vault.group.toUpperCase()}/PROVIDERS/${provider}/${type.split("/")[0]}/${resource}`;
      rows[i] = {
        TenantId: tenant,
        TimeGenerated: formatDateTime(t),
        ResourceId: resourceId,
        Category: category,
        ResourceGroup: vault.group.toUpperCase(),
        SubscriptionId: vault.subscription,
        ResourceProvider: provider,
        Resource: resource,
        ResourceType: type,
        OperationName: operation,
        ResultType: resultType === "Success" ? "Succeeded" : "Failed",
        CorrelationId: correlation,
        ResultSignature: "",
        ResultDescription: "",
        DurationMs: r.int(1, 4000),
        CallerIPAddress: ip,
        OperationVersion: "",
        id_s: "",
        clientInfo_s: "",
        httpStatusCode_d: null,
        requestUri_s: type === "APPLICATIONGATEWAYS" ? `/api/orders/${r.int(1000, 99999)}?page=${r.int(1, 9)}` : "",
        identity_claim_appid_g: null,
        identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g: null,
        identity_claim_upn_s: "",
        isAccessPolicyMatch_b: null,
        trustedService_s: "",
        tlsVersion_s: "",
        properties_sku_Family_s: "",
        properties_sku_Name_s: "",
        Level: r.pick(["Informational", "Informational", "Warning", "Error"]),
        SourceSystem: "Azure",
        Type: "AzureDiagnostics",
        _ResourceId: resourceId.toLowerCase(),
      };
      continue;
    }
    const [operation, kind] = r.pick(KV_OPERATIONS);
    const secret = r.pick(SECRET_NAMES);
    const vaultUri = `https://${vault.name}.vault.azure.net`;
    const objectPath = kind === "" ? "" : `/${kind}/${secret}${operation.endsWith("List") ? "" : `/${r.hex(32)}`}`;
    const resourceId = `/SUBSCRIPTIONS/${vault.subscription.toUpperCase()}/RESOURCEGROUPS/${vault.group.toUpperCase()}/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/${vault.name.toUpperCase()}`;
    const user = r.chance(0.2);
    rows[i] = {
      TenantId: tenant,
      TimeGenerated: formatDateTime(t),
      ResourceId: resourceId,
      Category: "AuditEvent",
      ResourceGroup: vault.group.toUpperCase(),
      SubscriptionId: vault.subscription,
      ResourceProvider: "MICROSOFT.KEYVAULT",
      Resource: vault.name.toUpperCase(),
      // Log Analytics writes VAULTS; some exports and re-ingested data carry the lower-case form.
      ResourceType: r.chance(0.1) ? "vaults" : "VAULTS",
      OperationName: operation,
      ResultType: resultType,
      CorrelationId: correlation,
      ResultSignature: signature,
      ResultDescription: "",
      DurationMs: r.int(1, 250),
      CallerIPAddress: ip,
      OperationVersion: r.pick(["7.4", "7.3", "2016-10-01", "7.5"]),
      id_s: kind === "" ? `${vaultUri}/` : `${vaultUri}${objectPath}`,
      clientInfo_s: app.client,
      httpStatusCode_d: status,
      requestUri_s: `${vaultUri}${objectPath}?api-version=${r.pick(["7.4", "7.3", "2016-10-01"])}`,
      identity_claim_appid_g: app.appId,
      identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g: app.objectId,
      identity_claim_upn_s: user ? `${r.pick(["alex", "sam", "jordan", "priya", "wei"])}.${r.pick(["ng", "patel", "garcia", "smith"])}@contoso.com` : "",
      isAccessPolicyMatch_b: status === 200,
      trustedService_s: r.chance(0.05) ? "AzureBackup" : "",
      tlsVersion_s: r.chance(0.95) ? "TLS1_2" : "TLS1_3",
      properties_sku_Family_s: operation === "VaultGet" ? "A" : "",
      properties_sku_Name_s: operation === "VaultGet" ? r.pick(["standard", "premium"]) : "",
      Level: "",
      SourceSystem: "Azure",
      Type: "AzureDiagnostics",
      _ResourceId: resourceId.toLowerCase(),
    };
  }
  return rows;
}
