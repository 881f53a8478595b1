import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KqlError } from "../../src/errors.js";
import { loadSchemaFile, loadSchemaFolder, loadSchemas, schemaTypeFromName, schemasFromJson, schemasFromText } from "../../src/sentinel/schemas.js";

function schemaErr(fn: () => unknown): KqlError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KqlError);
    expect((e as KqlError).code).toBe("KQL_SCHEMA");
    return e as KqlError;
  }
  throw new Error("expected a KqlError");
}

describe("schemasFromJson forms", () => {
  it("reads the simple form", () => {
    const s = schemasFromJson(
      { Logins: [{ name: "TimeGenerated", type: "datetime" }, { name: "User", type: "string" }, { name: "Count", type: "int64" }] },
      "s.json",
    );
    expect({ ...s }).toEqual({
      Logins: [
        { name: "TimeGenerated", type: "datetime" },
        { name: "User", type: "string" },
        { name: "Count", type: "long" },
      ],
    });
  });

  it("reads the column -> type shorthand", () => {
    expect(schemasFromJson({ T: { A: "bool", B: "double" } }, "s.json")["T"]).toEqual([
      { name: "A", type: "bool" },
      { name: "B", type: "real" },
    ]);
  });

  it("reads the catalogue layout and ignores its other keys", () => {
    const s = schemasFromJson(
      {
        _meta: { description: "x" },
        tables: {
          A: { columns: [{ name: "x", type: "guid" }], source: "somewhere" },
          B: { columns: [{ name: "y", type: "dynamic" }, { name: "z", type: "timespan" }] },
        },
        functions: { F: { parameters: [] } },
      },
      "catalogue.json",
    );
    expect(Object.keys(s).sort()).toEqual(["A", "B"]);
    expect(s["B"]).toEqual([
      { name: "y", type: "dynamic" },
      { name: "z", type: "timespan" },
    ]);
  });

  it("reads a Sentinel KQL-validation table file with .NET-style type names", () => {
    const s = schemasFromJson(
      {
        Name: "MyApp_CL",
        Properties: [
          { Name: "TimeGenerated", Type: "DateTime" },
          { Name: "Message", Type: "String" },
          { Name: "Port", Type: "Int32" },
          { Name: "Bytes", Type: "Int64" },
          { Name: "Ok", Type: "Boolean" },
          { Name: "Extra", Type: "Dynamic" },
          { Name: "Score", Type: "Double" },
          { Name: "Id", Type: "Guid" },
          { Name: "Size", Type: "BigInt" },
          { Name: "Flag", Type: "SByte" },
        ],
      },
      "MyApp_CL.json",
    );
    expect(s["MyApp_CL"]!.map((c) => c.type)).toEqual(["datetime", "string", "int", "long", "bool", "dynamic", "real", "guid", "long", "bool"]);
  });

  it("reads getschema output, named after the file and in ordinal order", () => {
    const rows = [
      { ColumnName: "Account", ColumnOrdinal: 1, DataType: "System.String", ColumnType: "string" },
      { ColumnName: "TimeGenerated", ColumnOrdinal: 0, DataType: "System.DateTime", ColumnType: "datetime" },
      { ColumnName: "EventID", ColumnOrdinal: 2, DataType: "System.Int32" },
    ];
    const s = schemasFromJson(rows, "/tmp/exports/SecurityEvent.json");
    expect({ ...s }).toEqual({
      SecurityEvent: [
        { name: "TimeGenerated", type: "datetime" },
        { name: "Account", type: "string" },
        { name: "EventID", type: "int" },
      ],
    });
    // ... or wrapped with its table name
    expect(schemasFromJson({ Other: rows }, "x.json")["Other"]![0]).toEqual({ name: "TimeGenerated", type: "datetime" });
  });

  it("reads a list of Sentinel table files", () => {
    const s = schemasFromJson([{ Name: "A", Properties: [{ Name: "x", Type: "String" }] }, { Name: "B", Properties: [] }], "l.json");
    expect(s["A"]).toEqual([{ name: "x", type: "string" }]);
    expect(s["B"]).toEqual([]);
  });

  it("drops exact duplicate columns but rejects conflicting ones", () => {
    expect(schemasFromJson({ T: [{ name: "a", type: "string" }, { name: "a", type: "string" }] }, "d.json")["T"]).toHaveLength(1);
    expect(schemaErr(() => schemasFromJson({ T: [{ name: "a", type: "string" }, { name: "a", type: "long" }] }, "d.json")).message).toBe(
      "d.json: table T: column a is listed twice, as string and as long",
    );
  });

  it("keeps a table called __proto__ as data", () => {
    const s = schemasFromText('{"__proto__": [{"name": "a", "type": "string"}]}', "p.json");
    expect(Object.keys(s)).toEqual(["__proto__"]);
    expect(s["__proto__"]).toEqual([{ name: "a", type: "string" }]);
  });
});

