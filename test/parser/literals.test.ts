import { parseQuery } from "../../src/parser/index.js";
import { KqlError } from "../../src/errors.js";
import { expr, literal } from "./helpers.js";

const TICK_MS = 10_000n;
const SEC = 10_000_000n;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const DAY = 24n * HOUR;

function epochTicks(iso: string): bigint {
  return BigInt(Date.parse(iso)) * TICK_MS;
}

describe("numbers", () => {
  test.each([
    ["123", "long", 123],
    ["0x1F", "long", 31],
    ["1.5", "real", 1.5],
    ["1e3", "real", 1000],
    ["2.5e-1", "real", 0.25],
    [".5", "real", 0.5],
    ["7.", "real", 7],
  ])("%s is a %s literal", (text, type, value) => {
    const l = literal(text);
    expect(l.type).toBe(type);
    expect(l.value).toBe(value);
  });

  test("a number followed by .. stays an integer (between bounds)", () => {
    const e = expr("T | where x between (1..5)");
    expect(e.kind === "Pipe" && e.operator.kind === "Where" && e.operator.predicate).toMatchObject({
      kind: "Between",
      low: { kind: "Literal", type: "long", value: 1 },
      high: { kind: "Literal", type: "long", value: 5 },
    });
  });
});

describe("timespans", () => {
  test.each([
    ["1h", HOUR],
    ["14d", 14n * DAY],
    ["30m", 30n * MIN],
    ["10s", 10n * SEC],
    ["100ms", 100n * TICK_MS],
    ["1tick", 1n],
    ["2.5d", (5n * DAY) / 2n],
    ["10microsecond", 100n],
    ["1min", MIN],
    ["3days", 3n * DAY],
    ["2hours", 2n * HOUR],
    ["5sec", 5n * SEC],
    ["time(1.02:03:04)", DAY + 2n * HOUR + 3n * MIN + 4n * SEC],
    ["timespan(1h)", HOUR],
    ["time(2)", 2n * DAY],
    ["time('00:30:00')", 30n * MIN],
  ])("%s", (text, ticks) => {
    const l = literal(text);
    expect(l.type).toBe("timespan");
    expect(l.value).toBe(ticks);
  });

  test("time(null) is a typed null", () => {
    expect(literal("time(null)")).toMatchObject({ type: "timespan", value: null });
  });
});

describe("datetimes", () => {
  test("ISO with seven fractional digits keeps every tick", () => {
    const l = literal("datetime(2024-01-01T00:00:00.1234567Z)");
    expect(l.type).toBe("datetime");
    expect(l.value).toBe(epochTicks("2024-01-01T00:00:00Z") + 1_234_567n);
  });

  test.each([
    ["datetime(2024-01-01)", "2024-01-01T00:00:00Z"],
    ["datetime(2024-01-01 10:00)", "2024-01-01T10:00:00Z"],
    ['datetime("2021-03-04T05:06:07Z")', "2021-03-04T05:06:07Z"],
    ["datetime( 2020-02-29 )", "2020-02-29T00:00:00Z"],
  ])("%s", (text, iso) => {
    expect(literal(text)).toMatchObject({ type: "datetime", value: epochTicks(iso) });
  });

  test("datetime(null) is a typed null", () => {
    expect(literal("datetime(null)")).toMatchObject({ type: "datetime", value: null });
  });

  test("a bad datetime text is a syntax error at the literal", () => {
    const text = "print d = datetime(2024-13-45)";
    expect(() => parseQuery(text)).toThrow(KqlError);
    try {
      parseQuery(text);
    } catch (e) {
      const err = e as KqlError;
      expect(err.code).toBe("KQL_SYNTAX");
      expect(err.detail).toContain("invalid datetime literal");
      expect(err.offset).toBe(text.indexOf("datetime"));
      expect(err.length).toBe("datetime(2024-13-45)".length);
    }
  });

  test("datetime(now) reads as a call of now()", () => {
    const e = expr("print datetime(now)");
    expect(e.kind === "Print" && e.items[0]!.expression).toMatchObject({ kind: "Call", name: "now", args: [] });
  });
});

