import { readFileSync } from "node:fs";
import { KqlError } from "../../src/errors.js";
import { isRuleText, loadRule, parseRuleDuration, ruleFromObject, ruleQueryError } from "../../src/sentinel/rule.js";
import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from "../../src/runtime/values.js";

const SEED = readFileSync(new URL("../../rules/ti-map-ip-entity-to-azure-key-vault/rule.yaml", import.meta.url), "utf8");

function ruleErr(fn: () => unknown): KqlError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KqlError);
    return e as KqlError;
  }
  throw new Error("expected a KqlError");
}

const MINIMAL = "id: 1\nname: r\nkind: Scheduled\nquery: |\n  T\n  | take 1\n";

describe("loadRule on the seed rule", () => {
  const rule = loadRule(SEED, "rule.yaml");

  it("reads every typed field", () => {
    expect(rule.id).toBe("57c7e832-64eb-411f-8928-4133f01f4a25");
    expect(rule.name).toBe("TI map IP entity to Azure Key Vault logs");
    expect(rule.severity).toBe("Medium");
    expect(rule.kind).toBe("Scheduled");
    expect(rule.queryFrequency).toBe("1h");
    expect(rule.queryPeriod).toBe("14d");
    expect(rule.triggerOperator).toBe("gt");
    expect(rule.triggerThreshold).toBe(0);
    expect(rule.tactics).toEqual(["CommandAndControl"]);
    expect(rule.relevantTechniques).toEqual(["T1071"]);
    expect(rule.version).toBe("1.3.4");
    expect(rule.requiredDataConnectors).toHaveLength(4);
    expect(rule.requiredDataConnectors[2]).toEqual({ connectorId: "AzureKeyVault", dataTypes: ["KeyVaultData"] });
    expect(rule.entityMappings).toEqual([
      { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "ClientIP" }] },
      { entityType: "AzureResource", fieldMappings: [{ identifier: "ResourceId", columnName: "ResourceId" }] },
    ]);
    expect(rule.customDetails).toEqual({});
  });

  it("keeps the query text without the YAML indentation", () => {
    expect(rule.query.startsWith("let dt_lookBack = 1h;")).toBe(true);
    expect(rule.query).toContain("\n| join kind=innerunique (\nAzureDiagnostics\n");
  });

  it("records where the query starts in the file", () => {
    const src = rule.querySource!;
    expect(src.style).toBe("literal");
    expect(SEED.slice(src.start, src.start + 15)).toBe("let dt_lookBack");
    expect(SEED.split("\n")[src.line - 1]!.trim().startsWith("let dt_lookBack")).toBe(true);
  });
});

describe("loadRule on a text it has loaded before", () => {
  it("gives a rule of its own each time: changing one does not change the next", () => {
    const first = loadRule(SEED, "again.yaml");
    first.entityMappings[0]!.fieldMappings[0]!.columnName = "Changed";
    first.tactics.push("Impact");
    const second = loadRule(SEED, "again.yaml");
    expect(second.entityMappings[0]!.fieldMappings[0]!.columnName).toBe("ClientIP");
    expect(second.tactics).toEqual(["CommandAndControl"]);
    expect(second.querySource!.line).toBe(first.querySource!.line);
  });

  it("still reports a file's own name in its errors", () => {
    const broken = "id: 1\nname: [unclosed\n";
    expect(ruleErr(() => loadRule(broken, "a.yaml")).sourceName).toBe("a.yaml");
    expect(ruleErr(() => loadRule(broken, "b.yaml")).sourceName).toBe("b.yaml");
  });
});

