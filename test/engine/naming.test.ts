/**
 * Result column names and types, as Microsoft's own binder (@kusto/language-service-next) computes them
 * for the same queries: each case here is one where the differential test (test/oracle) caught us out.
 */
import type { InputTables, SchemaMap } from "../../src/api-types.js";
import { header, run } from "./helpers.js";

const schemas: SchemaMap = {
  T: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "Port", type: "int" },
    { name: "Msg", type: "string" },
    { name: "D", type: "dynamic" },
    { name: "Id", type: "long" },
  ],
  U: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "Msg", type: "string" },
    { name: "D", type: "dynamic" },
    { name: "Id", type: "string" },
  ],
};

function cols(query: string, tables: InputTables = {}): string[] {
  return header(run(query, tables, { schemas }));
}

describe("union", () => {
  it("puts the columns a type split makes next to each other, where the name first appears", () => {
    expect(cols("union (T | project Port, Id), (U | project Id, Port = Msg)")).toEqual(["Port_int:int", "Port_string:string", "Id_long:long", "Id_string:string"]);
  });
  it("splits a name by type in the order the types first appear", () => {
    expect(cols("union (T | project Port), (T | project Port = Id), (U | project Port = Msg)")).toEqual(["Port_int:int", "Port_long:long", "Port_string:string"]);
  });
});

describe("iff and case types", () => {
  it("a dynamic branch takes the type of the other branch", () => {
    expect(cols("T | project x = iff(true, D.a, ''), y = iff(false, 1s, D.b), z = case(Port > 1, D.c, Port > 2, 2, 2.5)")).toEqual(["x:string", "y:timespan", "z:real"]);
  });
  it("branches of unrelated types give dynamic", () => {
    expect(cols("print x = iff(true, 1, 'a')")).toEqual(["x:dynamic"]);
  });
  it("converts the dynamic branch's value to the result type", () => {
    const r = run("print d = dynamic({'a': {'b': 1}, 'n': 5}) | project s = iff(true, d.a, ''), n = iff(true, d.n, 0), e = iff(false, d.a, '')");
    expect(header(r)).toEqual(["s:string", "n:long", "e:string"]);
    expect(r.rows).toEqual([{ s: '{"b":1}', n: 5, e: "" }]);
  });
});

describe("union name collisions", () => {
  it("a split name that meets a real column of that name gets a numeric suffix", () => {
    expect(cols("union withsource=TableName (print x = 1), (print x = toint(2)), (print x_long = 3)")).toEqual(["TableName:string", "x_long:long", "x_int:int", "x_long1:long"]);
  });
});

describe("union values follow their split columns", () => {
  it("each input's value lands in the column of its type", () => {
    const r = run("union (print x = 1), (print x = toint(2)), (print x_long = 3)");
    expect(r.rows).toEqual(expect.arrayContaining([
      { x_long: 1, x_int: null, x_long1: null },
      { x_long: null, x_int: 2, x_long1: null },
      { x_long: null, x_int: null, x_long1: 3 },
    ]));
  });
});

