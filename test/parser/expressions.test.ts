import { expr, lit, name, pred, strip } from "./helpers.js";

describe("precedence", () => {
  test("and binds tighter than or", () => {
    expect(strip(pred("a or b and c"))).toEqual({
      kind: "Binary",
      operator: "or",
      left: name("a"),
      right: { kind: "Binary", operator: "and", left: name("b"), right: name("c") },
    });
  });

  test("or and and chains are left-associative", () => {
    expect(strip(pred("a or b or c"))).toMatchObject({ operator: "or", left: { operator: "or", left: name("a"), right: name("b") }, right: name("c") });
    expect(strip(pred("a - b - c"))).toMatchObject({ operator: "-", left: { operator: "-", left: name("a") }, right: name("c") });
  });

  test("unary minus binds tighter than *", () => {
    expect(strip(pred("-x * 2"))).toEqual({
      kind: "Binary",
      operator: "*",
      left: { kind: "Unary", operator: "-", operand: name("x") },
      right: lit("long", 2),
    });
  });

  test("* binds tighter than +", () => {
    expect(strip(pred("a + b * c"))).toEqual({
      kind: "Binary",
      operator: "+",
      left: name("a"),
      right: { kind: "Binary", operator: "*", left: name("b"), right: name("c") },
    });
  });

  test("comparisons bind tighter than and, arithmetic tighter than comparisons", () => {
    expect(strip(pred("a + 1 > b and c == 'x'"))).toMatchObject({
      operator: "and",
      left: { operator: ">", left: { operator: "+" }, right: name("b") },
      right: { operator: "==", right: lit("string", "x") },
    });
  });

  test("parentheses override precedence and are kept", () => {
    expect(strip(pred("(a or b) and c"))).toMatchObject({
      operator: "and",
      left: { kind: "Paren", expression: { kind: "Binary", operator: "or" } },
    });
  });

  test("not is a function", () => {
    expect(strip(pred("not(a == 1) and b"))).toMatchObject({
      operator: "and",
      left: { kind: "Call", name: "not", args: [{ kind: "Binary", operator: "==" }] },
    });
  });

  test("subtraction works next to calls and timespans", () => {
    expect(strip(pred("TimeGenerated > now()-1d"))).toMatchObject({
      operator: ">",
      right: { kind: "Binary", operator: "-", left: { kind: "Call", name: "now" }, right: { kind: "Literal", type: "timespan" } },
    });
    expect(strip(pred("x-y > 0"))).toMatchObject({ operator: ">", left: { operator: "-", left: name("x"), right: name("y") } });
  });

  test("repeated unary signs nest", () => {
    expect(strip(pred("- -x"))).toEqual({ kind: "Unary", operator: "-", operand: { kind: "Unary", operator: "-", operand: name("x") } });
  });
});

describe("comparison and string operators", () => {
  test.each(["==", "!=", "<", "<=", ">", ">=", "=~", "!~"])("%s", (o) => {
    expect(strip(pred(`a ${o} 'x'`))).toEqual({ kind: "Binary", operator: o, left: name("a"), right: lit("string", "x") });
  });

  test("<> means !=", () => {
    expect(pred("a <> 1")).toMatchObject({ operator: "!=" });
  });

  const stringOps = [
    "has",
    "!has",
    "has_cs",
    "!has_cs",
    "hasprefix",
    "!hasprefix",
    "hasprefix_cs",
    "!hasprefix_cs",
    "hassuffix",
    "!hassuffix",
    "hassuffix_cs",
    "!hassuffix_cs",
    "contains",
    "!contains",
    "contains_cs",
    "!contains_cs",
    "startswith",
    "!startswith",
    "startswith_cs",
    "!startswith_cs",
    "endswith",
    "!endswith",
    "endswith_cs",
    "!endswith_cs",
  ];
  test.each(stringOps)("%s", (o) => {
    const e = pred(`Col ${o} "v"`);
    expect(strip(e)).toEqual({ kind: "Binary", operator: o, left: name("Col"), right: lit("string", "v") });
    if (e.kind !== "Binary") throw new Error("binary");
    const text = `T | where Col ${o} "v"`;
    expect(text.slice(e.operatorSpan.start, e.operatorSpan.end)).toBe(o);
  });

  test.each([
    ["containscs", "contains_cs"],
    ["!containscs", "!contains_cs"],
    ["notcontains", "!contains"],
    ["notcontainscs", "!contains_cs"],
  ])("legacy %s reads as %s", (written, operator) => {
    expect(pred(`a ${written} "x"`)).toMatchObject({ kind: "Binary", operator });
  });

  test("matches regex", () => {
    expect(strip(pred(`a matches regex "[0-9]+"`))).toEqual({ kind: "Binary", operator: "matches regex", left: name("a"), right: lit("string", "[0-9]+") });
  });

  test("has_any is not mistaken for has", () => {
    expect(pred(`a has_any ("x")`)).toMatchObject({ kind: "In", operator: "has_any" });
  });
});