describe("schema errors name the file", () => {
  it("unknown type", () => {
    expect(schemaErr(() => schemasFromJson({ T: [{ name: "a", type: "varchar" }] }, "t.json")).message).toBe(
      't.json: table T: column a has unknown type "varchar"',
    );
  });

  it("missing names and types", () => {
    expect(schemaErr(() => schemasFromJson({ T: [{ type: "string" }] }, "t.json")).message).toContain("table T: column 1 has no name");
    expect(schemaErr(() => schemasFromJson({ T: [{ name: "a" }] }, "t.json")).message).toContain("table T: column a has no type");
  });

  it("shapes that are no schema", () => {
    expect(schemaErr(() => schemasFromJson("text", "t.json")).message).toBe("t.json: a schema file must hold a JSON object or a list");
    expect(schemaErr(() => schemasFromJson({}, "t.json")).message).toBe("t.json: the schema file has no tables");
    expect(schemaErr(() => schemasFromJson([], "t.json")).message).toBe("t.json: the schema file is an empty list");
    expect(schemaErr(() => schemasFromJson({ T: 5 }, "t.json")).message).toContain("table T: expected a list of {name, type} columns");
    expect(schemaErr(() => schemasFromJson([{ a: 1 }], "t.json")).message).toContain("a list must be getschema output");
  });

  it("invalid JSON", () => {
    expect(schemaErr(() => schemasFromText("{ nope", "bad.json")).message).toMatch(/^bad\.json: invalid JSON: /);
  });
});

describe("files and folders", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kql-schemas-"));
    writeFileSync(join(dir, "A_CL.json"), JSON.stringify({ Name: "A_CL", Properties: [{ Name: "x", Type: "String" }] }));
    writeFileSync(join(dir, "B_CL.json"), "\uFEFF" + JSON.stringify({ Name: "B_CL", Properties: [{ Name: "y", Type: "Int" }] }));
    writeFileSync(join(dir, "notes.txt"), "not a schema");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loads one file", () => {
    expect(loadSchemaFile(join(dir, "A_CL.json"))["A_CL"]).toEqual([{ name: "x", type: "string" }]);
  });

  it("loads every JSON file of a folder", () => {
    const s = loadSchemaFolder(dir);
    expect(Object.keys(s).sort()).toEqual(["A_CL", "B_CL"]);
    expect(s["B_CL"]).toEqual([{ name: "y", type: "int" }]);
    expect(Object.keys(loadSchemas(dir)).sort()).toEqual(["A_CL", "B_CL"]);
  });

  it("rejects a table defined differently in two files of a folder", () => {
    const d2 = mkdtempSync(join(tmpdir(), "kql-schemas-"));
    try {
      writeFileSync(join(d2, "1.json"), JSON.stringify({ T: [{ name: "a", type: "string" }] }));
      writeFileSync(join(d2, "2.json"), JSON.stringify({ T: [{ name: "a", type: "long" }] }));
      expect(schemaErr(() => loadSchemaFolder(d2)).message).toContain("table T is defined with different columns in 1.json and here");
    } finally {
      rmSync(d2, { recursive: true, force: true });
    }
  });

  it("names a missing file", () => {
    const missing = join(dir, "missing.json");
    expect(schemaErr(() => loadSchemaFile(missing)).message).toBe(`${missing}: cannot read the schema file: ENOENT`);
  });
});

describe("schemaTypeFromName", () => {
  it("maps the spellings found in schema files", () => {
    expect(schemaTypeFromName("System.String")).toBe("string");
    expect(schemaTypeFromName("Integer")).toBe("int");
    expect(schemaTypeFromName(" Real ")).toBe("real");
    expect(schemaTypeFromName("nvarchar")).toBeUndefined();
  });
});
