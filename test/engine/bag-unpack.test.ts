import { header, rowsOf, run } from "./helpers.js";

const T = {
  T: [
    { id: 1, props: { zeta: "a", alpha: 3, mixed: 1 } },
    { id: 2, props: { alpha: 4, mixed: "x", extra: [1, 2] } },
    { id: 3, props: null },
  ],
};

describe("evaluate bag_unpack", () => {
  it("makes one column per slot, sorted by name, typed by the slot's values, and drops the source", () => {
    const r = run("T | evaluate bag_unpack(props)", T);
    expect(header(r)).toEqual(["id:long", "alpha:long", "extra:dynamic", "mixed:dynamic", "zeta:string"]);
    expect(rowsOf(r)).toEqual([
      [1, 3, null, 1, "a"],
      [2, 4, [1, 2], "x", ""],
      [3, null, null, null, ""],
    ]);
  });
  it("prefixes slot names and skips ignored properties", () => {
    const r = run("T | evaluate bag_unpack(props, 'p_', 'error', dynamic(['extra', 'mixed']))", T);
    expect(header(r)).toEqual(["id:long", "p_alpha:long", "p_zeta:string"]);
    expect(rowsOf(r)[1]).toEqual([2, 4, ""]);
  });
  it("a slot named like an input column fails unless columnsConflict says which one wins", () => {
    const C = { C: [{ alpha: "outer", props: { alpha: 1, b: true } }] };
    expect(() => run("C | evaluate bag_unpack(props)", C)).toThrow(/second column 'alpha'/);
    const replaced = run("C | evaluate bag_unpack(props, columnsConflict='replace_source')", C);
    expect(header(replaced)).toEqual(["alpha:long", "b:bool"]);
    expect(rowsOf(replaced)).toEqual([[1, true]]);
    const kept = run("C | evaluate bag_unpack(props, columnsConflict='keep_source')", C);
    expect(header(kept)).toEqual(["alpha:string", "b:bool"]);
    expect(rowsOf(kept)).toEqual([["outer", true]]);
  });
  it("a schema hint names and types the columns without reading the data; * keeps the input's", () => {
    const r = run("T | evaluate bag_unpack(props) : (alpha:string, missing:long)", T);
    expect(header(r)).toEqual(["alpha:string", "missing:long"]);
    const s = run("T | evaluate bag_unpack(props) : (*, alpha:real)", T);
    expect(header(s)).toEqual(["id:long", "alpha:real"]);
    expect(rowsOf(s)).toEqual([
      [1, 3],
      [2, 4],
      [3, null],
    ]);
  });
  it("later operators can use the unpacked columns", () => {
    const r = run("T | evaluate bag_unpack(props) | where alpha > 3 | project id, zeta", T);
    expect(rowsOf(r)).toEqual([[2, ""]]);
  });
  it("chains with mv-expand and pivot: name/value pairs become columns", () => {
    const X = {
      X: [
        { host: "h1", pairs: [{ k: "user", v: "ann" }, { k: "proc", v: "cmd" }] },
        { host: "h2", pairs: [{ k: "proc", v: "sh" }] },
      ],
    };
    const r = run("X | mv-expand pairs | evaluate bag_unpack(pairs) | evaluate pivot(k, take_any(v), host)", X);
    expect(header(r)).toEqual(["host:string", "user:string", "proc:string"]);
    expect(rowsOf(r)).toEqual([
      ["h1", "ann", "cmd"],
      ["h2", "", "sh"],
    ]);
  });
});

describe("evaluate bag_unpack limits", () => {
  it("refuses to make more columns than the limit from the data", () => {
    const big: Record<string, number> = {};
    for (let i = 0; i < 10_001; i++) big[`k${i}`] = i;
    expect(() => run("T | evaluate bag_unpack(p)", { T: [{ p: big }] })).toThrow(/at most 10000/);
  });
});
