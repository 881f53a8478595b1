import type { QueryResult } from "../../src/api-types.js";
import { tableDiff } from "../../src/conformance/compare.js";
import { EXPLAINED, describeDiff, judge, type ExplainedFailure } from "../../src/conformance/explained.js";

const result: QueryResult = {
  columns: [
    { name: "k", type: "string" },
    { name: "n", type: "long" },
    { name: "d", type: "dynamic" },
  ],
  rows: [
    { k: "a", n: 1, d: [1, 2] },
    { k: "b", n: 2, d: [3] },
    { k: "c", n: 3, d: [] },
  ],
};
const columns = ["k", "n", "d"];

describe("the shape of a difference", () => {
  test("a match, wrong columns, wrong row count", () => {
    const rows = [["c", "3", "[]"], ["a", "1", "[1,2]"], ["b", "2", "[3]"]];
    expect(tableDiff({ columns, rows, ordered: false }, result)).toEqual({ kind: "match" });
    expect(tableDiff({ columns: ["k", "d", "n"], rows, ordered: false }, result)).toEqual({ kind: "columns" });
    expect(tableDiff({ columns, rows: rows.slice(1), ordered: false }, result)).toEqual({ kind: "row-count" });
  });

  test("ordered tables: every differing column, counted once per row, in table order", () => {
    const rows = [["a", "1", "[9]"], ["b", "7", "[3]"], ["x", "3", "[]"]];
    expect(tableDiff({ columns, rows, ordered: true }, result)).toEqual({ kind: "cells", rows: 3, columns: ["k", "n", "d"] });
    const swapped = [["b", "2", "[3]"], ["a", "1", "[1,2]"], ["c", "3", "[]"]];
    expect(tableDiff({ columns, rows: swapped, ordered: true }, result)).toEqual({ kind: "cells", rows: 2, columns: ["k", "n", "d"] });
  });

  test("unordered tables: rows found anywhere match; the rest pair with the leftover rows", () => {
    // Row "b" is found at another position; the documented "z" row pairs with the one result row left, "c".
    const rows = [["b", "2", "[3]"], ["z", "3", "[]"], ["a", "1", "[1,2]"]];
    expect(tableDiff({ columns, rows, ordered: false }, result)).toEqual({ kind: "cells", rows: 1, columns: ["k"] });
  });
});

describe("explained failures", () => {
  const list: ExplainedFailure[] = [{ id: "page#1", category: "doc-slip", reason: "the page shows another input", fails: { rows: 1, columns: ["k"] } }];
  const sameShape = { kind: "cells", rows: 1, columns: ["k"] } as const;

  test("an unlisted case passes or fails as compared", () => {
    expect(judge("other#1", { kind: "match" }, list)).toEqual({ status: "pass" });
    expect(judge("other#1", sameShape, list)).toEqual({ status: "fail" });
    expect(judge("other#1", { kind: "error" }, list)).toEqual({ status: "fail" });
  });

  test("a listed case failing the stated way is explained", () => {
    const v = judge("page#1", sameShape, list);
    expect(v.status).toBe("explained");
    expect(v.status === "explained" && v.entry.category).toBe("doc-slip");
  });

  test("a listed case that passes, or fails in another column, row count or by an error, is stale", () => {
    const stale = (d: Parameters<typeof judge>[1]): string => {
      const v = judge("page#1", d, list);
      return v.status === "stale" ? v.why : `not stale: ${v.status}`;
    };
    expect(stale({ kind: "match" })).toMatch(/now passes/);
    expect(stale({ kind: "cells", rows: 1, columns: ["k", "n"] })).toMatch(/1 row differs in k, n/);
    expect(stale({ kind: "cells", rows: 2, columns: ["k"] })).toMatch(/2 rows differ in k/);
    expect(stale({ kind: "row-count" })).toMatch(/row count differs/);
    expect(stale({ kind: "error" })).toMatch(/query fails/);
  });

  test("the repository's list: one entry per case, a one-line reason, a stated failure", () => {
    const ids = EXPLAINED.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of EXPLAINED) {
      expect(e.id).toMatch(/^[a-z0-9-]+#\d+$/);
      expect(e.reason).not.toMatch(/\n/);
      expect(e.fails.rows).toBeGreaterThan(0);
      expect(e.fails.columns.length).toBeGreaterThan(0);
      expect(describeDiff({ kind: "cells", rows: e.fails.rows, columns: e.fails.columns })).toMatch(/differs? in/);
    }
  });
});
