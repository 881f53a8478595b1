/**
 * The seed rule, stage by stage (../shared/seed/ti-map-ip-entity-to-azure-key-vault.txt): each test
 * builds the smallest indicator and Key Vault rows that exercise one stage, with a positive case that
 * fires and a negative case that must not.
 */
import { readFileSync } from "node:fs";
import { runQuerySync } from "../../src/api.js";
import type { InputRow, QueryResult } from "../../src/api-types.js";

const RULE = readFileSync(new URL("../../rules/ti-map-ip-entity-to-azure-key-vault/rule.yaml", import.meta.url), "utf8");
const NOW = "2026-11-28T12:00:00Z";

let counter = 0;

/** An active, unexpired indicator seen an hour ago, with no IP fields set. */
function indicator(fields: Partial<Record<string, unknown>>): InputRow {
  counter++;
  return {
    TimeGenerated: "2026-11-28T11:00:00Z",
    IndicatorId: `ind-${counter}`,
    Active: true,
    ExpirationDateTime: "2027-01-01T00:00:00Z",
    Description: `indicator ${counter}`,
    ThreatType: "Botnet",
    ConfidenceScore: 80,
    NetworkIP: "",
    NetworkDestinationIP: "",
    NetworkSourceIP: "",
    EmailSourceIpAddress: "",
    Type: "ThreatIntelligenceIndicator",
    ...fields,
  };
}

/** A Key Vault audit event ten minutes ago from the given caller IP. */
function vaultEvent(ip: string, fields: Partial<Record<string, unknown>> = {}): InputRow {
  return {
    TimeGenerated: "2026-11-28T11:50:00Z",
    ResourceType: "VAULTS",
    CallerIPAddress: ip,
    OperationName: "SecretGet",
    ResourceId: "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1",
    SubscriptionId: "00000000-0000-0000-0000-000000000001",
    Type: "AzureDiagnostics",
    ...fields,
  };
}

function replay(indicators: InputRow[], events: InputRow[]): QueryResult {
  return runQuerySync(RULE, { ThreatIntelligenceIndicator: indicators, AzureDiagnostics: events }, { now: NOW });
}

function alertIps(indicators: InputRow[], events: InputRow[]): string[] {
  return replay(indicators, events).rows.map((r) => r.ClientIP as string);
}

describe("stage 2: an indicator needs at least one IP field", () => {
  it.each(["NetworkIP", "NetworkDestinationIP", "NetworkSourceIP", "EmailSourceIpAddress"])("fires when only %s is set", (field) => {
    expect(alertIps([indicator({ [field]: "20.1.2.3" })], [vaultEvent("20.1.2.3")])).toEqual(["20.1.2.3"]);
  });
  it("does not fire for an indicator without any IP", () => {
    expect(alertIps([indicator({ Url: "http://x" })], [vaultEvent("20.1.2.3"), vaultEvent("")])).toEqual([]);
  });
});

describe("stage 4: TI_ipEntity falls back NetworkIP -> NetworkDestinationIP -> NetworkSourceIP -> EmailSourceIpAddress", () => {
  const all = { NetworkIP: "20.0.0.1", NetworkDestinationIP: "20.0.0.2", NetworkSourceIP: "20.0.0.3", EmailSourceIpAddress: "20.0.0.4" };
  const events = ["20.0.0.1", "20.0.0.2", "20.0.0.3", "20.0.0.4"].map((ip) => vaultEvent(ip));
  it("prefers NetworkIP", () => expect(alertIps([indicator(all)], events)).toEqual(["20.0.0.1"]));
  it("then NetworkDestinationIP", () => expect(alertIps([indicator({ ...all, NetworkIP: "" })], events)).toEqual(["20.0.0.2"]));
  it("then NetworkSourceIP", () => expect(alertIps([indicator({ ...all, NetworkIP: "", NetworkDestinationIP: "" })], events)).toEqual(["20.0.0.3"]));
  it("then EmailSourceIpAddress", () =>
    expect(alertIps([indicator({ EmailSourceIpAddress: "20.0.0.4", NetworkIP: "", NetworkDestinationIP: "", NetworkSourceIP: "" })], events)).toEqual(["20.0.0.4"]));
  it("a null field counts as empty", () =>
    expect(alertIps([indicator({ NetworkIP: null, NetworkDestinationIP: undefined, NetworkSourceIP: "20.0.0.3" })], events)).toEqual(["20.0.0.3"]));
});

