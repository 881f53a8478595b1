/**
 * fromParsedJson (src/runtime/values.ts) makes what JSON.parse returned a dynamic value in place; it must
 * give exactly what copying it with toDynamic gives: the same values, every bag without a prototype.
 */
import fc from "fast-check";
import { runQuerySync } from "../../src/api.js";
import { fromParsedJson, MAX_DYNAMIC_DEPTH, parseJsonDynamic, toDynamic } from "../../src/runtime/values.js";

/** Every object `v` reaches, arrays included. */
function objectsIn(v: unknown, out: object[] = []): object[] {
  if (typeof v !== "object" || v === null) return out;
  out.push(v);
  for (const e of Object.values(v)) objectsIn(e, out);
  return out;
}

const bagsHaveNoPrototype = (v: unknown): boolean =>
  objectsIn(v).every((o) => Array.isArray(o) || Object.getPrototypeOf(o) === null);

describe("fromParsedJson", () => {
  it("gives what toDynamic gives for any JSON text, with no prototype on any bag", () => {
    // Keys include the ones a prototype would answer for; 1e999 parses as Infinity.
    const key = fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "toString", "prototype", "0", "10"));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, fc.constant("null"), fc.boolean().map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)), fc.constantFrom("1e999", "-1e999", "-0"), fc.string().map((s) => JSON.stringify(s)), tie("array"), tie("object")),
      array: fc.array(tie("value"), { maxLength: 4 }).map((xs) => `[${(xs as string[]).join(",")}]`),
      object: fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map((kv) => `{${(kv as [string, string][]).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
    }));
    fc.assert(
      fc.property(json.value as fc.Arbitrary<string>, (text) => {
        const expected = toDynamic(JSON.parse(text) as unknown);
        const got = fromParsedJson(JSON.parse(text) as unknown);
        // toEqual, not toStrictEqual: the latter compares `.constructor`, which a bag may hold as a key.
        expect(got).toEqual(expected);
        expect(Array.isArray(got)).toBe(Array.isArray(expected));
        expect(bagsHaveNoPrototype(got)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("turns a number too large for a double into its text, as toDynamic does", () => {
    expect(fromParsedJson(JSON.parse('{"a": [1e999, {"b": -1e999}], "c": 2}'))).toStrictEqual(toDynamic({ a: ["Infinity", { b: "-Infinity" }], c: 2 }));
  });

  it("refuses nesting deeper than MAX_DYNAMIC_DEPTH as toDynamic does, and parseJsonDynamic gives null for it", () => {
    const deep = `${"[".repeat(MAX_DYNAMIC_DEPTH + 1)}${"]".repeat(MAX_DYNAMIC_DEPTH + 1)}`;
    expect(() => fromParsedJson(JSON.parse(deep))).toThrow(/nested more than/);
    expect(() => toDynamic(JSON.parse(deep))).toThrow(/nested more than/);
    expect(parseJsonDynamic(deep)).toBeNull();
    const atLimit = `${"[".repeat(MAX_DYNAMIC_DEPTH)}${"]".repeat(MAX_DYNAMIC_DEPTH)}`;
    expect(fromParsedJson(JSON.parse(atLimit))).toStrictEqual(toDynamic(JSON.parse(atLimit)));
  });

  it("keeps __proto__ a data key and adds no prototype to parse_json's or extract(..., typeof(dynamic))'s bags", () => {
    const text = '{"__proto__": {"isAdmin": true}, "a": {"b": 1}}';
    const r = runQuerySync(
      `let s = '${text}'; print p = parse_json(s), e = extract("(.*)", 1, s, typeof(dynamic)), t = todynamic(s) | extend admin = p["__proto__"].isAdmin, ctor = e.constructor`,
      {},
      { now: "2026-11-28T12:00:00Z" },
    );
    const row = r.rows[0]!;
    for (const v of [row.p, row.e, row.t]) expect(bagsHaveNoPrototype(v)).toBe(true);
    expect(row.admin).toBe(true);
    expect(row.ctor).toBeNull();
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });

  it("keeps text that is not JSON as text in parse_json and extract(..., typeof(dynamic)), and as null in a dynamic column", () => {
    const r = runQuerySync(
      `T | extend p = parse_json(s), e = extract("(.*)", 1, s, typeof(dynamic))`,
      { T: [{ s: "{bad", d: "{bad" }, { s: "not json", d: "[1," }] },
      { now: "2026-11-28T12:00:00Z", schemas: { T: [{ name: "s", type: "string" }, { name: "d", type: "dynamic" }] } },
    );
    expect(r.rows.map((row) => [row.p, row.e, row.d])).toEqual([
      ["{bad", "{bad", null],
      ["not json", "not json", null],
    ]);
  });
});
