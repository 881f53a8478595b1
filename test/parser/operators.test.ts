import { parseQuery } from "../../src/parser/index.js";
import { expr, lit, name, op, strip } from "./helpers.js";

describe("filtering and projection", () => {
  test("where and filter", () => {
    expect(strip(op("where x > 1"))).toEqual({ kind: "Where", predicate: { kind: "Binary", operator: ">", left: name("x"), right: lit("long", 1) } });
    expect(op("filter x")).toMatchObject({ kind: "Where" });
  });

  test("keywordSpan points at the operator word", () => {
    const text = "T | where x | project-away y";
    const e = expr(text);
    if (e.kind !== "Pipe") throw new Error("pipe");
    expect(text.slice(e.operator.keywordSpan.start, e.operator.keywordSpan.end)).toBe("project-away");
    expect(text.slice(e.operator.span.start, e.operator.span.end)).toBe("project-away y");
    expect(e.span).toEqual({ start: 0, end: text.length });
  });

  test("extend with named and unnamed items", () => {
    expect(strip(op("extend a = 1, b, ['c d'] = x.y"))).toEqual({
      kind: "Extend",
      items: [
        { names: [{ name: "a" }], expression: lit("long", 1) },
        { expression: name("b") },
        { names: [{ name: "c d" }], expression: { kind: "Member", target: name("x"), member: "y" } },
      ],
    });
  });

  test("project", () => {
    expect(strip(op("project a, b = c + 1"))).toMatchObject({ kind: "Project", items: [{ expression: name("a") }, { names: [{ name: "b" }] }] });
  });

  test("project-away and project-keep with wildcards", () => {
    expect(strip(op("project-away a, Prop*, *_s, ['x y']"))).toEqual({
      kind: "ProjectAway",
      columns: [{ pattern: "a" }, { pattern: "Prop*" }, { pattern: "*_s" }, { pattern: "x y" }],
    });
    expect(strip(op("project-keep b*"))).toEqual({ kind: "ProjectKeep", columns: [{ pattern: "b*" }] });
  });

  test("project-rename", () => {
    expect(strip(op("project-rename New = Old, ['a b'] = c"))).toEqual({
      kind: "ProjectRename",
      renames: [
        { newName: "New", oldName: "Old" },
        { newName: "a b", oldName: "c" },
      ],
    });
  });

  test("project-reorder with order", () => {
    expect(strip(op("project-reorder b, a* asc, c desc"))).toEqual({
      kind: "ProjectReorder",
      columns: [{ pattern: "b" }, { pattern: "a*", order: "asc" }, { pattern: "c", order: "desc" }],
    });
  });

  test("a-b is arithmetic, project-away is one operator", () => {
    expect(strip(op("extend d = project-away"))).toMatchObject({ kind: "Extend" });
    expect(strip(op("extend d = a-b"))).toMatchObject({ items: [{ expression: { kind: "Binary", operator: "-", left: name("a"), right: name("b") } }] });
  });
});

describe("summarize", () => {
  test("aggregates and by keys", () => {
    expect(strip(op("summarize n = count(), dcount(x) by bin(TimeGenerated, 1h), k = y"))).toEqual({
      kind: "Summarize",
      params: [],
      aggregates: [
        { names: [{ name: "n" }], expression: { kind: "Call", name: "count", args: [], namedArgs: [] } },
        { expression: { kind: "Call", name: "dcount", args: [name("x")], namedArgs: [] } },
      ],
      by: [
        { expression: { kind: "Call", name: "bin", args: [name("TimeGenerated"), lit("timespan", "36000000000n")], namedArgs: [] } },
        { names: [{ name: "k" }], expression: name("y") },
      ],
    });
  });

  test("tuple names", () => {
    expect(strip(op("summarize (t, v) = arg_max(TimeGenerated, Value) by k"))).toMatchObject({
      aggregates: [{ names: [{ name: "t" }, { name: "v" }], expression: { kind: "Call", name: "arg_max" } }],
    });
  });

  test("by only, and hints", () => {
    expect(strip(op("summarize by a, b"))).toMatchObject({ aggregates: [], by: [{ expression: name("a") }, { expression: name("b") }] });
    expect(strip(op("summarize hint.strategy=shuffle count() by a"))).toMatchObject({
      params: [{ name: "hint.strategy", value: name("shuffle") }],
      aggregates: [{ expression: { kind: "Call", name: "count" } }],
    });
  });

  test("arg_max with star", () => {
    expect(strip(op("summarize arg_max(TimeGenerated, *) by Id"))).toMatchObject({
      aggregates: [{ expression: { args: [name("TimeGenerated"), { kind: "Star" }] } }],
    });
  });
});

