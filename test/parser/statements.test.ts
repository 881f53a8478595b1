import { parseQuery } from "../../src/parser/index.js";
import { lit, name, strip } from "./helpers.js";

describe("statements", () => {
  test("let statements and a final query, with empty statements and a trailing ;", () => {
    const text = ";let a = 1;; let T2 = T | where x > a;\nT2 | count;";
    const q = parseQuery(text);
    expect(q.span).toEqual({ start: 0, end: text.length });
    expect(strip(q.statements)).toEqual([
      { kind: "Let", name: "a", value: lit("long", 1) },
      { kind: "Let", name: "T2", value: { kind: "Pipe", source: name("T"), operator: { kind: "Where", predicate: { kind: "Binary", operator: ">", left: name("x"), right: name("a") } } } },
      { kind: "ExpressionStatement", expression: { kind: "Pipe", source: name("T2"), operator: { kind: "Count" } } },
    ]);
    const let1 = q.statements[0]!;
    if (let1.kind !== "Let") throw new Error("let");
    expect(text.slice(let1.nameSpan.start, let1.nameSpan.end)).toBe("a");
    expect(text.slice(let1.span.start, let1.span.end)).toBe("let a = 1");
  });

  test("an empty query has no statements", () => {
    expect(parseQuery("").statements).toEqual([]);
    expect(parseQuery("  // only a comment\n").statements).toEqual([]);
  });

  test("statements need a ; between them", () => {
    expect(() => parseQuery("let a = 1 T")).toThrow(/unexpected 'T'/);
  });

  test("a function with scalar, defaulted and tabular parameters", () => {
    const q = parseQuery("let f = (a:string, b:long = 5, T:(x:long, y:string), U:(*)) { let c = b * 2; T | where x > c };");
    expect(strip(q.statements[0])).toEqual({
      kind: "Let",
      name: "f",
      value: {
        kind: "FunctionDefinition",
        isView: false,
        params: [
          { name: "a", type: { kind: "scalar", type: "string" } },
          { name: "b", type: { kind: "scalar", type: "long" }, defaultValue: lit("long", 5) },
          {
            name: "T",
            type: {
              kind: "tabular",
              columns: [
                { name: "x", type: "long" },
                { name: "y", type: "string" },
              ],
            },
          },
          { name: "U", type: { kind: "tabular", columns: [] } },
        ],
        body: [
          { kind: "Let", name: "c", value: { kind: "Binary", operator: "*", left: name("b"), right: lit("long", 2) } },
          {
            kind: "ExpressionStatement",
            expression: { kind: "Pipe", source: name("T"), operator: { kind: "Where", predicate: { kind: "Binary", operator: ">", left: name("x"), right: name("c") } } },
          },
        ],
      },
    });
  });

  test("a function without parameters and a view", () => {
    expect(strip(parseQuery("let f = () { 1 }; let v = view () { T | take 1 };").statements)).toMatchObject([
      { name: "f", value: { kind: "FunctionDefinition", params: [], isView: false, body: [{ expression: lit("long", 1) }] } },
      { name: "v", value: { kind: "FunctionDefinition", params: [], isView: true } },
    ]);
  });

  test("a parenthesised let value is not a function", () => {
    expect(strip(parseQuery("let x = (T | take 1);").statements[0])).toMatchObject({ value: { kind: "Paren", expression: { kind: "Pipe" } } });
  });

  test("type aliases in parameters", () => {
    expect(strip(parseQuery("let f = (a:int64, b:double, c:boolean, d:date, e:time) { a };").statements[0])).toMatchObject({
      value: {
        params: [
          { type: { type: "long" } },
          { type: { type: "real" } },
          { type: { type: "bool" } },
          { type: { type: "datetime" } },
          { type: { type: "timespan" } },
        ],
      },
    });
  });

  test("an unknown type is an error at the type name", () => {
    const text = "let f = (a:strng) { a };";
    try {
      parseQuery(text);
      throw new Error("should fail");
    } catch (e) {
      expect(e).toMatchObject({ code: "KQL_SYNTAX", detail: "unknown type 'strng'", offset: text.indexOf("strng") });
    }
  });

  test("declare query_parameters", () => {
    expect(strip(parseQuery(`declare query_parameters(a:string = "x", n:long);`).statements)).toEqual([
      {
        kind: "DeclareQueryParameters",
        params: [
          { name: "a", type: { kind: "scalar", type: "string" }, defaultValue: lit("string", "x") },
          { name: "n", type: { kind: "scalar", type: "long" } },
        ],
      },
    ]);
  });

  test("set statements", () => {
    expect(strip(parseQuery("set querytrace; set truncationmaxrecords = 10; T").statements)).toEqual([
      { kind: "Set", name: "querytrace" },
      { kind: "Set", name: "truncationmaxrecords", value: lit("long", 10) },
      { kind: "ExpressionStatement", expression: name("T") },
    ]);
  });

  test("keywords as let names and columns", () => {
    expect(strip(parseQuery("let count = 1; let kind = 'x'; T | project type, name, count").statements)).toMatchObject([
      { name: "count" },
      { name: "kind" },
      { expression: { operator: { items: [{ expression: name("type") }, { expression: name("name") }, { expression: name("count") }] } } },
    ]);
  });

  test("comments are ignored", () => {
    expect(strip(parseQuery("T // first\n// second\n| where x // trailing").statements)).toEqual([
      { kind: "ExpressionStatement", expression: { kind: "Pipe", source: name("T"), operator: { kind: "Where", predicate: name("x") } } },
    ]);
  });
});
