import { KqlError } from "../../src/errors.js";
import { header, run, rowsOf } from "./helpers.js";

const events = [
  { Computer: "web1", Account: "alice", Count: 3, TimeGenerated: "2026-11-28T10:00:00.1234567Z" },
  { Computer: "web1", Account: "bob", Count: 5, TimeGenerated: "2026-11-28T11:00:00Z" },
  { Computer: "db1", Account: "alice", Count: 7, TimeGenerated: "2026-11-28T09:00:00Z" },
  { Computer: "db2", Account: "carol", Count: null, TimeGenerated: "2026-11-27T09:00:00Z" },
];

describe("where", () => {
  it("keeps rows whose predicate is true and drops false and null", () => {
    const r = run("Events | where Count > 4", { Events: events });
    expect(rowsOf(r).map((x) => x[0])).toEqual(["web1", "db1"]);
  });
  it("treats a null comparison as not matching, in either direction", () => {
    expect(run("Events | where Count <= 4", { Events: events }).rows).toHaveLength(1);
    expect(run("Events | where isnull(Count)", { Events: events }).rows.map((r) => r.Computer)).toEqual(["db2"]);
  });
  it("compares datetimes with ago() against the pinned now", () => {
    const r = run("Events | where TimeGenerated >= ago(2h)", { Events: events });
    expect(r.rows.map((x) => x.Account)).toEqual(["alice", "bob"]);
  });
});

describe("extend and project", () => {
  it("extend appends a column and replaces one of the same name in place", () => {
    const r = run("Events | take 1 | extend Count = Count * 2, Double = Count * 2", { Events: events });
    expect(header(r)).toEqual(["Computer:string", "Account:string", "Count:long", "TimeGenerated:datetime", "Double:long"]);
    expect(r.rows[0]).toMatchObject({ Count: 6, Double: 12 });
  });
  it("later extend items see earlier ones", () => {
    const r = run("print a = 1 | extend b = a + 1, c = b * 10", {});
    expect(rowsOf(r)).toEqual([[1, 2, 20]]);
  });
  it("project names unnamed expressions after their column or Column1", () => {
    const r = run("Events | take 1 | project Computer, strlen(Account), Count + 1, tostring(Count)", { Events: events });
    expect(header(r)).toEqual(["Computer:string", "strlen_Account:long", "Column1:long", "Count:string"]);
  });
  it("project-away, project-rename and project-reorder keep data and change shape", () => {
    const r = run("Events | take 1 | project-away TimeGenerated, Co* | project-rename User = Account", { Events: events });
    expect(header(r)).toEqual(["User:string"]);
    const r2 = run("Events | take 1 | project-reorder Count, Account", { Events: events });
    expect(header(r2).slice(0, 2)).toEqual(["Count:long", "Account:string"]);
    expect(r2.columns).toHaveLength(4);
  });
  it("project-away of an unknown column is an error", () => {
    expect(() => run("Events | project-away Nope", { Events: events })).toThrow(KqlError);
  });
});

describe("summarize", () => {
  it("names default aggregates count_, sum_X, max_X, set_X and puts by-columns first", () => {
    const r = run("Events | summarize count(), sum(Count), max(TimeGenerated), make_set(Account) by Computer", { Events: events });
    expect(header(r)).toEqual(["Computer:string", "count_:long", "sum_Count:long", "max_TimeGenerated:datetime", "set_Account:dynamic"]);
    const web1 = r.rows.find((x) => x.Computer === "web1")!;
    expect(web1.count_).toBe(2);
    expect(web1.sum_Count).toBe(8);
    expect(web1.max_TimeGenerated).toBe("2026-11-28T11:00:00.0000000Z");
    expect(web1.set_Account).toEqual(["alice", "bob"]);
  });
  it("keeps the column name for bin() by-expressions", () => {
    const r = run("Events | summarize n = count() by bin(TimeGenerated, 1d)", { Events: events });
    expect(header(r)).toEqual(["TimeGenerated:datetime", "n:long"]);
    expect(r.rows.map((x) => x.TimeGenerated).sort()).toEqual(["2026-11-27T00:00:00.0000000Z", "2026-11-28T00:00:00.0000000Z"]);
  });
  it("gives one row over an empty input without by, none with by", () => {
    expect(rowsOf(run("Events | where Count > 100 | summarize count()", { Events: events }))).toEqual([[0]]);
    expect(run("Events | where Count > 100 | summarize count() by Computer", { Events: events }).rows).toEqual([]);
  });
  it("suffixes a repeated default name", () => {
    const r = run("Events | summarize count(), count()", { Events: events });
    expect(header(r)).toEqual(["count_:long", "count_1:long"]);
  });
  it("arg_max(x, *) returns the by-column, x, then the other columns of the winning row", () => {
    const r = run("Events | summarize arg_max(TimeGenerated, *) by Account", { Events: events });
    expect(header(r)).toEqual(["Account:string", "TimeGenerated:datetime", "Computer:string", "Count:long"]);
    const alice = r.rows.find((x) => x.Account === "alice")!;
    expect(alice).toMatchObject({ Computer: "web1", Count: 3, TimeGenerated: "2026-11-28T10:00:00.1234567Z" });
  });
  it("a named arg_max renames the target and * does not bring it back", () => {
    const r = run("Events | summarize Latest = arg_max(TimeGenerated, *) by Account", { Events: events });
    expect(header(r)).toEqual(["Account:string", "Latest:datetime", "Computer:string", "Count:long"]);
  });
});

