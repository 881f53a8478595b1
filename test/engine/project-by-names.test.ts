import { KqlError } from "../../src/errors.js";
import { header, rowsOf, run } from "./helpers.js";

const T = "datatable(Host:string, Port:long, Proto:string, Bytes:real) ['web1', 443, 'tcp', 1.5]";

describe("project-by-names", () => {
  test("names in the order given; a name that matches nothing is ignored", () => {
    const r = run(`${T} | project-by-names "Proto", "Host", "Missing"`);
    expect(header(r)).toEqual(["Proto:string", "Host:string"]);
    expect(rowsOf(r)).toEqual([["tcp", "web1"]]);
  });

  test("wildcards match in input order; a column already placed keeps its first place", () => {
    expect(header(run(`${T} | project-by-names "Bytes", "P*", "*"`))).toEqual(["Bytes:real", "Port:long", "Proto:string", "Host:string"]);
  });

  test("a dynamic array and a let-bound array of names", () => {
    expect(header(run(`${T} | project-by-names dynamic(["Port", "Host"])`))).toEqual(["Port:long", "Host:string"]);
    expect(header(run(`let cols = dynamic(["Bytes"]); ${T} | project-by-names cols, "Host"`))).toEqual(["Bytes:real", "Host:string"]);
  });

  test("names are case-sensitive", () => {
    expect(header(run(`${T} | project-by-names "host", "Port"`))).toEqual(["Port:long"]);
  });

  test("column_names_of(T) keeps a table's own columns after a lookup widened it", () => {
    const q = `let Extra = datatable(Host:string, Owner:string, Site:string) ['web1', 'ops', 'east'];
      let Keep = (Src:(Host:string), more:dynamic) { Src | lookup Extra on Host | project-by-names column_names_of(Src), more };
      ${T} | invoke Keep(dynamic(["Site"]))`;
    const r = run(q);
    expect(header(r)).toEqual(["Host:string", "Port:long", "Proto:string", "Bytes:real", "Site:string"]);
    expect(rowsOf(r)).toEqual([["web1", 443, "tcp", 1.5, "east"]]);
  });

  test("a specifier must be constant text", () => {
    expect(() => run(`${T} | project-by-names Host`)).toThrow(KqlError);
    expect(() => run(`${T} | project-by-names 5`)).toThrow(/as strings/);
  });
});

describe("column_names_of()", () => {
  test("the column names of a table, a let-bound query and a function's result, as a dynamic array", () => {
    const r = run(`let Q = ${T} | project Port, Host; let F = (n:long) { print a = n, b = 'x' }; print t = column_names_of(Q), f = column_names_of(F(1))`);
    expect(header(r)).toEqual(["t:dynamic", "f:dynamic"]);
    expect(rowsOf(r)).toEqual([[["Port", "Host"], ["a", "b"]]]);
  });

  test("needs a tabular argument", () => {
    expect(() => run("print column_names_of(1)")).toThrow(/one tabular argument/);
  });
});
