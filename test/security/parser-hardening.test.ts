/** Hostile rule text (issue 5): deep nesting, long chains and huge queries parse or fail cleanly, in bounded time. */
import { runQuerySync } from "../../src/api.js";
import { KqlError } from "../../src/errors.js";
import { MAX_NESTING_DEPTH, MAX_TREE_DEPTH, parseQuery, parseQueryAll } from "../../src/parser/index.js";

const tables = { T: [{ a: true, x: 1, s: "abc" }] };

function outcome(q: string, run = true): { ms: number; error?: KqlError } {
  const started = Date.now();
  try {
    if (run) runQuerySync(q, tables, { now: "2026-11-28T12:00:00Z" });
    else parseQuery(q);
    return { ms: Date.now() - started };
  } catch (e) {
    if (!(e instanceof KqlError)) throw e;
    return { ms: Date.now() - started, error: e };
  }
}

const chain = (n: number, term: string, op: string) => Array.from({ length: n }, () => term).join(op);

describe("long chains fail with a positioned KQL_SYNTAX instead of a stack overflow", () => {
  test.each([
    ["10k-term and chain", `T | where ${chain(10_000, "a", " and ")}`],
    ["10k-term + chain", `T | extend y = ${chain(10_000, "x", " + ")}`],
    ["5000 pipes", `T${" | where a".repeat(5000)}`],
    ["10k unary minus", `T | extend y = ${"-".repeat(10_000)}x`],
    ["5000 member accesses", `T | extend y = todynamic(s)${".a".repeat(5000)}`],
    ["5000 index accesses", `T | extend y = todynamic(s)${"[0]".repeat(5000)}`],
    ["10k-term or chain of comparisons", `T | where ${chain(10_000, "x == 1", " or ")}`],
  ])("%s", (_name, q) => {
    const { ms, error } = outcome(q);
    expect(error?.code).toBe("KQL_SYNTAX");
    expect(error!.detail).toMatch(/nested too deeply/);
    expect(error!.line).toBe(1);
    expect(error!.column).toBeGreaterThan(1);
    expect(ms).toBeLessThan(10_000);
  });

  test("chains just under the tree limit parse, bind and run", () => {
    const n = MAX_TREE_DEPTH - 10;
    expect(outcome(`T | where ${chain(n, "a", " and ")}`).error).toBeUndefined();
    expect(outcome(`T${" | where a".repeat(n)}`).error).toBeUndefined();
    expect(outcome(`T | extend y = ${chain(n, "x", " + ")}`).error).toBeUndefined();
  });

  test("a long chain of let statements runs or fails cleanly", () => {
    const lets = Array.from({ length: 3000 }, (_, i) => `let v${i + 1} = v${i} | where a;`).join("");
    const { error } = outcome(`let v0 = T;${lets}v3000 | count`);
    if (error) expect(error.code).toBe("KQL_LIMIT");
  });
});

describe("deep nesting", () => {
  test.each([
    ["parentheses", (n: number) => `T | where ${"(".repeat(n)}a${")".repeat(n)}`],
    ["brackets", (n: number) => `print dynamic(${"[".repeat(n)}${"]".repeat(n)})`],
    ["function calls", (n: number) => `print ${"strlen(tostring(".repeat(n / 2)}1${"))".repeat(n / 2)}`],
  ])("thousands of %s fail at the first level too deep", (_what, make) => {
    const { ms, error } = outcome(make(5000), false);
    expect(error?.code).toBe("KQL_SYNTAX");
    expect(error!.detail).toBe("expression nested too deeply");
    expect(error!.column).toBeGreaterThan(MAX_NESTING_DEPTH);
    expect(ms).toBeLessThan(5000);
  });

  test("unbalanced closers are a syntax error, not a crash", () => {
    expect(outcome(`T | where a${")".repeat(5000)}`, false).error?.code).toBe("KQL_SYNTAX");
    expect(outcome(`${"}".repeat(100)}T`, false).error?.code).toBe("KQL_SYNTAX");
  });
});

describe("huge queries", () => {
  test("a 1 MB string literal parses and runs", () => {
    const { ms, error } = outcome(`T | where s != '${"a".repeat(1_000_000)}' | count`);
    expect(error).toBeUndefined();
    expect(ms).toBeLessThan(10_000);
  });

  test("a 1 MB query of many statements parses in bounded time", () => {
    const q = Array.from({ length: 40_000 }, (_, i) => `let v${i} = ${i};`).join("") + "T | count";
    expect(q.length).toBeGreaterThan(500_000);
    const { ms, error } = outcome(q, false);
    expect(error).toBeUndefined();
    expect(ms).toBeLessThan(20_000);
  });

  test("a 1 MB query of garbage fails fast with a position", () => {
    const q = "T | where ".concat("a ".repeat(500_000));
    const { ms, error } = outcome(q, false);
    expect(error?.code).toBe("KQL_SYNTAX");
    expect(error!.offset).toBeGreaterThan(0);
    expect(ms).toBeLessThan(10_000);
  });
});

describe("parseQueryAll reports several errors at once", () => {
  test("one error per bad statement, in text order, each positioned", () => {
    const q = "let a = 1 +;\nlet b = (2;\nlet c = 3;\nT | where";
    const { ast, errors } = parseQueryAll(q);
    expect(ast).toBeUndefined();
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(errors.map((e) => e.line)).toEqual([...errors.map((e) => e.line)].sort((x, y) => x - y));
    for (const e of errors) {
      expect(e.code).toBe("KQL_SYNTAX");
      expect(e.line).toBeGreaterThan(0);
    }
  });

  test("lexing errors are all reported", () => {
    const { errors } = parseQueryAll("T | where a == 'x\nT | where b == \u0001 and c == #");
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });
});

describe("regressions from fuzzing", () => {
  // Each of these crashed with a RangeError (stack overflow) or a TypeError before issue 5's fixes.
  test.each([
    ["and chain run through binder and compiler", `T | where ${chain(3000, "a", " and ")}`],
    ["pipe chain run through the executor", `T${" | where a".repeat(3000)}`],
    ["unary minus chain", `T | extend y = ${"- ".repeat(3000)}x`],
  ])("%s", (_name, q) => {
    expect(outcome(q).error?.code).toBe("KQL_SYNTAX");
  });
});