describe("join", () => {
  const left = [
    { Key: "a", L: 1 },
    { Key: "a", L: 2 },
    { Key: "b", L: 3 },
    { Key: "c", L: 4 },
  ];
  const right = [
    { Key: "a", R: 10 },
    { Key: "a", R: 20 },
    { Key: "b", R: 30 },
    { Key: "d", R: 40 },
  ];
  const tables = { Left: left, Right: right };
  const count = (kind: string): number => run(`Left | join kind=${kind} Right on Key`, tables).rows.length;

  it("innerunique (the default) keeps one left row per key before joining", () => {
    const r = run("Left | join Right on Key", tables);
    expect(r.rows).toHaveLength(3);
    expect(r.rows.filter((x) => x.Key === "a").map((x) => x.R)).toEqual([10, 20]);
    expect(new Set(r.rows.filter((x) => x.Key === "a").map((x) => x.L)).size).toBe(1);
  });
  it("inner keeps every pair", () => expect(count("inner")).toBe(5));
  it("leftouter keeps unmatched left rows with nulls", () => {
    const r = run("Left | join kind=leftouter Right on Key", tables);
    expect(r.rows).toHaveLength(6);
    expect(r.rows.find((x) => x.Key === "c")).toMatchObject({ Key1: "", R: null });
  });
  it("rightouter and fullouter keep unmatched right rows", () => {
    expect(count("rightouter")).toBe(6);
    expect(count("fullouter")).toBe(7);
  });
  it("semi and anti kinds return one side's rows", () => {
    expect(count("leftsemi")).toBe(3);
    expect(count("leftanti")).toBe(1);
    expect(count("rightsemi")).toBe(3);
    expect(count("rightanti")).toBe(1);
    expect(header(run("Left | join kind=leftanti Right on Key", tables))).toEqual(["Key:string", "L:long"]);
    expect(header(run("Left | join kind=rightsemi Right on Key", tables))).toEqual(["Key:string", "R:long"]);
  });
  it("names colliding right columns with the first free numeric suffix", () => {
    const r = run("Left | join kind=inner (Right | extend L = R) on Key", tables);
    expect(header(r)).toEqual(["Key:string", "L:long", "Key1:string", "R:long", "L1:long"]);
    expect(r.rows.find((x) => x.Key === "b")).toMatchObject({ L: 3, L1: 30, Key1: "b" });
  });
  it("supports $left.a == $right.b conditions", () => {
    const r = run("Left | join kind=inner (Right | project K2 = Key, R) on $left.Key == $right.K2", tables);
    expect(r.rows).toHaveLength(5);
    expect(header(r)).toEqual(["Key:string", "L:long", "K2:string", "R:long"]);
  });
  it("lookup keeps one copy of the key", () => {
    const r = run("Left | lookup (Right | summarize R = max(R) by Key) on Key", tables);
    expect(header(r)).toEqual(["Key:string", "L:long", "R:long"]);
    expect(r.rows.find((x) => x.Key === "c")!.R).toBeNull();
  });
});

