/** Hostile rule files (issue 5): every failure is a KQL_RULE error naming the file; nothing in YAML runs code. */
import { runQuerySync } from "../../src/api.js";
import { KqlError } from "../../src/errors.js";
import { loadRule } from "../../src/sentinel/rule.js";

function failure(f: () => unknown): KqlError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KqlError);
    return e as KqlError;
  }
  throw new Error("expected a KqlError");
}

const bomb = (field: string) => `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
id: 6a1b2c3d-0000-0000-0000-000000000000
name: bomb
query: print 1
${field}: *h
`;

describe("hostile YAML", () => {
  test.each([
    ["a JS function tag", "name: x\nquery: !!js/function 'function () { return 1 }'\n", /evil\.yaml:2:8: invalid YAML: unknown scalar tag/],
    ["a JS undefined tag", "name: x\nquery: !!js/undefined ''\n", /evil\.yaml:2:8: invalid YAML: unknown scalar tag/],
    ["a NUL byte", "name: x\u0000\nquery: T\n", /evil\.yaml:1:\d+: invalid YAML/],
    ["10000 levels of nesting", `name: x\nquery: T\nextra: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`, /evil\.yaml:3:\d+: invalid YAML: nesting exceeded/],
    ["a query that is a number", "name: x\nquery: 12\n", /evil\.yaml:2:8: `query` must be text/],
    ["a query that is a list", "name: x\nquery: [a, b]\n", /evil\.yaml: `query` must be text/],
    ["a query hidden behind a merge key", "base: &b {query: T}\n<<: *b\nname: x\n", /evil\.yaml: the rule has no `query` field/],
    ["an unknown kind", "name: x\nkind: Evil\nquery: T\n", /evil\.yaml.*kind/],
  ])("%s is a KQL_RULE error naming the file", (_what, yaml, message) => {
    const e = failure(() => loadRule(yaml, "evil.yaml"));
    expect(e.code).toBe("KQL_RULE");
    expect(e.message).toMatch(message);
  });

  test("an alias bomb in a checked field fails fast", () => {
    const started = Date.now();
    expect(failure(() => loadRule(bomb("tactics"), "evil.yaml")).code).toBe("KQL_RULE");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("an alias bomb in a field the engine ignores neither hangs nor expands", () => {
    const started = Date.now();
    try {
      const rule = loadRule(bomb("x_extra"), "evil.yaml");
      expect(runQuerySync(rule, {}, { now: "2026-11-28T12:00:00Z" }).rows).toHaveLength(1);
    } catch (e) {
      expect(e).toBeInstanceOf(KqlError);
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("a __proto__ key in the YAML is data, not a prototype", () => {
    const rule = loadRule("__proto__:\n  polluted: 1\nname: x\nquery: print 1\n", "evil.yaml");
    expect(rule.query).toBe("print 1");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((rule as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("a syntax error in the query points into the file", () => {
    const e = failure(() => runQuerySync(loadRule("id: 1\nname: x\nquery: |\n  T\n  | where (\n", "evil.yaml"), {}));
    expect(e.code).toBe("KQL_SYNTAX");
    expect(e.message).toMatch(/^evil\.yaml:5:/);
  });
});