describe("typed scalar literals", () => {
  test.each([
    ["int(5)", "int", 5],
    ["int(-5)", "int", -5],
    ["long(null)", "long", null],
    ["long(42)", "long", 42],
    ["real(1.5)", "real", 1.5],
    ["double(nan)", "real", NaN],
    ["real(+inf)", "real", Infinity],
    ["real(-inf)", "real", -Infinity],
    ["decimal(1.5)", "decimal", 1.5],
    ["bool(true)", "bool", true],
    ["bool(false)", "bool", false],
    ["true", "bool", true],
    ["false", "bool", false],
  ])("%s", (text, type, value) => {
    const l = literal(text);
    expect(l.type).toBe(type);
    expect(l.value).toBe(value);
  });

  test("guid literals are lower-cased", () => {
    expect(literal("guid(74BE27DE-1E4E-49D9-B579-FE0B331D3642)")).toMatchObject({ type: "guid", value: "74be27de-1e4e-49d9-b579-fe0b331d3642" });
  });

  test("a bad int literal is a syntax error", () => {
    expect(() => parseQuery("print int(abc)")).toThrow(/invalid int literal/);
  });
});

describe("strings", () => {
  test.each([
    [`"plain"`, "plain"],
    [`'single'`, "single"],
    [`"tab\\tnew\\nline"`, "tab\tnew\nline"],
    [`"quote \\" and \\\\ backslash"`, 'quote " and \\ backslash'],
    [`'it\\'s'`, "it's"],
    [`"\\u0041\\x42"`, "AB"],
    [`"regex \\d+"`, "regex \\d+"],
    [`@"c:\\temp\\x"`, "c:\\temp\\x"],
    [`@"say ""hi"""`, 'say "hi"'],
    [`@'it''s'`, "it's"],
    [`h"secret"`, "secret"],
    [`H'secret'`, "secret"],
    [`h@"c:\\dir"`, "c:\\dir"],
    ["```multi\nline```", "multi\nline"],
    [`"a" "b" 'c'`, "abc"],
    [`"a" @"\\b"`, "a\\b"],
  ])("%s", (text, value) => {
    const l = literal(text);
    expect(l.type).toBe("string");
    expect(l.value).toBe(value);
  });

  test("adjacent strings make one literal spanning all of them", () => {
    const l = literal(`"a"  "b"`);
    expect(l.span).toEqual({ start: 6, end: 14 });
  });

  test("an unterminated string is a syntax error", () => {
    expect(() => parseQuery(`print "abc`)).toThrow(KqlError);
  });
});

describe("dynamic", () => {
  test("JSON-like objects and arrays with prototype-free bags", () => {
    const l = literal(`dynamic({"a": [1, "x", true, null, -2.5], 'b': {"c": {}}, "__proto__": 1})`);
    expect(l.type).toBe("dynamic");
    const v = l.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(v["a"]).toEqual([1, "x", true, null, -2.5]);
    expect(Object.getPrototypeOf(v["b"])).toBeNull();
    expect(Object.keys(v)).toEqual(["a", "b", "__proto__"]);
    expect(v["__proto__"]).toBe(1);
  });

  test.each([
    ["dynamic(null)", null],
    ["dynamic([])", []],
    ["dynamic(['a', 'b'])", ["a", "b"]],
    ["dynamic(5)", 5],
    ['dynamic("text")', "text"],
    ["dynamic([dynamic([1])])", [[1]]],
  ])("%s", (text, value) => {
    const l = literal(text);
    expect(l.type).toBe("dynamic");
    expect(l.value).toEqual(value);
  });

  test("datetimes inside dynamic are kept as text", () => {
    expect(literal("dynamic([datetime(2024-01-01)])").value).toEqual(["2024-01-01T00:00:00.0000000Z"]);
  });
});