describe("sort, top, take, distinct, count, union", () => {
  it("sort defaults to descending with nulls last", () => {
    const r = run("Events | sort by Count", { Events: events });
    expect(r.rows.map((x) => x.Count)).toEqual([7, 5, 3, null]);
  });
  it("ascending puts nulls first unless told otherwise", () => {
    expect(run("Events | order by Count asc", { Events: events }).rows.map((x) => x.Count)).toEqual([null, 3, 5, 7]);
    expect(run("Events | order by Count asc nulls last", { Events: events }).rows.map((x) => x.Count)).toEqual([3, 5, 7, null]);
  });
  it("top N by expression", () => {
    expect(run("Events | top 2 by Count asc nulls last", { Events: events }).rows.map((x) => x.Count)).toEqual([3, 5]);
  });
  it("take, distinct and count", () => {
    expect(run("Events | take 2", { Events: events }).rows).toHaveLength(2);
    expect(run("Events | distinct Computer", { Events: events }).rows.map((x) => x.Computer)).toEqual(["web1", "db1", "db2"]);
    expect(run("Events | count", { Events: events }).rows).toEqual([{ Count: 4 }]);
  });
  it("union stacks tables and fills missing columns with nulls", () => {
    const r = run("union A, B", { A: [{ x: 1 }], B: [{ y: "t" }] });
    expect(header(r)).toEqual(["x:long", "y:string"]);
    expect(rowsOf(r)).toEqual([
      [1, ""],
      [null, "t"],
    ]);
  });
  it("union splits a column whose type differs into Name_type columns", () => {
    const r = run("union A, B", { A: [{ x: 1 }], B: [{ x: "t" }] });
    expect(header(r)).toEqual(["x_long:long", "x_string:string"]);
  });
  it("union isfuzzy=true skips tables that do not exist", () => {
    expect(run("union isfuzzy=true A, Missing", { A: [{ x: 1 }] }).rows).toHaveLength(1);
    expect(() => run("union A, Missing", { A: [{ x: 1 }] })).toThrow(/unknown table/);
  });
});

describe("let, functions and subqueries", () => {
  it("binds scalar and tabular lets and user functions", () => {
    const q = `let threshold = 4;
      let Big = (T:(Count:long), n:long) { T | where Count > n };
      Big(Events, threshold) | count`;
    expect(run(q, { Events: events }).rows).toEqual([{ Count: 2 }]);
  });
  it("in accepts a subquery and toscalar reads one value", () => {
    const q = `let admins = datatable(Account:string) ["alice"];
      Events | where Account in (admins) | where Count < toscalar(Events | summarize max(Count))`;
    expect(run(q, { Events: events }).rows.map((x) => x.Computer)).toEqual(["web1"]);
  });
});

describe("errors before any row runs", () => {
  it("an unknown column fails with a position even over an empty table", () => {
    try {
      run("Events\n| where Nope == 1", { Events: [] }, { schemas: { Events: [{ name: "Computer", type: "string" }] } });
      throw new Error("expected an error");
    } catch (e) {
      expect(e).toBeInstanceOf(KqlError);
      const err = e as KqlError;
      expect(err.code).toBe("KQL_UNKNOWN_COLUMN");
      expect([err.line, err.column]).toEqual([2, 9]);
      expect(err.codeFrame).toContain("^~~~");
    }
  });
  it("an unknown table suggests the nearest name", () => {
    expect(() => run("Event | take 1", { Events: events })).toThrow(/did you mean 'Events'/);
  });
  it("a type error names both types", () => {
    expect(() => run("Events | where Computer > 1", { Events: events })).toThrow(/cannot compare string with long/);
  });
  it("an empty input still gives the typed schema", () => {
    const r = run("Events | summarize c = count() by Computer | extend d = c * 2", { Events: [] }, { schemas: { Events: [{ name: "Computer", type: "string" }] } });
    expect(header(r)).toEqual(["Computer:string", "c:long", "d:long"]);
    expect(r.rows).toEqual([]);
  });
});

describe("mv-expand", () => {
  const rows = [
    { id: 1, tags: ["a", "b"], bag: { x: 1, y: 2 } },
    { id: 2, tags: [], bag: {} },
    { id: 3, tags: null, bag: null },
  ];
  it("expands arrays into rows, drops empty arrays and keeps null as one row", () => {
    const r = run("T | mv-expand tags | project id, tags", { T: rows });
    expect(rowsOf(r)).toEqual([
      [1, "a"],
      [1, "b"],
      [3, null],
    ]);
  });
  it("expands property bags into single-key bags, or [key, value] pairs with bagexpansion=array", () => {
    expect(run("T | take 1 | mv-expand bag | project bag", { T: rows }).rows.map((x) => x.bag)).toEqual([{ x: 1 }, { y: 2 }]);
    expect(run("T | take 1 | mv-expand bagexpansion=array bag | project bag", { T: rows }).rows.map((x) => x.bag)).toEqual([
      ["x", 1],
      ["y", 2],
    ]);
  });
  it("casts with to typeof(), adds an item index and expands several columns in parallel", () => {
    const r = run("T | take 1 | mv-expand with_itemindex=i t = tags to typeof(string), n = dynamic([1, 2, 3]) to typeof(long) | project i, t, n", { T: rows });
    expect(header(r)).toEqual(["i:long", "t:string", "n:long"]);
    expect(rowsOf(r)).toEqual([
      [0, "a", 1],
      [1, "b", 2],
      [2, "", 3],
    ]);
  });
});