describe("summarize with *", () => {
  it("arg_max(x, *) leaves out the by-columns that are input columns, renamed or converted to their own type", () => {
    expect(cols("T | summarize arg_max(TimeGenerated, *) by M2 = Msg")).toEqual(["M2:string", "TimeGenerated:datetime", "Port:int", "D:dynamic", "Id:long"]);
    expect(cols("T | summarize arg_max(TimeGenerated, *) by X = tostring(Msg)")).toEqual(["X:string", "TimeGenerated:datetime", "Port:int", "D:dynamic", "Id:long"]);
  });
  it("a by-key that computes a new value does not hide its column: the column comes back with a suffix", () => {
    expect(cols("T | summarize arg_max(TimeGenerated, *) by tostring(Port)")).toEqual(["Port:string", "TimeGenerated:datetime", "Port1:int", "Msg:string", "D:dynamic", "Id:long"]);
    expect(cols("T | summarize arg_max(Id, *) by bin(TimeGenerated, 1h)")).toEqual(["TimeGenerated:datetime", "Id:long", "TimeGenerated1:datetime", "Port:int", "Msg:string", "D:dynamic"]);
    expect(cols("T | summarize take_any(*) by Msg = tostring(Port)")).toEqual(["Msg:string", "TimeGenerated:datetime", "Port:int", "Msg1:string", "D:dynamic", "Id:long"]);
  });
  it("a column * brings in that an earlier aggregate named is suffixed, and so is a later explicit name", () => {
    expect(cols("T | summarize Port = count(), arg_max(TimeGenerated, *) by Msg")).toEqual(["Msg:string", "Port:long", "TimeGenerated:datetime", "Port1:int", "D:dynamic", "Id:long"]);
    expect(cols("T | summarize arg_max(TimeGenerated, *), Port = count() by Msg")).toEqual(["Msg:string", "TimeGenerated:datetime", "Port:int", "D:dynamic", "Id:long", "Port1:long"]);
    expect(cols("T | summarize arg_max(Port, *), arg_min(Port, *) by Msg")).toEqual(["Msg:string", "Port:int", "TimeGenerated:datetime", "D:dynamic", "Id:long", "Port1:int", "TimeGenerated1:datetime", "D1:dynamic", "Id1:long"]);
  });
  it("the suffixed columns carry the winning row's values", () => {
    const r = run("datatable(k:string, t:long, v:string)['a', 1, 'x', 'a', 2, 'y'] | summarize arg_max(t, *) by k = strcat(v, '')");
    expect(header(r)).toEqual(["k:string", "t:long", "k1:string", "v:string"]);
    expect(r.rows).toEqual(expect.arrayContaining([{ k: "x", t: 1, k1: "a", v: "x" }, { k: "y", t: 2, k1: "a", v: "y" }]));
  });
  it("two explicit aggregates of one name are still an error", () => {
    expect(() => cols("T | summarize a = count(), a = sum(Port)")).toThrow(/twice/);
  });
});

describe("extend", () => {
  it("an unnamed expression whose derived name is taken replaces that column in place", () => {
    expect(cols("T | extend tostring(D), toint(Id)")).toEqual(["TimeGenerated:datetime", "Port:int", "Msg:string", "D:string", "Id:int"]);
    expect(cols("T | extend D_a = 1 | extend D.a")).toEqual(["TimeGenerated:datetime", "Port:int", "Msg:string", "D:dynamic", "Id:long", "D_a:dynamic"]);
    expect(cols("T | extend strlen(Msg), strlen(Msg) | project-away TimeGenerated, Port, D, Id")).toEqual(["Msg:string", "strlen_Msg:long"]);
  });
  it("project still gives a clashing derived name a suffix", () => {
    expect(cols("T | project D, tostring(D)")).toEqual(["D:dynamic", "D1:string"]);
  });
  it("the replaced column holds the converted value", () => {
    const r = run("print D = dynamic({'a': 1}) | extend tostring(D)");
    expect(r.rows).toEqual([{ D: '{"a":1}' }]);
  });
});

describe("take_any of several expressions", () => {
  it("gives a column each, named after the expression, with the values of one row", () => {
    expect(cols("T | summarize take_any(Port, strlen(Msg), D.a) by Id")).toEqual(["Id:long", "Port:int", "strlen_Msg:long", "D_a:dynamic"]);
    const r = run("datatable(k:string, a:long, b:string)['x', 1, 'one', 'x', 2, 'two'] | summarize (n, s) = take_any(a, b) by k");
    expect(header(r)).toEqual(["k:string", "n:long", "s:string"]);
    expect([{ k: "x", n: 1, s: "one" }, { k: "x", n: 2, s: "two" }]).toContainEqual(r.rows[0]);
  });
});

describe("summarize expressions over aggregates", () => {
  it("are named after the aggregate through the functions' naming rules", () => {
    expect(cols("T | summarize round(avg(Port), 2), tostring(make_set(Msg)), strlen(tostring(make_set(Msg)))")).toEqual(["avg_Port:real", "set_Msg:string", "strlen_set_Msg:long"]);
  });
  it("an expression of several aggregates is still Column1", () => {
    expect(cols("T | summarize max(TimeGenerated) - min(TimeGenerated), count() * 2")).toEqual(["Column1:timespan", "Column2:long"]);
  });
});
