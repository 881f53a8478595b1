/** Hostile log data (issue 5): no row can crash the engine, pollute a prototype, or change behaviour beyond its data. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareQuery, runQuery, runQuerySync } from "../../src/api.js";
import { parseQuery } from "../../src/parser/index.js";
import { loadRule, parseRuleDuration } from "../../src/sentinel/rule.js";
import { mergeSchemas } from "../../src/sentinel/schemas.js";
import type { InputTables, RunOptions } from "../../src/api-types.js";
import { KqlError } from "../../src/errors.js";

const NOW = "2026-11-28T12:00:00Z";
const run = (q: string, tables: InputTables = {}, options: RunOptions = {}) => runQuerySync(q, tables, { now: NOW, ...options });

function failure(f: () => unknown): KqlError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(KqlError);
    return e as KqlError;
  }
  throw new Error("expected a KqlError");
}

function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, "isAdmin")).toBe(false);
  expect(typeof Object.prototype.toString).toBe("function");
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
}

afterEach(() => expectNoPollution());

describe("prototype pollution payloads are ordinary keys", () => {
  // JSON.parse makes an own property named __proto__, exactly what an attacker's log line gives.
  const payload = JSON.parse('{"__proto__": {"polluted": 1, "isAdmin": true}, "constructor": {"prototype": {"polluted": 2}}, "prototype": {"isAdmin": true}, "x": 1}') as Record<string, unknown>;
  const payloadText = '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "prototype": 3}';

  test("in row fields and column names", () => {
    const row = JSON.parse('{"__proto__": "p", "constructor": "c", "prototype": "q", "toString": "t", "n": 1}') as Record<string, unknown>;
    const r = run("T | project ['__proto__'], ['constructor'], ['prototype'], ['toString'], n", { T: [row] });
    expect(r.columns.map((c) => c.name)).toEqual(["__proto__", "constructor", "prototype", "toString", "n"]);
    expect(Object.getPrototypeOf(r.rows[0])).toBeNull();
    expect(r.rows[0]!["__proto__"]).toBe("p");
    expect(r.rows[0]!["constructor"]).toBe("c");
    expect(r.rows[0]!["toString"]).toBe("t");
  });

  test("columns named like Object.prototype members are empty when the row lacks them", () => {
    const r = run("T | project ['constructor'], ['hasOwnProperty']", { T: [{ n: 1 }] }, { schemas: { T: [{ name: "n", type: "long" }, { name: "constructor", type: "string" }, { name: "hasOwnProperty", type: "dynamic" }] } });
    expect(r.rows[0]!["constructor"]).toBe("");
    expect(r.rows[0]!["hasOwnProperty"]).toBeNull();
  });

  test("in dynamic values from rows, and in result rows", () => {
    const r = run("T | project d, p = d['__proto__'], pp = d['__proto__'].polluted, c = d.constructor, k = bag_keys(d)", { T: [{ d: payload }] });
    const row = r.rows[0]!;
    const d = row.d as Record<string, unknown>;
    expect(Object.keys(d).sort()).toEqual(["__proto__", "constructor", "prototype", "x"]);
    expect(Object.getPrototypeOf(d)).toBeNull();
    expect(row.pp).toBe(1);
    expect(row.c).toEqual({ prototype: { polluted: 2 } });
    expect((row.k as string[]).sort()).toEqual(["__proto__", "constructor", "prototype", "x"]);
    expect(d.polluted).toBeUndefined();
  });

  test("in JSON text of a dynamic column and parse_json / todynamic", () => {
    const r = run("T | project d, p = parse_json(s), t = todynamic(s), pp = parse_json(s)['__proto__']['polluted']", { T: [{ d: payloadText, s: payloadText }] }, { schemas: { T: [{ name: "d", type: "dynamic" }, { name: "s", type: "string" }] } });
    const row = r.rows[0]!;
    for (const v of [row.d, row.p, row.t] as Record<string, unknown>[]) {
      expect(Object.keys(v).sort()).toEqual(["__proto__", "constructor", "prototype"]);
      expect(v.polluted).toBeUndefined();
    }
    expect(row.pp).toBe(1);
  });

  test("in pack / bag_pack, bag_merge, bag_set_key-like building and make_bag", () => {
    const r = run(
      `T
       | extend p = pack('__proto__', d, 'constructor', 2), b = bag_pack('prototype', 3)
       | extend m = bag_merge(p, b, d)
       | summarize mb = make_bag(d), mp = make_bag(p), m = take_any(m)`,
      { T: [{ d: payload }, { d: payload }] },
    );
    const row = r.rows[0]!;
    for (const key of ["mb", "mp", "m"]) {
      const bag = row[key] as Record<string, unknown>;
      expect(Object.prototype.hasOwnProperty.call(bag, "__proto__")).toBe(true);
      expect(bag.polluted).toBeUndefined();
      expect(bag.isAdmin).toBeUndefined();
    }
    expect((row.m as Record<string, unknown>)["prototype"]).toBe(3);
  });

  test("in mv-expand of bags, both expansions", () => {
    const bag = run("T | mv-expand d", { T: [{ d: payload }] });
    expect(bag.rows).toHaveLength(4);
    const keys = bag.rows.map((r) => Object.keys(r.d as object)[0]).sort();
    expect(keys).toEqual(["__proto__", "constructor", "prototype", "x"]);
    const arr = run("T | mv-expand bagexpansion=array d", { T: [{ d: payload }] });
    expect(arr.rows.map((r) => (r.d as unknown[])[0]).sort()).toEqual(["__proto__", "constructor", "prototype", "x"]);
  });

  test("as summarize keys, join keys and distinct values", () => {
    const rows = [{ k: "__proto__" }, { k: "constructor" }, { k: "__proto__" }, { k: "toString" }];
    expect(run("T | summarize c = count() by k | sort by k asc", { T: rows }).rows.map((r) => [r.k, r.c])).toEqual([["__proto__", 2], ["constructor", 1], ["toString", 1]]);
    expect(run("T | join kind=inner (T) on k | count", { T: rows }).rows[0]!.Count).toBe(6);
    expect(run("T | distinct k", { T: rows }).rows).toHaveLength(3);
  });

  test("as table names", () => {
    const r = run("['__proto__'] | union ['constructor'] | count", JSON.parse('{"__proto__": [{"a": 1}], "constructor": [{"a": 2}]}') as InputTables);
    expect(r.rows[0]!.Count).toBe(2);
    expect(run("['toString'] | count", {}, { schemas: { toString: [{ name: "a", type: "long" }] } }).rows[0]!.Count).toBe(0);
  });
});

describe("wrong-typed values", () => {
  const schemas = { T: [{ name: "n", type: "long" }, { name: "t", type: "datetime" }, { name: "b", type: "bool" }, { name: "g", type: "guid" }, { name: "s", type: "string" }, { name: "d", type: "dynamic" }] };

  test("are coerced as Kusto would where it is lossless", () => {
    const r = run("T | project n, t, b, s", { T: [{ n: "42", t: "2024-01-02T03:04:05Z", b: "TRUE", s: 12 }] }, { schemas });
    expect(r.rows[0]).toEqual(Object.assign(Object.create(null), { n: 42, t: "2024-01-02T03:04:05.0000000Z", b: true, s: "12" }));
  });

  test.each([
    ["n", { n: "forty-two" }, /table 'T', row 2, column 'n': cannot read string forty-two as long/],
    ["t", { t: 12 }, /table 'T', row 2, column 't': cannot read number 12 as datetime/],
    ["b", { b: "maybe" }, /table 'T', row 2, column 'b': cannot read string maybe as bool/],
    ["g", { g: 5 }, /table 'T', row 2, column 'g': cannot read number 5 as guid/],
    ["n", { n: { a: 1 } }, /table 'T', row 2, column 'n': cannot read object \{"a":1\} as long/],
  ])("are rejected naming table, row and column (%s)", (col, bad, message) => {
    const e = failure(() => run(`T | project ${col}`, { T: [{}, bad] }, { schemas }));
    expect(e.code).toBe("KQL_DATA");
    expect(e.message).toMatch(message);
  });

  test("invalid JSON in a dynamic column is null", () => {
    const r = run("T | project d, isnull(d)", { T: [{ d: "{not json" }, { d: "[1,2" }] }, { schemas });
    expect(r.rows.map((x) => x.d)).toEqual([null, null]);
  });

  test("deeply nested JSON text is null, a deeply nested or cyclic object is a data error", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const r = run("T | project d, p = parse_json(s)", { T: [{ d: deep, s: deep }] }, { schemas: { T: [...schemas.T, { name: "s", type: "string" }] } });
    expect(r.rows[0]!.d).toBeNull();
    // parse_json gives text it cannot read back as a string, as Kusto does.
    expect(typeof r.rows[0]!.p === "string" || r.rows[0]!.p === null).toBe(true);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const type of ["dynamic", "string"]) {
      const e = failure(() => run("T | project d", { T: [{ d: cyclic }] }, { schemas: { T: [{ name: "d", type }] } }));
      expect(e.code).toBe("KQL_DATA");
      expect(e.message).toMatch(/table 'T', row 1, column 'd': a dynamic value is nested more than 512 levels deep \(or is cyclic\)/);
    }
    const e = failure(() => run("T | project d", { T: [{ d: cyclic }] }, { schemas: { T: [{ name: "d", type: "long" }] } }));
    expect(e.message).toMatch(/table 'T', row 1, column 'd': cannot read object/);
    // Inferred schemas read the cyclic value as dynamic: same clean error.
    expect(failure(() => run("T | project d", { T: [{ d: cyclic }] })).code).toBe("KQL_DATA");
  });

  test("BigInt, Symbol, functions, NaN and huge strings are coerced sanely", () => {
    const huge = "x".repeat(5_000_000);
    const r = run("T | project big, sym, fn, nan, len = strlen(huge), bigs = tostring(big)", {
      T: [{ big: 10n ** 30n, sym: Symbol("s"), fn: () => 1, nan: Number.NaN, huge }],
    }, { schemas: { T: [{ name: "big", type: "long" }, { name: "sym", type: "string" }, { name: "fn", type: "dynamic" }, { name: "nan", type: "real" }, { name: "huge", type: "string" }] } });
    const row = r.rows[0]!;
    expect(row.big).toBe(1e30);
    expect(row.sym).toBe("Symbol(s)");
    expect(row.fn).toBeNull();
    expect(row.len).toBe(5_000_000);
    // Inferred: no crash either.
    expect(() => run("T", { T: [{ big: 5n, sym: Symbol("s"), fn: () => 1, u: undefined }] })).not.toThrow();
  });
});

describe("malformed tables", () => {
  test.each([
    ["null", null],
    ["an array", [1, 2]],
    ["a string", "T"],
  ])("tables given as %s is a data error", (_what, tables) => {
    const e = failure(() => runQuerySync("print 1", tables as unknown as InputTables));
    expect(e.code).toBe("KQL_DATA");
    expect(e.detail).toMatch(/tables must be an object/);
  });

  test.each([
    ["a string", "rows", /table 'T' must be an array of row objects/],
    ["an object", { a: 1 }, /table 'T' must be an array of row objects/],
    ["zero", 0, /table 'T' must be an array of row objects/],
    ["false", false, /table 'T' must be an array of row objects/],
    ["an array with null", [{ a: 1 }, null], /table 'T', row 2 is not an object/],
    ["an array with a number", [7], /table 'T', row 1 is not an object/],
    ["an array with an array", [[1, 2]], /table 'T', row 1 is not an object/],
  ])("a table given as %s is a data error", (_what, rows, message) => {
    const e = failure(() => runQuerySync("T | take 1", { T: rows } as unknown as InputTables, { schemas: { T: [{ name: "a", type: "long" }] } }));
    expect(e.code).toBe("KQL_DATA");
    expect(e.detail).toMatch(message);
  });

  test.each([
    ["a string", "rows"],
    ["an object", { a: 1 }],
    ["a number", 7],
  ])("a table given as %s is a data error when its schema is to be inferred from it too", (_what, rows) => {
    const e = failure(() => runQuerySync("T | take 1", { T: rows } as unknown as InputTables));
    expect(e.code).toBe("KQL_DATA");
    expect(e.detail).toMatch(/table 'T' must be an array of row objects/);
  });

  // A filter checks the caller's rows in its own pass; every other reader has the table checked first.
  const badRows = [{ a: 1 }, { a: 2 }, null, { a: 3 }] as unknown as InputTables[string];
  const schemas = { T: [{ name: "a", type: "long" }] };
  test.each([
    "T | where a > 0",
    "T | where a > 5",
    "T | where a > 0 | summarize count()",
    "T | summarize count()",
    "T | extend b = a | where b > 0",
    "let F = T | where a > 0; F | join kind=inner (T | project a) on a",
    "T | project a | union (T | where a > 0)",
    "T | where a > 0 | union (T | take 10)",
  ])("a row that is not an object is a data error wherever it is read first: %s", async (query) => {
    for (const traced of [false, true]) {
      const e = failure(() => {
        const p = prepareQuery(query, { T: badRows }, { now: NOW, schemas });
        return traced ? p.execute(() => undefined) : p.execute();
      });
      expect(e.code).toBe("KQL_DATA");
      expect(e.detail).toMatch(/table 'T', row 3 is not an object/);
    }
    await expect(runQuery(query, { T: badRows }, { now: NOW, schemas })).rejects.toThrow(/table 'T', row 3 is not an object/);
  });
});

describe("malformed options (from untyped JavaScript)", () => {
  test.each([
    ["now as a number", { now: 12 }, /options\.now must be a Date or datetime text, got the number 12/],
    ["now as an object", { now: { iso: "2026-01-01" } }, /options\.now must be a Date or datetime text, got a mapping/],
    ["now as an object without a prototype", { now: Object.create(null) as unknown }, /options\.now must be a Date or datetime text, got a mapping/],
    ["now as a bigint", { now: 5n }, /options\.now must be a Date or datetime text, got the bigint 5/],
    ["schemaFiles as one path", { schemaFiles: "schemas/" }, /options\.schemaFiles must be a list of file or folder paths, got the text "schemas\/"/],
    ["a schema file that is not a path", { schemaFiles: ["a.json", 5] }, /options\.schemaFiles\[1\] must be a file or folder path, got the number 5/],
    ["schemas as text", { schemas: "T: a:string" }, /options\.schemas must be an object mapping table names .* got the text "T: a:string"/],
    ["schemas as a list", { schemas: [{ name: "a", type: "string" }] }, /options\.schemas must be an object mapping table names .* got a list/],
    ["a signal that is no AbortSignal", { signal: { abort: true } }, /options\.signal must be an AbortSignal, got a mapping/],
    ["a limit given as text", { maxResultRows: "5" }, /options\.maxResultRows must be a number >= 0, got the text "5"/],
    ["options as text", "fast", /options must be an object of run options, got the text "fast"/],
    ["options as a list", [], /options must be an object of run options, got a list/],
  ])("%s is an argument error", async (_what, options, message) => {
    const e = failure(() => runQuerySync("print 1", {}, options as unknown as RunOptions));
    expect(e.code).toBe("KQL_ARGUMENTS");
    expect(e.detail).toMatch(message);
    await expect(runQuery("print 1", {}, options as unknown as RunOptions)).rejects.toThrow(message);
    expect(() => prepareQuery("print 1", {}, options as unknown as RunOptions)).toThrow(message);
  });

  test("null options and null schemas are no options, as JavaScript callers often pass them", async () => {
    expect(runQuerySync("print n = 1", {}, null as unknown as RunOptions).rows).toEqual([{ n: 1 }]);
    expect((await runQuery("T | count", { T: [{ a: 1 }] }, { schemas: null } as unknown as RunOptions)).rows).toEqual([{ Count: 1 }]);
    const dir = mkdtempSync(join(tmpdir(), "kqlr-null-schemas-"));
    writeFileSync(join(dir, "U.json"), JSON.stringify({ Name: "U", Properties: [{ Name: "b", Type: "Int64" }] }));
    const withFiles = { schemas: null, schemaFiles: [join(dir, "U.json")] } as unknown as RunOptions;
    expect(runQuerySync("U | project b", {}, withFiles).columns).toEqual([{ name: "b", type: "long" }]);
  });

  test("an AbortSignal from another realm (a test runner's) is accepted by its shape, and cancels", () => {
    const foreign = { aborted: true, reason: new Error("stop") } as unknown as AbortSignal;
    const e = failure(() => runQuerySync("range i from 1 to 100000 step 1 | count", {}, { signal: foreign }));
    expect(e.code).toBe("KQL_CANCELLED");
  });
});

describe("public functions given values of the wrong type (from untyped JavaScript)", () => {
  const untyped = <T>(v: unknown): T => v as T;
  test("parseQuery and loadRule refuse what is not text, instead of parsing String(value) or crashing", () => {
    for (const v of [5, null, {}, ["T"]]) {
      expect(failure(() => parseQuery(untyped<string>(v))).code).toBe("KQL_ARGUMENTS");
      expect(failure(() => loadRule(untyped<string>(v))).code).toBe("KQL_RULE");
    }
    expect(failure(() => parseQuery(untyped<string>(5))).detail).toBe("query text must be a string, got the number 5");
    expect(failure(() => loadRule(untyped<string>({ query: "T" }))).detail).toMatch(/a rule must be YAML text, but it is a mapping/);
  });
  test("PreparedQuery.execute checks its observer, guard and timings", async () => {
    const prepared = prepareQuery("print 1", {}, { now: NOW });
    expect(failure(() => prepared.execute(untyped(5))).detail).toMatch(/the observer must be a function/);
    expect(failure(() => prepared.execute(undefined, untyped({ poll: () => undefined }))).detail).toMatch(/the guard must be an ExecutionGuard/);
    expect(failure(() => prepared.execute(undefined, undefined, untyped({}))).detail).toMatch(/the timings must be a Map/);
    await expect(prepared.executeAsync(untyped("trace"))).rejects.toThrow(/the observer must be a function/);
    expect(prepared.execute().length).toBe(1);
  });
  test("parseRuleDuration gives null for what is not text; mergeSchemas refuses what is not a schema map", () => {
    expect(parseRuleDuration(untyped<string>(5))).toBeNull();
    expect(parseRuleDuration(untyped<string>(null))).toBeNull();
    for (const v of [null, 5, [], "T"]) {
      const e = failure(() => mergeSchemas({ T: [] }, untyped(v)));
      expect(e.code).toBe("KQL_ARGUMENTS");
      expect(e.detail).toMatch(/mergeSchemas: argument 2 must be an object mapping table names to columns/);
    }
  });
});