describe("in, has_any, between", () => {
  test.each(["in", "!in", "in~", "!in~", "has_any", "has_all"])("%s with a list", (o) => {
    expect(strip(pred(`x ${o} ("a", "b", 3)`))).toEqual({
      kind: "In",
      operator: o,
      left: name("x"),
      values: [lit("string", "a"), lit("string", "b"), lit("long", 3)],
    });
  });

  test("!in~ binds tighter than and", () => {
    expect(strip(pred(`x !in~ ("a") and y`))).toMatchObject({ operator: "and", left: { kind: "In", operator: "!in~", values: [lit("string", "a")] } });
  });

  test("a subquery in the list", () => {
    const e = strip(pred("x in (T2 | where y > 1 | project y)"));
    expect(e).toMatchObject({ kind: "In", values: [{ kind: "Pipe", operator: { kind: "Project" }, source: { kind: "Pipe", source: name("T2") } }] });
  });

  test("a single name in the list", () => {
    expect(strip(pred("x in (ListVar)"))).toEqual({ kind: "In", operator: "in", left: name("x"), values: [name("ListVar")] });
  });

  test("between and !between", () => {
    expect(strip(pred("t between (ago(1d) .. now())"))).toMatchObject({
      kind: "Between",
      negated: false,
      left: name("t"),
      low: { kind: "Call", name: "ago" },
      high: { kind: "Call", name: "now" },
    });
    expect(pred("n !between (1 .. 10)")).toMatchObject({ kind: "Between", negated: true });
  });
});

describe("postfix and primary forms", () => {
  test("member, index, quoted member", () => {
    expect(strip(pred("a.b['c'][0].d.['e f'] == 1"))).toMatchObject({
      left: {
        kind: "Member",
        member: "e f",
        target: {
          kind: "Member",
          member: "d",
          target: { kind: "Index", index: lit("long", 0), target: { kind: "Index", index: lit("string", "c"), target: { kind: "Member", member: "b", target: name("a") } } },
        },
      },
    });
  });

  test("x.[0] indexes", () => {
    expect(strip(pred("x.[0] == 1"))).toMatchObject({ left: { kind: "Index", target: name("x"), index: lit("long", 0) } });
  });

  test("negative index", () => {
    expect(strip(pred("x[-1] == 1"))).toMatchObject({ left: { kind: "Index", index: { kind: "Unary", operator: "-", operand: lit("long", 1) } } });
  });

  test("quoted names", () => {
    expect(strip(pred(`['my col'] == ["other"]`))).toMatchObject({ left: name("my col"), right: name("other") });
  });

  test("keywords are names where a name is expected", () => {
    expect(strip(pred("count > 1 and kind == 'x' and type has 'y' and name != ''"))).toMatchObject({
      left: { left: { left: { left: name("count") } } },
    });
  });

  test("calls with positional, star and named arguments", () => {
    const e = expr("_Im_Dns(starttime=ago(1h), 'x', *)");
    expect(strip(e)).toEqual({
      kind: "Call",
      name: "_Im_Dns",
      args: [lit("string", "x"), { kind: "Star" }],
      namedArgs: [{ name: "starttime", value: { kind: "Call", name: "ago", args: [lit("timespan", "36000000000n")], namedArgs: [] } }],
    });
    if (e.kind !== "Call") throw new Error("call");
    expect(e.nameSpan).toEqual({ start: 0, end: 7 });
    expect(e.span).toEqual({ start: 0, end: 34 });
  });

  test("$left and $right are names with a join side", () => {
    const e = pred("$left.a == $right.b");
    expect(strip(e)).toEqual({
      kind: "Binary",
      operator: "==",
      left: { kind: "Member", member: "a", target: { kind: "Name", name: "$left", joinSide: "left" } },
      right: { kind: "Member", member: "b", target: { kind: "Name", name: "$right", joinSide: "right" } },
    });
  });

  test("typeof", () => {
    expect(strip(expr("typeof(string)"))).toEqual({ kind: "Call", name: "typeof", args: [name("string")], namedArgs: [] });
  });

  test("spans cover the whole expression", () => {
    const text = "T | where a + b * 2 > 3";
    const e = pred("a + b * 2 > 3");
    expect(text.slice(e.span.start, e.span.end)).toBe("a + b * 2 > 3");
    if (e.kind !== "Binary" || e.left.kind !== "Binary") throw new Error("binary");
    expect(text.slice(e.left.right.span.start, e.left.right.span.end)).toBe("b * 2");
  });
});