describe("join and lookup", () => {
  test.each([
    ["", "innerunique"],
    ["kind=inner", "inner"],
    ["kind=innerunique", "innerunique"],
    ["kind=leftouter", "leftouter"],
    ["kind=rightouter", "rightouter"],
    ["kind=fullouter", "fullouter"],
    ["kind=anti", "leftanti"],
    ["kind=leftanti", "leftanti"],
    ["kind=leftantisemi", "leftanti"],
    ["kind=rightanti", "rightanti"],
    ["kind=rightantisemi", "rightanti"],
    ["kind=semi", "leftsemi"],
    ["kind=leftsemi", "leftsemi"],
    ["kind=rightsemi", "rightsemi"],
  ])("join %s -> %s", (params, joinKind) => {
    expect(op(`join ${params} (U) on a`)).toMatchObject({ kind: "Join", joinKind });
  });

  test("an unknown join kind is an error", () => {
    expect(() => parseQuery("T | join kind=sideways (U) on a")).toThrow(/unknown join kind 'sideways'/);
  });

  test("subquery on the right and $left/$right conditions", () => {
    expect(strip(op("join kind=inner hint.strategy=broadcast (U | where x) on $left.a == $right.b and $left.c == $right.d"))).toEqual({
      kind: "Join",
      joinKind: "inner",
      params: [
        { name: "kind", value: name("inner") },
        { name: "hint.strategy", value: name("broadcast") },
      ],
      right: { kind: "Paren", expression: { kind: "Pipe", source: name("U"), operator: { kind: "Where", predicate: name("x") } } },
      on: [
        {
          kind: "Equality",
          left: { kind: "Member", member: "a", target: { kind: "Name", name: "$left", joinSide: "left" } },
          right: { kind: "Member", member: "b", target: { kind: "Name", name: "$right", joinSide: "right" } },
        },
        {
          kind: "Equality",
          left: { kind: "Member", member: "c", target: { kind: "Name", name: "$left", joinSide: "left" } },
          right: { kind: "Member", member: "d", target: { kind: "Name", name: "$right", joinSide: "right" } },
        },
      ],
    });
  });

  test("same-name conditions and a bare table on the right", () => {
    expect(strip(op("join U on A, B"))).toEqual({
      kind: "Join",
      joinKind: "innerunique",
      params: [],
      right: name("U"),
      on: [
        { kind: "SameName", name: "A" },
        { kind: "SameName", name: "B" },
      ],
    });
  });

  test("lookup", () => {
    expect(strip(op("lookup kind=inner (U) on k"))).toMatchObject({ kind: "Lookup", joinKind: "inner", on: [{ kind: "SameName", name: "k" }] });
    expect(op("lookup U on k")).toMatchObject({ kind: "Lookup", joinKind: "leftouter" });
  });
});

describe("union", () => {
  test("as an operator with parameters, wildcards and subqueries", () => {
    expect(strip(op("union kind=outer withsource=Src isfuzzy=true U, (V | where x), Sec*"))).toEqual({
      kind: "Union",
      params: [
        { name: "kind", value: name("outer") },
        { name: "withsource", value: name("Src") },
        { name: "isfuzzy", value: lit("bool", true) },
      ],
      tables: [name("U"), { kind: "Paren", expression: { kind: "Pipe", source: name("V"), operator: { kind: "Where", predicate: name("x") } } }, name("Sec*")],
    });
  });

  test("at the start of a pipeline", () => {
    expect(strip(expr("union withsource=TableName Device* , T | where x"))).toMatchObject({
      kind: "Pipe",
      source: { kind: "UnionSource", params: [{ name: "withsource" }], tables: [name("Device*"), name("T")] },
    });
  });
});