describe("parse", () => {
  const T = { T: [{ s: "user=alice, id=42, at=2024-01-02T03:04:05Z" }, { s: "user=bob, id=x, at=2024-01-02T03:04:05Z" }, { s: "nothing here" }] };
  it("simple mode captures text between constants and converts typed columns", () => {
    const r = run('T | parse s with "user=" user ", id=" id:long ", at=" at:datetime | project user, id, at', T);
    expect(header(r)).toEqual(["user:string", "id:long", "at:datetime"]);
    expect(rowsOf(r)).toEqual([
      ["alice", 42, "2024-01-02T03:04:05.0000000Z"],
      ["", null, null],
      ["", null, null],
    ]);
  });
  it("relaxed mode nulls only the column that does not convert", () => {
    const r = run('T | parse kind=relaxed s with "user=" user ", id=" id:long ", at=" at:datetime | project user, id', T);
    expect(rowsOf(r)[1]).toEqual(["bob", null]);
  });
  it("parse-where drops rows that do not match", () => {
    expect(run('T | parse-where s with * "id=" id:long "," * | project id', T).rows).toEqual([{ id: 42 }]);
  });
  it("regex mode uses RE2 fragments, greedy unless flags=U", () => {
    expect(run('T | take 1 | parse kind=regex s with "user=" u "," * | project u', T).rows[0]!.u).toBe("alice, id=42");
    expect(run('T | take 1 | parse kind=regex flags=U s with "user=" u "," * | project u', T).rows[0]!.u).toBe("alice");
  });
});

describe("summarize with expressions over aggregates", () => {
  it("evaluates the expression once per group over the aggregate results", () => {
    const r = run("Events | summarize spread = max(Count) - min(Count), twice = count() * 2, last = max(TimeGenerated) - min(TimeGenerated) by Computer | where Computer == 'web1'", { Events: events });
    expect(header(r)).toEqual(["Computer:string", "spread:long", "twice:long", "last:timespan"]);
    expect(rowsOf(r)).toEqual([["web1", 2, 4, "00:59:59.8765433"]]);
  });
});

describe("comparisons between strings and numbers", () => {
  it("compare as text for equality (ResultType == 0 on a string column); ordering them is an error", () => {
    const T = { T: [{ ResultType: "0" }, { ResultType: "50126" }, { ResultType: "" }] };
    expect(run("T | where ResultType == 0", T).rows).toEqual([{ ResultType: "0" }]);
    expect(run("T | where ResultType != 0", T).rows).toHaveLength(2);
    expect(() => run("T | where ResultType > 100", T)).toThrow(/cannot compare string with long/);
  });
});

describe("externaldata", () => {
  it("never fetches: rows come from the caller's table named by the URL, typed by the declaration", () => {
    const q = 'externaldata(ip:string, score:long) ["https://example.com/list.csv"] with (format="csv") | where score > 1';
    expect(run(q).rows).toEqual([]);
    expect(run(q, { "https://example.com/list.csv": [{ ip: "1.2.3.4", score: "5" }] }).rows).toEqual([{ ip: "1.2.3.4", score: 5 }]);
  });
});

describe("parse patterns as Kusto reads them", () => {
  const T = { T: [{ s: "a=(x), n=27, m=3, rest" }] };
  it("a typed number followed by * stops where its digits do", () => {
    expect(run('T | parse s with * "n=" n:long * "m=" m:long * | project n, m', T).rows).toEqual([{ n: 27, m: 3 }]);
  });
  it("capture groups inside a regex fragment do not shift the columns", () => {
    expect(run('T | parse kind=regex s with "(a)=\\\\(" v "\\\\)" * | project v', T).rows).toEqual([{ v: "x" }]);
  });
});

describe("summarize by several keys", () => {
  it("keeps key combinations apart that a joined text key would confuse, and groups nulls together", () => {
    const T = {
      T: [
        { a: "a1", b: "", d: 1 },
        { a: "a", b: "1", d: 2 },
        { a: "a", b: "1", d: 3 },
        { a: "x", b: "y", d: null },
        { a: "x", b: "y", d: null },
      ],
    };
    const r = run("T | summarize n = count() by a, b, d", T);
    expect(rowsOf(r)).toEqual([
      ["a1", "", 1, 1],
      ["a", "1", 2, 1],
      ["a", "1", 3, 1],
      ["x", "y", null, 2],
    ]);
  });
});
