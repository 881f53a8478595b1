import { header, rowsOf, run } from "./helpers.js";

// Two small tables sharing Host and Level; Cmd only in procs, Port only in conns.
const TABLES = `
let procs = datatable(Host:string, Level:long, Cmd:string)["h1", 1, "calc.exe", "h2", 2, "cmd.exe"];
let conns = datatable(Host:string, Level:long, Port:long)["h1", 3, 443, "h3", 1, 22];
let other = datatable(Unrelated:string)["x"];
`;

describe("find", () => {
  test("project-smart: source_, the common columns, the predicate's other columns, then pack_ with the rest", () => {
    const r = run(`${TABLES} find in (procs, conns, other) where Cmd == "cmd.exe" or Port == 22`);
    // `other` has no column the predicate names, so it is not searched; Cmd is empty (a null string) in conns' rows.
    expect(header(r)).toEqual(["source_:string", "Host:string", "Level:long", "Cmd:string", "Port:long", "pack_:dynamic"]);
    expect(rowsOf(r)).toEqual([
      ["procs", "h2", 2, "cmd.exe", null, {}],
      ["conns", "h3", 1, "", 22, {}],
    ]);
  });

  test("pack_ holds the columns that are neither common nor in the predicate", () => {
    const r = run(`${TABLES} find in (procs, conns) where Level == 1`);
    expect(header(r)).toEqual(["source_:string", "Host:string", "Level:long", "pack_:dynamic"]);
    expect(rowsOf(r)).toEqual([
      ["procs", "h1", 1, { Cmd: "calc.exe" }],
      ["conns", "h3", 1, { Port: 22 }],
    ]);
  });

  test("project lists columns (empty where a table lacks one), converts typed ones, and pack_all() packs the row", () => {
    const r = run(`${TABLES} find withsource=Table in (procs, conns) where Host == "h1" project Cmd, Port:string, pack_all()`);
    expect(header(r)).toEqual(["Table:string", "Cmd:string", "Port:string", "pack_:dynamic"]);
    expect(rowsOf(r)).toEqual([
      ["procs", "calc.exe", "", { Host: "h1", Level: 1, Cmd: "calc.exe" }],
      ["conns", "", "443", { Host: "h1", Level: 3, Port: 443 }],
    ]);
  });

  test("a pipeline continues after find", () => {
    const r = run(`${TABLES} find in (procs, conns) where Host != "h2" project Host, Level | summarize n = count() by source_`);
    expect(rowsOf(r)).toEqual([
      ["procs", 1],
      ["conns", 2],
    ]);
  });

  test("a wildcard in the table list searches every catalog table it matches, in name order", () => {
    const tables = {
      ProcB: [{ Host: "h1", Cmd: "b.exe" }],
      ProcA: [{ Host: "h1", Cmd: "a.exe" }, { Host: "h2", Cmd: "z.exe" }],
      Other: [{ Host: "h1", Cmd: "o.exe" }],
    };
    const r = run(`find in (Proc*) where Host == "h1" project Cmd`, tables);
    expect(rowsOf(r)).toEqual([
      ["ProcA", "a.exe"],
      ["ProcB", "b.exe"],
    ]);
  });

  test("what is not supported says so", () => {
    expect(() => run(`${TABLES} find where Host == "h1"`)).toThrow(/find without 'in/);
    expect(() => run(`${TABLES} let t2 = datatable(Host:long)[1]; find in (procs, t2) where Host == "h1"`)).toThrow(/different types/);
  });
});
