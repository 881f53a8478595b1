import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KqlError } from "../../src/errors.js";
import { header, run } from "./helpers.js";

describe("where schemas come from", () => {
  it("options.schemas types columns exactly, also over empty tables", () => {
    const r = run("T | project a, b", { T: [] }, { schemas: { T: [{ name: "a", type: "int" }, { name: "b", type: "String" }] } });
    expect(header(r)).toEqual(["a:int", "b:string"]);
  });
  it("schema files the caller names are read, in any supported form", () => {
    const dir = mkdtempSync(join(tmpdir(), "kqlr-schema-"));
    const sentinelFile = join(dir, "Custom_CL.json");
    writeFileSync(sentinelFile, JSON.stringify({ Name: "Custom_CL", Properties: [{ Name: "Count", Type: "Int64" }, { Name: "When", Type: "DateTime" }] }));
    const r = run("Custom_CL | where Count > 1 | project When", {}, { schemaFiles: [sentinelFile] });
    expect(header(r)).toEqual(["When:datetime"]);
  });
  it("the seed rule's tables are known without any schema", () => {
    const r = run("ThreatIntelligenceIndicator | project ExpirationDateTime, ConfidenceScore, Active | take 0");
    expect(header(r)).toEqual(["ExpirationDateTime:datetime", "ConfidenceScore:real", "Active:bool"]);
  });
  it("rows type a table nobody described; strings in ISO form become datetimes", () => {
    const r = run("T | project n, x, t, d", { T: [{ n: 1, x: 1.5, t: "2024-01-01T00:00:00Z", d: { a: 1 } }] });
    expect(header(r)).toEqual(["n:long", "x:real", "t:datetime", "d:dynamic"]);
  });
  it("an unknown type name in a schema is a KqlError", () => {
    expect(() => run("T", {}, { schemas: { T: [{ name: "a", type: "varchar" }] } })).toThrow(KqlError);
  });
});

describe("inferred schemas are remembered per rows array", () => {
  it("and inferred again when rows are added", () => {
    const rows: Record<string, unknown>[] = [{ a: 1 }];
    expect(header(run("T", { T: rows }))).toEqual(["a:long"]);
    rows.push({ a: 1.5, b: "x" });
    expect(header(run("T", { T: rows }))).toEqual(["a:real", "b:string"]);
  });
});
