import { header, rowsOf, run } from "./helpers.js";

const T = {
  T: [
    { user: "u1", op: "read", bytes: 10 },
    { user: "u2", op: "write", bytes: 5 },
    { user: "u1", op: "write", bytes: 7 },
    { user: "u1", op: "read", bytes: 1 },
  ],
};

describe("evaluate pivot", () => {
  it("counts by every other column, one column per pivot value in first-seen order", () => {
    const r = run("T | project user, op | evaluate pivot(op)", T);
    expect(header(r)).toEqual(["user:string", "read:long", "write:long"]);
    expect(rowsOf(r)).toEqual([
      ["u1", 2, 1],
      ["u2", 0, 1],
    ]);
  });
  it("an aggregate leaves its column out of the default grouping", () => {
    const r = run("T | evaluate pivot(op, sum(bytes))", T);
    expect(header(r)).toEqual(["user:string", "read:long", "write:long"]);
    expect(rowsOf(r)).toEqual([
      ["u1", 11, 7],
      ["u2", 0, 5],
    ]);
  });
  it("explicit grouping columns, and a schema hint names the pivot columns without reading data", () => {
    const r = run("T | evaluate pivot(user, max(bytes), op)", T);
    expect(header(r)).toEqual(["op:string", "u1:long", "u2:long"]);
    expect(rowsOf(r)).toEqual([
      ["read", 10, null],
      ["write", 7, 5],
    ]);
    const h = run("T | evaluate pivot(op, count(), user) : (user:string, write:long)", T);
    expect(header(h)).toEqual(["user:string", "write:long"]);
    expect(rowsOf(h)).toEqual([
      ["u1", 1],
      ["u2", 1],
    ]);
  });
});