describe("loadRule errors", () => {
  it("reports bad YAML with the file name and line", () => {
    const err = ruleErr(() => loadRule("id: 1\nquery: [\n  a: b\nname: x\n", "bad.yaml"));
    expect(err.code).toBe("KQL_RULE");
    expect(err.sourceName).toBe("bad.yaml");
    expect(err.message).toMatch(/^bad\.yaml:\d+:\d+: invalid YAML/);
    expect(err.line).toBeGreaterThan(1);
  });

  it("rejects a duplicated key", () => {
    const err = ruleErr(() => loadRule("query: T\nquery: U\n", "dup.yaml"));
    expect(err.message).toContain("invalid YAML: duplicated mapping key");
    expect(err.line).toBe(2);
  });

  it("rejects a document that is not a mapping", () => {
    expect(ruleErr(() => loadRule("- a\n- b\n", "list.yaml")).message).toBe(
      "list.yaml: a rule file must be a YAML mapping (id:, name:, query:, ...), but this document is a list",
    );
    expect(ruleErr(() => loadRule("just text", "s.yaml")).message).toContain("this document is a string");
    expect(ruleErr(() => loadRule("", "e.yaml")).code).toBe("KQL_RULE");
  });

  it("rejects a missing or empty query", () => {
    expect(ruleErr(() => loadRule("id: 1\nname: x\n", "r.yaml")).message).toBe("r.yaml: the rule has no `query` field");
    const empty = ruleErr(() => loadRule("id: 1\nquery: '   '\n", "r.yaml"));
    expect(empty.message).toContain("the rule's `query` is empty");
    expect(empty.line).toBe(2);
  });

  it("rejects an unknown kind and names the known ones", () => {
    const err = ruleErr(() => loadRule(MINIMAL.replace("Scheduled", "Fusion"), "k.yaml"));
    expect(err.detail).toBe("unknown rule kind `Fusion`; known kinds: Scheduled, NRT");
    expect(err.line).toBe(3);
  });

  it("rejects fields of the wrong type", () => {
    expect(ruleErr(() => loadRule(`${MINIMAL}tactics: {a: 1}\n`)).detail).toBe("`tactics` must be a list of text, but it is a mapping");
    expect(ruleErr(() => loadRule(`${MINIMAL}triggerThreshold: -1\n`)).detail).toContain("`triggerThreshold` must be a whole number >= 0");
    expect(ruleErr(() => loadRule(`${MINIMAL}queryPeriod: soon\n`)).detail).toContain("`queryPeriod` is not a duration: `soon`");
    expect(ruleErr(() => loadRule(`${MINIMAL}query2: x\nentityMappings: [{entityType: IP}]\n`)).detail).toContain("must have a list `fieldMappings`");
    expect(ruleErr(() => loadRule(`${MINIMAL}customDetails: {A: [1]}\n`)).detail).toBe("customDetails `A` must name a column (text), but it is a list");
    expect(ruleErr(() => loadRule(`${MINIMAL}severity: Critical\n`)).detail).toContain("unknown severity `Critical`");
    expect(ruleErr(() => loadRule("query: [1, 2]\n")).detail).toBe("`query` must be text (KQL), but it is a list");
  });

  it("names <rule> when no file name is given", () => {
    expect(ruleErr(() => loadRule("id: 1\n")).message).toBe("<rule>: the rule has no `query` field");
  });
});

describe("loadRule normalisation", () => {
  it("defaults kind to Scheduled and accepts NRT in any case", () => {
    expect(loadRule("query: T\n").kind).toBe("Scheduled");
    expect(loadRule("query: T\nkind: nrt\n").kind).toBe("NRT");
  });

  it("keeps a numeric-looking version as written", () => {
    expect(loadRule("query: T\nversion: 1.0\n").version).toBe("1.0");
    expect(loadRule("query: T\nversion: 2\n").version).toBe("2");
  });

  it("maps ARM-style trigger operators to the short form", () => {
    expect(loadRule("query: T\ntriggerOperator: GreaterThan\n").triggerOperator).toBe("gt");
    expect(loadRule("query: T\ntriggerOperator: NotEqual\n").triggerOperator).toBe("ne");
  });

  it("reads lower-case `datatypes`, custom details, grouping and alert overrides", () => {
    const rule = loadRule(
      [
        "query: T",
        "requiredDataConnectors:",
        "  - connectorId: X",
        "    datatypes: [A, B]",
        "customDetails:",
        "  Ips: IpAddresses",
        "eventGroupingSettings:",
        "  aggregationKind: AlertPerResult",
        "alertDetailsOverride:",
        "  alertDisplayNameFormat: 'Hit on {{IP}}'",
        "  alertDynamicProperties:",
        "    - alertProperty: ProductName",
        "      value: P",
      ].join("\n"),
    );
    expect(rule.requiredDataConnectors).toEqual([{ connectorId: "X", dataTypes: ["A", "B"] }]);
    expect(rule.customDetails).toEqual({ Ips: "IpAddresses" });
    expect(rule.eventGroupingSettings).toEqual({ aggregationKind: "AlertPerResult" });
    expect(rule.alertDetailsOverride).toEqual({ alertDisplayNameFormat: "Hit on {{IP}}", alertDynamicProperties: [{ alertProperty: "ProductName", value: "P" }] });
  });
});