describe("stage 5: private, link-local, unspecified and loopback indicators are excluded", () => {
  const fires = (ip: string): boolean => alertIps([indicator({ NetworkIP: ip })], [vaultEvent(ip)]).length === 1;
  it.each(["10.0.0.1", "10.255.255.255", "172.16.0.0", "172.31.255.255", "192.168.1.1"])("private %s does not fire", (ip) => expect(fires(ip)).toBe(false));
  it.each(["172.15.255.255", "172.32.0.1", "11.0.0.1", "192.169.0.1", "169.254.1.1"])("public (for ipv4_is_private) %s fires", (ip) => expect(fires(ip)).toBe(true));
  it("127. is excluded by its startswith even though ipv4_is_private says false", () => expect(fires("127.0.0.1")).toBe(false));
  it.each(["fe80::1", "::1", "2001:db8::1"])("IPv6 %s never fires: ipv4_is_private gives null and null == false is false", (ip) => expect(fires(ip)).toBe(false));
});

describe("stage 6-7: the latest record of an indicator decides, and it must be active and unexpired", () => {
  const ip = "20.5.5.5";
  it("an inactive latest record suppresses an earlier active one", () => {
    const rows = [
      indicator({ IndicatorId: "X", NetworkIP: ip, TimeGenerated: "2026-11-27T00:00:00Z", Active: true }),
      indicator({ IndicatorId: "X", NetworkIP: ip, TimeGenerated: "2026-11-28T00:00:00Z", Active: false }),
    ];
    expect(alertIps(rows, [vaultEvent(ip)])).toEqual([]);
  });
  it("an active latest record fires despite an earlier inactive one", () => {
    const rows = [
      indicator({ IndicatorId: "X", NetworkIP: ip, TimeGenerated: "2026-11-27T00:00:00Z", Active: false }),
      indicator({ IndicatorId: "X", NetworkIP: ip, TimeGenerated: "2026-11-28T00:00:00Z", Active: true, Description: "latest" }),
    ];
    const r = replay(rows, [vaultEvent(ip)]);
    expect(r.rows.map((x) => x.Description)).toEqual(["latest"]);
  });
  it("an expired indicator does not fire", () => {
    expect(alertIps([indicator({ NetworkIP: ip, ExpirationDateTime: "2026-11-28T11:59:59Z" })], [vaultEvent(ip)])).toEqual([]);
  });
  it("a Key Vault event after the indicator expired does not fire (stage 9)", () => {
    const ind = indicator({ NetworkIP: ip, ExpirationDateTime: "2026-11-28T12:30:00Z" });
    expect(alertIps([ind], [vaultEvent(ip, { TimeGenerated: "2026-11-28T12:45:00Z" })])).toEqual([]);
    expect(alertIps([ind], [vaultEvent(ip, { TimeGenerated: "2026-11-28T12:15:00Z" })])).toEqual([ip]);
  });
});

describe("lookback windows", () => {
  const ip = "20.6.6.6";
  it("indicators from exactly 14 days ago count, one tick older do not", () => {
    expect(alertIps([indicator({ NetworkIP: ip, TimeGenerated: "2026-11-14T12:00:00.0000000Z" })], [vaultEvent(ip)])).toEqual([ip]);
    expect(alertIps([indicator({ NetworkIP: ip, TimeGenerated: "2026-11-14T11:59:59.9999999Z" })], [vaultEvent(ip)])).toEqual([]);
  });
  it("Key Vault events from exactly 1 hour ago count, one tick older do not", () => {
    expect(alertIps([indicator({ NetworkIP: ip })], [vaultEvent(ip, { TimeGenerated: "2026-11-28T11:00:00.0000000Z" })])).toEqual([ip]);
    expect(alertIps([indicator({ NetworkIP: ip })], [vaultEvent(ip, { TimeGenerated: "2026-11-28T10:59:59.9999999Z" })])).toEqual([]);
  });
});