describe("sorting and limits", () => {
  test("sort/order by keys with direction and nulls", () => {
    expect(strip(op("sort by a desc nulls last, b asc, c nulls first, d"))).toEqual({
      kind: "Sort",
      keys: [
        { expression: name("a"), direction: "desc", nulls: "last" },
        { expression: name("b"), direction: "asc" },
        { expression: name("c"), nulls: "first" },
        { expression: name("d") },
      ],
    });
    expect(op("order by a")).toMatchObject({ kind: "Sort" });
  });

  test("take, limit, top, sample", () => {
    expect(strip(op("take 10"))).toEqual({ kind: "Take", count: lit("long", 10) });
    expect(strip(op("limit 5"))).toEqual({ kind: "Take", count: lit("long", 5) });
    expect(strip(op("top 3 by count_ desc nulls first"))).toEqual({
      kind: "Top",
      count: lit("long", 3),
      key: { expression: name("count_"), direction: "desc", nulls: "first" },
    });
    expect(strip(op("sample 4"))).toEqual({ kind: "Sample", count: lit("long", 4) });
  });

  test("distinct and count", () => {
    expect(strip(op("distinct a, b"))).toEqual({ kind: "Distinct", columns: [name("a"), name("b")] });
    expect(strip(op("distinct *"))).toEqual({ kind: "Distinct", columns: [{ kind: "Star" }] });
    expect(strip(op("count"))).toEqual({ kind: "Count" });
  });

  test("top-nested clauses", () => {
    expect(strip(op("top-nested 3 of a by c = count() desc, top-nested of b with others = 'x' by sum(n)"))).toMatchObject({
      kind: "TopNested",
      clauses: [
        { count: lit("long", 3), of: { expression: name("a") }, by: { names: [{ name: "c" }] }, direction: "desc" },
        { of: { expression: name("b") }, withOthers: lit("string", "x"), by: { expression: { kind: "Call", name: "sum" } } },
      ],
    });
  });
});

describe("mv-expand and mv-apply", () => {
  test("mv-expand items, parameters, types and limit", () => {
    expect(strip(op("mv-expand bagexpansion=array with_itemindex=i kind=array a = x.y to typeof(string), b limit 100"))).toEqual({
      kind: "MvExpand",
      params: [
        { name: "bagexpansion", value: name("array") },
        { name: "with_itemindex", value: name("i") },
        { name: "kind", value: name("array") },
      ],
      items: [
        { name: "a", expression: { kind: "Member", target: name("x"), member: "y" }, toType: "string" },
        { expression: name("b") },
      ],
      limit: lit("long", 100),
    });
    expect(op("mvexpand x")).toMatchObject({ kind: "MvExpand", items: [{ expression: name("x") }] });
  });

  test("mv-apply with an operator subquery over the expansion", () => {
    const o = strip(op("mv-apply e = Entities to typeof(dynamic) on (where e.Type == 'ip' | top 1 by e.Score | project ip = e.Address)"));
    expect(o).toMatchObject({
      kind: "MvApply",
      items: [{ name: "e", expression: name("Entities"), toType: "dynamic" }],
      subquery: {
        kind: "Pipe",
        operator: { kind: "Project" },
        source: { kind: "Pipe", operator: { kind: "Top" }, source: { kind: "Pipe", operator: { kind: "Where" }, source: { kind: "Name", name: "" } } },
      },
    });
  });

  test("mv-apply with summarize", () => {
    expect(op("mv-apply x on (summarize s = sum(x))")).toMatchObject({
      kind: "MvApply",
      subquery: { kind: "Pipe", source: { kind: "Name", name: "" }, operator: { kind: "Summarize" } },
    });
  });
});

describe("parse", () => {
  test("simple pattern with typed columns and stars", () => {
    expect(strip(op(`parse Msg with * "user=" User:string " id=" Id:long *`))).toEqual({
      kind: "Parse",
      parseKind: "simple",
      source: name("Msg"),
      pattern: [
        { kind: "Star" },
        { kind: "Text", text: "user=" },
        { kind: "Column", name: "User", type: "string" },
        { kind: "Text", text: " id=" },
        { kind: "Column", name: "Id", type: "long" },
        { kind: "Star" },
      ],
    });
  });

  test("kind and flags", () => {
    expect(op(`parse kind=regex flags=Ui tostring(x) with "a" b "c"`)).toMatchObject({ kind: "Parse", parseKind: "regex", flags: "Ui", source: { kind: "Call", name: "tostring" } });
  });

  test("parse-where is a parse with where set", () => {
    const o = op(`parse-where x with "a" b`);
    expect(o).toMatchObject({ kind: "Parse", where: true });
    expect(op(`parse x with "a" b`)).not.toHaveProperty("where");
  });
});

