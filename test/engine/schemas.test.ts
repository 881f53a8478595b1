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
  it("reads the caller's schemas by the names the query uses, without copying the whole map", () => {
    // A corpus check passes a workspace's hundreds of tables to every call; copying them per call was most of its bind time.
    const touched = new Set<string>();
    let listed = 0;
    const all: Record<string, { name: string; type: string }[]> = {};
    for (let i = 0; i < 300; i++) all[`Table${i}`] = [{ name: "a", type: "long" }];
    const schemas = new Proxy(all, {
      get: (target, key, receiver) => {
        if (typeof key === "string") touched.add(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
      getOwnPropertyDescriptor: (target, key) => {
        if (typeof key === "string") touched.add(key);
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      ownKeys: (target) => {
        listed++;
        return Reflect.ownKeys(target);
      },
    });
    const r = run("Table7 | project a", {}, { schemas });
    expect(header(r)).toEqual(["a:long"]);
    expect(listed).toBe(0);
    expect([...touched]).toEqual(["Table7"]);
  });
  it("schemas given both ways merge, options.schemas winning", () => {
    const dir = mkdtempSync(join(tmpdir(), "kqlr-schema-"));
    const file = join(dir, "T.json");
    writeFileSync(file, JSON.stringify({ Name: "T", Properties: [{ Name: "a", Type: "String" }] }));
    writeFileSync(join(dir, "U.json"), JSON.stringify({ Name: "U", Properties: [{ Name: "b", Type: "Int64" }] }));
    const r = run("T | project a", {}, { schemaFiles: [file, join(dir, "U.json")], schemas: { T: [{ name: "a", type: "int" }] } });
    expect(header(r)).toEqual(["a:int"]);
    expect(header(run("U | project b", {}, { schemaFiles: [file, join(dir, "U.json")], schemas: { T: [{ name: "a", type: "int" }] } }))).toEqual(["b:long"]);
  });
  it("an unknown type name in a schema is a KqlError", () => {
    expect(() => run("T", {}, { schemas: { T: [{ name: "a", type: "varchar" }] } })).toThrow(KqlError);
  });
  it("a schema of another shape (from untyped JavaScript) is a KqlError naming the table and the column", () => {
    const shapes: [unknown, RegExp][] = [
      [{ a: "string" }, /table 'T': expected a list of \{ name, type \} columns, got a mapping/],
      ["a:string", /table 'T': expected a list .* got the text "a:string"/],
      [[{ name: "a", type: "string" }, { name: "b" }], /table 'T': column 2 is not a \{ name, type \} pair of strings/],
      [[null], /table 'T': column 1 is not .*: empty/],
      [[5n], /table 'T': column 1 is not .*: the bigint 5/],
      [[Object.create(null)], /table 'T': column 1 is not .*: a mapping/],
      [7n, /table 'T': expected a list .* got the bigint 7/],
    ];
    for (const [schema, message] of shapes) {
      const options = { schemas: { T: schema } } as unknown as Parameters<typeof run>[2];
      expect(() => run("T", {}, options)).toThrow(KqlError);
      expect(() => run("T", {}, options)).toThrow(message);
    }
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
