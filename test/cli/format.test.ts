import { type ResultTable, cellText, csvField, isOutputFormat, render, renderCsv, renderJson, renderJsonl, renderTable } from "../../src/cli/format.js";

const RESULT: ResultTable = {
  columns: [
    { name: "Time", type: "datetime" },
    { name: "User", type: "string" },
    { name: "Count", type: "long" },
    { name: "Bag", type: "dynamic" },
  ],
  rows: [
    { Time: "2026-11-28T11:00:00.0000000Z", User: "alice", Count: 3, Bag: { a: [1, 2] } },
    { Time: null, User: 'bob, "the builder"', Count: null, Bag: null },
  ],
};

describe("cells", () => {
  it("renders null as empty and dynamic as compact JSON", () => {
    expect(cellText(null)).toBe("");
    expect(cellText({ a: [1, "x"] })).toBe('{"a":[1,"x"]}');
    expect(cellText(false)).toBe("false");
    expect(cellText(1.5)).toBe("1.5");
  });

  it("quotes CSV fields only when needed", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
  });
});

describe("formats", () => {
  it("csv: header and RFC 4180 rows", () => {
    expect(renderCsv(RESULT)).toBe(
      'Time,User,Count,Bag\r\n2026-11-28T11:00:00.0000000Z,alice,3,"{""a"":[1,2]}"\r\n,"bob, ""the builder""",,\r\n',
    );
  });

  it("jsonl: one row object per line", () => {
    const lines = renderJsonl(RESULT).trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual(RESULT.rows[0]);
    expect(renderJsonl({ columns: RESULT.columns, rows: [] })).toBe("");
  });

  it("json: columns with types, then rows", () => {
    expect(JSON.parse(renderJson(RESULT))).toEqual({ columns: RESULT.columns, rows: RESULT.rows });
  });

  it("table: aligned columns and a row count", () => {
    expect(renderTable(RESULT)).toBe(
      [
        "Time                         | User               | Count | Bag",
        "-----------------------------+--------------------+-------+------------",
        "2026-11-28T11:00:00.0000000Z | alice              | 3     | {\"a\":[1,2]}",
        '                             | bob, "the builder" |       |',
        "(2 rows)",
        "",
      ].join("\n"),
    );
  });

  it("table: one block per row when the table is wider than the terminal", () => {
    const text = renderTable(RESULT, 40);
    expect(text).toContain("-[ row 1 ]");
    expect(text).toContain("User  | alice");
    expect(text).toContain("Count |\n");
    expect(text.endsWith("(2 rows)\n")).toBe(true);
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(44);
  });

  it("table: clips long cells and shows line breaks as one line", () => {
    const text = renderTable({ columns: [{ name: "s", type: "string" }], rows: [{ s: "x".repeat(100) }, { s: "a\nb" }] }, 200, 10);
    expect(text).toContain(`${"x".repeat(9)}\u2026`);
    expect(text).toContain("a\u21b5b");
  });

  it("table: an empty result still shows its header", () => {
    expect(renderTable({ columns: [{ name: "A", type: "string" }], rows: [] })).toBe("A\n-\n(0 rows)\n");
  });

  it("render dispatches by name and knows its formats", () => {
    expect(render(RESULT, "csv")).toBe(renderCsv(RESULT));
    expect(isOutputFormat("jsonl")).toBe(true);
    expect(isOutputFormat("xml")).toBe(false);
  });
});