describe("other operators", () => {
  test("evaluate", () => {
    expect(strip(op("evaluate hint.distribution=per_node bag_unpack(d, 'p_')"))).toEqual({
      kind: "Evaluate",
      params: [{ name: "hint.distribution", value: name("per_node") }],
      plugin: { kind: "Call", name: "bag_unpack", args: [name("d"), lit("string", "p_")], namedArgs: [] },
    });
  });

  test("make-series with from/to/step and by", () => {
    expect(strip(op("make-series kind=nonempty n = count() default = 0, avg(x) on TimeGenerated from ago(7d) to now() step 1h by k"))).toMatchObject({
      kind: "MakeSeries",
      params: [{ name: "kind", value: name("nonempty") }],
      aggregates: [{ names: [{ name: "n" }], defaultValue: lit("long", 0) }, { expression: { kind: "Call", name: "avg" } }],
      on: name("TimeGenerated"),
      from: { kind: "Call", name: "ago" },
      to: { kind: "Call", name: "now" },
      step: lit("timespan", "36000000000n"),
      by: [{ expression: name("k") }],
    });
  });

  test("make-series in range", () => {
    expect(strip(op("make-series count() on t in range(a, b, 1d)"))).toMatchObject({ from: name("a"), to: name("b"), step: { type: "timespan" }, by: [] });
    expect(strip(op("make-series count() on t step 1d"))).not.toHaveProperty("from");
  });

  test("serialize, as, invoke, render, getschema", () => {
    expect(strip(op("serialize rn = row_number()"))).toMatchObject({ kind: "Serialize", items: [{ names: [{ name: "rn" }] }] });
    expect(strip(op("serialize"))).toEqual({ kind: "Serialize", items: [] });
    expect(strip(op("as hint.materialized=true X"))).toEqual({ kind: "As", params: [{ name: "hint.materialized", value: lit("bool", true) }], name: "X" });
    expect(strip(op("invoke f(1)"))).toEqual({ kind: "Invoke", call: { kind: "Call", name: "f", args: [lit("long", 1)], namedArgs: [] } });
    expect(strip(op("render timechart with (title='x', ycolumns=a, b)"))).toEqual({ kind: "Render", visualization: "timechart" });
    expect(strip(op("getschema"))).toEqual({ kind: "GetSchema" });
  });

  test("search as an operator", () => {
    expect(strip(op(`search "error"`))).toEqual({ kind: "Search", params: [], predicate: lit("string", "error") });
  });
});

describe("tabular sources", () => {
  test("datatable", () => {
    expect(strip(expr(`datatable(a:string, b:long) [ "x", 1, "y", 2, ]`))).toEqual({
      kind: "Datatable",
      columns: [
        { name: "a", type: "string" },
        { name: "b", type: "long" },
      ],
      values: [lit("string", "x"), lit("long", 1), lit("string", "y"), lit("long", 2)],
    });
  });

  test("print, range", () => {
    expect(strip(expr("print x = 1, 2"))).toEqual({ kind: "Print", items: [{ names: [{ name: "x" }], expression: lit("long", 1) }, { expression: lit("long", 2) }] });
    expect(strip(expr("range x from 1 to 10 step 2"))).toEqual({ kind: "Range", column: "x", from: lit("long", 1), to: lit("long", 10), step: lit("long", 2) });
  });

  test("range() is still a function", () => {
    expect(strip(expr("print range(1, 5, 1)"))).toMatchObject({ items: [{ expression: { kind: "Call", name: "range" } }] });
  });

  test("externaldata", () => {
    expect(strip(expr(`externaldata(a:string) [ @"https://x/y.csv" ] with (format="csv", ignoreFirstRecord=true)`))).toEqual({
      kind: "ExternalData",
      columns: [{ name: "a", type: "string" }],
      urls: [lit("string", "https://x/y.csv")],
      params: [
        { name: "format", value: lit("string", "csv") },
        { name: "ignoreFirstRecord", value: lit("bool", true) },
      ],
    });
  });

  test("find and search", () => {
    expect(strip(expr(`find in (T1, T2) where x == 1`))).toMatchObject({ kind: "FindOrSearch", keyword: "find", tables: [name("T1"), name("T2")] });
    expect(strip(expr(`search in (T1) "err"`))).toMatchObject({ kind: "FindOrSearch", keyword: "search", predicate: lit("string", "err") });
  });

  test("function-call sources", () => {
    expect(strip(expr(`_GetWatchlist('x') | project a`))).toMatchObject({ source: { kind: "Call", name: "_GetWatchlist", args: [lit("string", "x")] } });
    expect(strip(expr(`materialize(T | where x)`))).toMatchObject({ kind: "Call", name: "materialize", args: [{ kind: "Pipe" }] });
  });

  test("evaluate at the start of a pipeline", () => {
    expect(strip(expr("evaluate f(1) | take 1"))).toMatchObject({
      kind: "Pipe",
      operator: { kind: "Take" },
      source: { kind: "Pipe", source: { kind: "Name", name: "" }, operator: { kind: "Evaluate", plugin: { name: "f" } } },
    });
  });
});
