/**
 * Runs of the same query text share one parsed tree (src/parser/shared-tree.ts): it is parsed once,
 * frozen, and kept among the last few texts; what a run hands the caller is still the run's own.
 */
import { prepareQuery, runQuerySync } from "../../src/api.js";
import { planNodes } from "../../src/binder/plan.js";
import { KqlError } from "../../src/errors.js";
import { MAX_TREE_DEPTH, parseQuery } from "../../src/parser/index.js";
import { deepFreeze, sharedTree } from "../../src/parser/shared-tree.js";

describe("sharedTree", () => {
  it("gives the same frozen tree for the same text, a new one for another text", () => {
    const text = "T | where a > 1 | summarize count() by b";
    const first = sharedTree(text);
    expect(sharedTree(text)).toBe(first);
    expect(sharedTree(`${text} | take 1`)).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.statements)).toBe(true);
    expect(Object.isFrozen(first.statements[0]!.span)).toBe(true);
    expect(() => {
      (first.statements as unknown[]).push(null);
    }).toThrow(TypeError);
  });

  it("is not what parseQuery hands out: each parseQuery call gets a new tree it may change", () => {
    const text = "T | project a";
    sharedTree(text);
    const mine = parseQuery(text);
    expect(mine).not.toBe(sharedTree(text));
    expect(Object.isFrozen(mine)).toBe(false);
    expect(parseQuery(text)).not.toBe(mine);
  });

  it("keeps only the last 64 texts", () => {
    const text = "print kept = 1";
    const first = sharedTree(text);
    for (let i = 0; i < 64; i++) sharedTree(`print other = ${i}`);
    const again = sharedTree(text);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it("reports a text that fails on every call, with the position", () => {
    const text = "T | where a >";
    for (let k = 0; k < 2; k++) {
      let caught: unknown;
      try {
        sharedTree(text);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(KqlError);
      expect((caught as KqlError).line).toBe(1);
    }
  });

  it("reports a tree deeper than the limit on every call", () => {
    // Unary minus nests a node per sign without parentheses, so the token nesting limit does not stop it first.
    const text = `print v = ${"-".repeat(MAX_TREE_DEPTH + 5)}1`;
    expect(() => sharedTree(text)).toThrow(/query is nested too deeply/);
    expect(() => sharedTree(text)).toThrow(/query is nested too deeply/);
  });

  it("freezes every object and array a value reaches, shared ones included", () => {
    const inner = { c: [1, { d: 2 }] };
    const tree = deepFreeze({ a: inner, b: [inner] });
    expect(Object.isFrozen(tree.a.c)).toBe(true);
    expect(Object.isFrozen(tree.a.c[1])).toBe(true);
    expect(Object.isFrozen(tree.b)).toBe(true);
  });
});

describe("runs of the same text", () => {
  const text = 'print d = dynamic({"a": [1, 2], "b": {"c": "x"}}), n = 1';

  it("hand each run its own copy of a dynamic literal, which the caller may change", () => {
    const first = runQuerySync(text, {});
    const d = first.rows[0]!.d as { a: number[]; b: { c: string } };
    d.a.push(3);
    d.b.c = "changed";
    const second = runQuerySync(text, {});
    expect(second.rows[0]!.d).toEqual({ a: [1, 2], b: { c: "x" } });
    expect(second.rows[0]!.d).not.toBe(d);
  });

  it("keep a bag's missing prototype in the copy", () => {
    const d = runQuerySync(text, {}).rows[0]!.d as object;
    expect(Object.getPrototypeOf(d)).toBeNull();
    expect(Object.getPrototypeOf((d as { b: object }).b)).toBeNull();
  });

  it("copy a literal's __proto__ key as data, in every run", () => {
    const query = 'print d = dynamic({"__proto__": {"isAdmin": true}, "k": 1})';
    for (let k = 0; k < 2; k++) {
      const d = runQuerySync(query, {}).rows[0]!.d as Record<string, unknown>;
      expect(Object.getPrototypeOf(d)).toBeNull();
      expect(Object.keys(d)).toEqual(["__proto__", "k"]);
      expect(d["__proto__"]).toEqual({ isAdmin: true });
    }
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });

  it("bind the one shared tree: the plan's spans are the frozen tree's own", () => {
    const query = "T | where v > 1 | summarize c = count() by k";
    const tables = { T: [{ v: 2, k: "a" }] };
    const nodes = planNodes(prepareQuery(query, tables).plan);
    expect(nodes.length).toBeGreaterThan(2);
    for (const node of nodes) expect(Object.isFrozen(node.span)).toBe(true);
  });

  it("give the same rows over different tables", () => {
    const query = "T | where v > 1 | project v";
    expect(runQuerySync(query, { T: [{ v: 1 }, { v: 2 }] }).rows).toEqual([{ v: 2 }]);
    expect(runQuerySync(query, { T: [{ v: 5 }, { v: 0 }, { v: 3 }] }).rows).toEqual([{ v: 5 }, { v: 3 }]);
  });
});