describe("stage 8: the Key Vault side", () => {
  const ip = "20.7.7.7";
  it("matches ResourceType case-insensitively with =~", () => {
    expect(alertIps([indicator({ NetworkIP: ip })], [vaultEvent(ip, { ResourceType: "vaults" })])).toEqual([ip]);
    expect(alertIps([indicator({ NetworkIP: ip })], [vaultEvent(ip, { ResourceType: "VAULTSX" })])).toEqual([]);
    expect(alertIps([indicator({ NetworkIP: ip })], [vaultEvent(ip, { ResourceType: "STORAGEACCOUNTS" })])).toEqual([]);
  });
  it("innerunique keeps one indicator per IP: two indicators on one IP give one alert", () => {
    const r = replay([indicator({ IndicatorId: "A", NetworkIP: ip }), indicator({ IndicatorId: "B", NetworkIP: ip })], [vaultEvent(ip)]);
    expect(r.rows).toHaveLength(1);
    expect(["A", "B"]).toContain(r.rows[0]!.IndicatorId);
  });
  it("joins on the exact IP text", () => {
    expect(alertIps([indicator({ NetworkIP: ip })], [vaultEvent("20.7.7.70"), vaultEvent(" 20.7.7.7")])).toEqual([]);
  });
});

describe("stage 10-12: one alert per indicator and client IP, from the latest event, with the rule's columns", () => {
  const ip = "20.8.8.8";
  it("keeps the latest Key Vault event's columns", () => {
    const events = [
      vaultEvent(ip, { TimeGenerated: "2026-11-28T11:10:00Z", OperationName: "SecretList" }),
      vaultEvent(ip, { TimeGenerated: "2026-11-28T11:40:00.1234567Z", OperationName: "SecretGet" }),
      vaultEvent(ip, { TimeGenerated: "2026-11-28T11:20:00Z", OperationName: "KeySign" }),
    ];
    const r = replay([indicator({ NetworkIP: ip })], events);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      OperationName: "SecretGet",
      KeyVaultEvents_TimeGenerated: "2026-11-28T11:40:00.1234567Z",
      timestamp: "2026-11-28T11:40:00.1234567Z",
      Type: "ThreatIntelligenceIndicator",
    });
  });
  it("outputs exactly the projected columns, in order, typed", () => {
    const r = replay([indicator({ NetworkIP: ip })], [vaultEvent(ip)]);
    expect(r.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      "KeyVaultEvents_TimeGenerated:datetime",
      "Description:string",
      "ActivityGroupNames:string",
      "IndicatorId:string",
      "ThreatType:string",
      "Url:string",
      "ExpirationDateTime:datetime",
      "ConfidenceScore:real",
      "TI_ipEntity:string",
      "ClientIP:string",
      "ResourceId:string",
      "SubscriptionId:string",
      "OperationName:string",
      "ResultType:string",
      "CorrelationId:string",
      "id_s:string",
      "clientInfo_s:string",
      "httpStatusCode_d:real",
      "identity_claim_appid_g:guid",
      "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g:guid",
      "Type:string",
      "timestamp:datetime",
    ]);
  });
  it("gives the same typed columns over empty tables", () => {
    const r = replay([], []);
    expect(r.rows).toEqual([]);
    expect(r.columns).toHaveLength(22);
  });
});

describe("the bundled sample logs", () => {
  it("fire exactly the alerts the generator planted", () => {
    const dir = new URL("../../rules/ti-map-ip-entity-to-azure-key-vault/samples/", import.meta.url);
    const load = (name: string): InputRow[] =>
      readFileSync(new URL(name, dir), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as InputRow);
    const { now } = JSON.parse(readFileSync(new URL("replay.json", dir), "utf8")) as { now: string };
    const expected = JSON.parse(readFileSync(new URL("expected-alerts.json", dir), "utf8")) as { IndicatorId: string; ClientIP: string }[];
    const r = runQuerySync(RULE, { ThreatIntelligenceIndicator: load("ThreatIntelligenceIndicator.jsonl"), AzureDiagnostics: load("AzureDiagnostics.jsonl") }, { now });
    const key = (x: { ClientIP?: unknown }): string => String(x.ClientIP);
    expect(r.rows.map(key).sort()).toEqual(expected.map(key).sort());
    expect(r.rows.length).toBeGreaterThan(0);
  });
});
