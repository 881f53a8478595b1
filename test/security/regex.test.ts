/** Every regex path runs RE2 (linear time); patterns RE2 rejects fail at bind time (issue 5). */
import { runQuerySync } from "../../src/api.js";
import { KqlError } from "../../src/errors.js";

const NOW = "2026-11-28T12:00:00Z";
// 100k 'a's and one 'b': `(a+)+$` backtracks exponentially here in a backtracking engine.
const EVIL = "a".repeat(100_000) + "b";
const tables = { T: [{ s: EVIL }] };
const run = (q: string) => runQuerySync(q, tables, { now: NOW });

function failure(f: () => unknown): KqlError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KqlError);
    return e as KqlError;
  }
  throw new Error("expected a KqlError");
}

describe("catastrophic-backtracking patterns finish fast on a 100k-character string", () => {
  test.each([
    ["matches regex", `T | where s matches regex @"(a+)+$" | count`],
    ["extract", `T | project x = extract(@"(a+)+$", 0, s)`],
    ["extract_all", `T | project x = extract_all(@"((a+)+)c", s)`],
    ["replace_regex", `T | project x = strlen(replace_regex(s, @"(a|aa)+$", "z"))`],
    ["parse kind=regex", `T | parse kind=regex s with x:string @"(a+)+c" y:string`],
    ["parse-where kind=regex", `T | parse-where kind=regex s with x:string @"(a*)*c" | count`],
    ["indexof_regex", `T | project x = indexof_regex(s, @"(a+)+c")`],
    ["countof regex", `T | project x = countof(s, @"(a+)+c", "regex")`],
    ["trim", `T | project x = strlen(trim(@"(a+)+c", s))`],
    ["non-constant pattern", `T | extend p = @"(a+)+$" | where s matches regex p | count`],
  ])("%s", (_name, q) => {
    const started = Date.now();
    expect(() => run(q)).not.toThrow();
    // Linear time: well under a second even on a loaded machine (a backtracking engine never finishes).
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("patterns RE2 rejects fail at bind time with a clear error", () => {
  test.each([
    ["backreference", `T | where s matches regex @"(a)\\1"`],
    ["lookahead", `T | project extract(@"a(?=b)", 0, s)`],
    ["negative lookbehind", `T | project replace_regex(s, @"(?<!a)b", "x")`],
    ["possessive quantifier", `T | project extract_all(@"(a++)", s)`],
    ["parse kind=regex", `T | parse kind=regex s with x:string @"(?=b)" y:string`],
    ["countof", `T | project countof(s, @"(a)\\1", "regex")`],
  ])("%s", (_name, q) => {
    const e = failure(() => run(q));
    expect(["KQL_ARGUMENTS", "KQL_SYNTAX"]).toContain(e.code);
    expect(e.detail).toMatch(/regular expression|regex/i);
    expect(e.line).toBeGreaterThan(0);
  });

  test("a non-constant pattern RE2 rejects is no match at run time, not a crash", () => {
    expect(() => run(`T | extend p = @"(a)\\1" | where s matches regex p | count`)).not.toThrow();
  });
});
