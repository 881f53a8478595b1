/** After bag_unpack or pivot without a schema hint, a name the data did not supply is an empty dynamic column. */
import { header, rowsOf, run } from "./helpers.js";

const EMPTY = { Events: [] as Record<string, unknown>[] };
const SCHEMAS = { schemas: { Events: [{ name: "Host", type: "string" }, { name: "Props", type: "dynamic" }] } };

describe("open schema after a data-dependent plugin", () => {
  test("over no rows, later operators bind: the names they read are empty dynamic columns", () => {
    const r = run("Events | evaluate bag_unpack(Props) | where isnotempty(user) | summarize n = count() by Host, tostring(user)", EMPTY, SCHEMAS);
    expect(header(r)).toEqual(["Host:string", "user:string", "n:long"]);
    expect(r.rows).toEqual([]);
  });
  test("with rows, a slot no row has is null; slots that exist keep their values", () => {
    const tables = { Events: [{ Host: "a", Props: { user: "ann" } }, { Host: "b", Props: { user: "bob" } }] };
    const r = run("Events | evaluate bag_unpack(Props) | extend Who = strcat(user, '/', tostring(MissingSlot)) | project Host, Who, MissingSlot", tables, SCHEMAS);
    expect(header(r)).toEqual(["Host:string", "Who:string", "MissingSlot:dynamic"]);
    expect(rowsOf(r)).toEqual([
      ["a", "ann/", null],
      ["b", "bob/", null],
    ]);
  });
  test("pass-through operators keep the schema open; project closes it", () => {
    expect(() => run("Events | evaluate bag_unpack(Props) | where Host != '' | sort by Host | extend x = 1 | project y = z", EMPTY, SCHEMAS)).not.toThrow();
    expect(() => run("Events | evaluate bag_unpack(Props) | project Host | extend y = z", EMPTY, SCHEMAS)).toThrow(/unknown column or variable 'z'/);
  });
  test("project-away, -rename and -reorder keep the schema open; project-keep closes it", () => {
    const after = (op: string): string => `Events | evaluate bag_unpack(Props) | ${op} | extend y = z`;
    for (const op of ["project-away Host", "project-rename H = Host", "project-reorder Host"]) expect(() => run(after(op), EMPTY, SCHEMAS)).not.toThrow();
    expect(() => run(after("project-keep Host"), EMPTY, SCHEMAS)).toThrow(/unknown column or variable 'z'/);
  });
  test("plugins that name a column get it added too: a nested bag_unpack, pivot's columns", () => {
    const open = "Events | evaluate bag_unpack(Props)";
    expect(header(run(`${open} | evaluate bag_unpack(Inner)`, EMPTY, SCHEMAS))).toEqual(["Host:string"]);
    expect(() => run(`${open} | evaluate pivot(Kind, count(), Region)`, EMPTY, SCHEMAS)).not.toThrow();
  });
  test("a missing name with a quote in it becomes that column (the error names it as data, not as text to parse)", () => {
    const r = run(`Events | evaluate bag_unpack(Props) | extend Who = tostring(['it\\'s'])`, EMPTY, SCHEMAS);
    expect(header(r)).toEqual(["Host:string", "it's:dynamic", "Who:string"]);
  });
  test("an unknown-column error carries the name it did not find", () => {
    let caught: unknown;
    try {
      run("Events | where nope == 1", EMPTY, SCHEMAS);
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: "KQL_UNKNOWN_COLUMN", subject: "nope" });
  });
  test("without such a plugin an unknown name is still an error, and a schema hint closes the schema", () => {
    expect(() => run("Events | where nope == 1", EMPTY, SCHEMAS)).toThrow(/unknown column or variable 'nope'/);
    expect(() => run("Events | evaluate bag_unpack(Props) : (user:string) | where nope == 1", EMPTY, SCHEMAS)).toThrow(/nope/);
  });
});
