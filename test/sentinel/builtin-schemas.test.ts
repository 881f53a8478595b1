import { BUILTIN_SCHEMAS, typeFromSuffix } from "../../src/sentinel/builtin-schemas.js";
import { loadRule } from "../../src/sentinel/rule.js";
import { readFileSync } from "node:fs";
import { runQuerySync } from "../../src/api.js";
import { buildCatalog } from "../../src/binder/catalog.js";

const typeOf = (table: string, column: string): string | undefined => BUILTIN_SCHEMAS[table]!.find((c) => c.name === column)?.type;

describe("BUILTIN_SCHEMAS", () => {
  it("knows the seed rule's two tables", () => {
    expect(Object.keys(BUILTIN_SCHEMAS).sort()).toEqual(["AzureDiagnostics", "ThreatIntelligenceIndicator"]);
  });

  it("types ThreatIntelligenceIndicator as the reference does", () => {
    expect(typeOf("ThreatIntelligenceIndicator", "Active")).toBe("bool");
    expect(typeOf("ThreatIntelligenceIndicator", "ConfidenceScore")).toBe("real");
    expect(typeOf("ThreatIntelligenceIndicator", "ExpirationDateTime")).toBe("datetime");
    expect(typeOf("ThreatIntelligenceIndicator", "ThreatSeverity")).toBe("int");
    expect(typeOf("ThreatIntelligenceIndicator", "NetworkIP")).toBe("string");
    expect(typeOf("ThreatIntelligenceIndicator", "_ResourceId")).toBe("string");
  });

  it("has every AzureDiagnostics column the seed rule uses, typed by suffix", () => {
    expect(typeOf("AzureDiagnostics", "httpStatusCode_d")).toBe("real");
    expect(typeOf("AzureDiagnostics", "identity_claim_appid_g")).toBe("guid");
    expect(typeOf("AzureDiagnostics", "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g")).toBe("guid");
    expect(typeOf("AzureDiagnostics", "isAccessPolicyMatch_b")).toBe("bool");
    expect(typeOf("AzureDiagnostics", "DurationMs")).toBe("long");
    expect(typeOf("AzureDiagnostics", "AdditionalFields")).toBe("dynamic");
    for (const c of ["id_s", "clientInfo_s", "CallerIPAddress", "ResultType", "CorrelationId", "OperationName", "ResourceType", "ResourceId", "SubscriptionId", "TimeGenerated", "Type"]) {
      expect(typeOf("AzureDiagnostics", c)).toBeDefined();
    }
  });

  it("covers every column the seed query names on either table", () => {
    const rule = loadRule(readFileSync(new URL("../../rules/ti-map-ip-entity-to-azure-key-vault/rule.yaml", import.meta.url), "utf8"));
    const names = new Set([...BUILTIN_SCHEMAS["ThreatIntelligenceIndicator"]!, ...BUILTIN_SCHEMAS["AzureDiagnostics"]!].map((c) => c.name));
    const derived = new Set(["TI_ipEntity", "LatestIndicatorTime", "KeyVaultEvents_TimeGenerated", "ClientIP", "IndicatorId", "timestamp"]);
    const projected = /\| project ([^|]+?)\n\/\//.exec(rule.query)![1]!.split(/[,\s]+/).filter((s) => s !== "");
    expect(projected).toHaveLength(21);
    for (const col of projected) expect([col, names.has(col) || derived.has(col)]).toEqual([col, true]);
  });

  it("has no duplicate column names and agrees with the suffix rule throughout", () => {
    for (const cols of Object.values(BUILTIN_SCHEMAS)) {
      expect(new Set(cols.map((c) => c.name)).size).toBe(cols.length);
      for (const c of cols) {
        const bySuffix = typeFromSuffix(c.name);
        if (bySuffix && !c.name.startsWith("_")) expect([c.name, c.type]).toEqual([c.name, bySuffix]);
      }
    }
  });

  it("cannot be changed by accident", () => {
    expect(() => BUILTIN_SCHEMAS["AzureDiagnostics"]!.push({ name: "x", type: "string" })).toThrow(TypeError);
  });

  it("takes the columns a table's rows add, for those rows only, however often it is queried", () => {
    const names = (rows: Record<string, unknown>[]): string[] =>
      runQuerySync("AzureDiagnostics | getschema", { AzureDiagnostics: rows }).rows.map((r) => String(r.ColumnName));
    const builtin = BUILTIN_SCHEMAS["AzureDiagnostics"]!.map((c) => c.name);
    const a = [{ Custom_s: "x" }];
    const b = [{ Other_d: 1 }];
    for (let round = 0; round < 2; round++) {
      expect(names(a)).toEqual([...builtin, "Custom_s"]);
      expect(names(b)).toEqual([...builtin, "Other_d"]);
      expect(runQuerySync("AzureDiagnostics | getschema", {}).rows).toHaveLength(builtin.length);
    }
    expect(runQuerySync("AzureDiagnostics | project Custom_s", { AzureDiagnostics: a }).rows).toEqual([{ Custom_s: "x" }]);
  });

  it("are not rebuilt per query: a table's merged list is kept per row set, and a table without rows is the built-in list", () => {
    const rows = [{ Custom_s: "x" }];
    const first = buildCatalog({ AzureDiagnostics: rows }, undefined).schemaOf("AzureDiagnostics");
    expect(buildCatalog({ AzureDiagnostics: rows }, undefined).schemaOf("AzureDiagnostics")).toBe(first);
    expect(buildCatalog({ AzureDiagnostics: [{ Custom_s: "x" }] }, undefined).schemaOf("AzureDiagnostics")).not.toBe(first);
    expect(buildCatalog({}, undefined).schemaOf("AzureDiagnostics")).toBe(BUILTIN_SCHEMAS["AzureDiagnostics"]);
  });
});