describe("ruleFromObject", () => {
  it("treats null fields (the corpus's absent fields) as absent", () => {
    const rule = ruleFromObject({ id: "x", query: "T | take 1", kind: "NRT", queryFrequency: null, tactics: null, customDetails: null, version: "1.0.0" });
    expect(rule).toEqual({
      id: "x",
      query: "T | take 1",
      kind: "NRT",
      tactics: [],
      relevantTechniques: [],
      entityMappings: [],
      customDetails: {},
      requiredDataConnectors: [],
      version: "1.0.0",
    });
  });

  it("keeps the file name and query position of a rule loaded from YAML", () => {
    const loaded = loadRule(SEED, "rules/seed.yaml");
    const again = ruleFromObject(loaded);
    expect(again.sourceName).toBe("rules/seed.yaml");
    expect(again.querySource).toEqual(loaded.querySource);
    expect(ruleFromObject(loaded, "other.yaml").sourceName).toBe("other.yaml");
  });

  it("rejects a non-object", () => {
    const err = ruleErr(() => ruleFromObject("T | take 1", "obj"));
    expect(err.code).toBe("KQL_RULE");
    expect(err.message).toBe("obj: a rule must be an object with at least a `query` field");
  });
});

describe("isRuleText", () => {
  it("tells rule YAML from bare KQL", () => {
    expect(isRuleText(SEED)).toBe(true);
    expect(isRuleText("id: 1\nquery: |\n  T\n")).toBe(true);
    expect(isRuleText('{"name": "x", "query": "T"}')).toBe(true);
    expect(isRuleText("SigninLogs\n| where ResultType != 0\n| take 10")).toBe(false);
    expect(isRuleText("let query = 1;\nprint query")).toBe(false);
    expect(isRuleText('print x = dynamic({"query": 1})')).toBe(false);
  });

  it("takes a broken rule file as a rule, so the user gets the YAML error", () => {
    expect(isRuleText("id: 1\nquery: [\n")).toBe(true);
  });
});

describe("parseRuleDuration", () => {
  it("reads the KQL forms", () => {
    expect(parseRuleDuration("5m")).toBe(5n * TICKS_PER_MINUTE);
    expect(parseRuleDuration("1h")).toBe(TICKS_PER_HOUR);
    expect(parseRuleDuration("14d")).toBe(14n * TICKS_PER_DAY);
    expect(parseRuleDuration("30s")).toBe(30n * TICKS_PER_SECOND);
    expect(parseRuleDuration("00:05:00")).toBe(5n * TICKS_PER_MINUTE);
  });

  it("reads ISO 8601 durations", () => {
    expect(parseRuleDuration("PT1H")).toBe(TICKS_PER_HOUR);
    expect(parseRuleDuration("P14D")).toBe(14n * TICKS_PER_DAY);
    expect(parseRuleDuration("P1DT12H")).toBe(TICKS_PER_DAY + 12n * TICKS_PER_HOUR);
    expect(parseRuleDuration("PT5M30S")).toBe(5n * TICKS_PER_MINUTE + 30n * TICKS_PER_SECOND);
    expect(parseRuleDuration("P1W")).toBe(7n * TICKS_PER_DAY);
  });

  it("rejects what is not a duration", () => {
    for (const bad of ["", "P", "PT", "1 hour ago", "-5m", "h", "P1H"]) expect(parseRuleDuration(bad)).toBeNull();
  });
});

describe("ruleQueryError", () => {
  it("re-anchors a query error in the YAML file, line for line", () => {
    const rule = loadRule(SEED, "rule.yaml");
    const offset = rule.query.indexOf("AzureDiagnostics\n");
    const err = new KqlError({ code: "KQL_UNKNOWN_TABLE", message: "unknown table", source: rule.query, span: { start: offset, end: offset + 16 } });
    const mapped = ruleQueryError(err, rule);
    const yamlLine = SEED.split("\n").findIndex((l) => l.trim() === "AzureDiagnostics") + 1;
    expect(mapped.line).toBe(yamlLine);
    expect(mapped.column).toBe(3);
    expect(mapped.sourceName).toBe("rule.yaml");
    expect(mapped.message.split("\n")[0]).toBe(`rule.yaml:${yamlLine}:3: unknown table`);
    expect(mapped.codeFrame).toContain("^~~~~~~~~~~~~~~");
  });

  it("shifts a first-line error in a quoted query", () => {
    const rule = loadRule("id: 1\nquery: 'T | frob'\n", "q.yaml");
    const err = new KqlError({ code: "KQL_SYNTAX", message: "bad", source: rule.query, span: { start: 4, end: 8 } });
    const mapped = ruleQueryError(err, rule);
    expect([mapped.line, mapped.column]).toEqual([2, 13]);
  });
});
