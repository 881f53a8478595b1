import fc from "fast-check";
import { MAX_SEARCH_PATTERN_LENGTH, STRING_OPERATORS, bindStringOperator, bindHasAny, hasAll, hasAny } from "../../src/functions/string-operators.js";
import { runQuerySync } from "../../src/api.js";

/** `value in~ (list)` as the engine runs it: a string column's row against a constant list. */
const inTilde = (value: string, list: readonly string[]): boolean =>
  runQuerySync(`T | project r = v in~ (${list.map((s) => JSON.stringify(s)).join(", ")})`, { T: [{ v: value }] }, { now: "2026-01-01" }).rows[0]!.r as boolean;

const op = (name: string, text: string, needle: string): boolean => {
  const a = STRING_OPERATORS[name]!.test(text, needle);
  const b = bindStringOperator(name, needle)(text, "ignored");
  expect(b).toBe(a);
  return a;
};

describe("has", () => {
  test("whole terms, case-insensitive", () => {
    expect(op("has", "North America", "america")).toBe(true);
    expect(op("has", "North America", "ameri")).toBe(false);
    expect(op("has", "North America", "AMERICA")).toBe(true);
    expect(op("has_cs", "North America", "america")).toBe(false);
    expect(op("has_cs", "North America", "America")).toBe(true);
    expect(op("!has", "North America", "ameri")).toBe(true);
    expect(op("!has_cs", "North America", "America")).toBe(false);
  });
  test("punctuation and underscore separate terms", () => {
    expect(op("has", "Kusto: ad67d136-c1db-4f9f;Run", "c1db")).toBe(true);
    expect(op("has", "a_b", "a")).toBe(true);
    expect(op("has", "foo.bar", "bar")).toBe(true);
    expect(op("has", "foobar", "bar")).toBe(false);
  });
  test("needles with punctuation match on term boundaries", () => {
    expect(op("has", "C:\\Windows\\System32\\cmd.exe /c whoami", "cmd.exe")).toBe(true);
    expect(op("has", "xcmd.exe", "cmd.exe")).toBe(false);
    expect(op("has", "cmd.exes", "cmd.exe")).toBe(false);
    expect(op("has", "say a b c", "a b")).toBe(true);
    expect(op("has", "say ab c", "a b")).toBe(false);
    expect(op("has", "path\\to\\", "\\to\\")).toBe(true);
  });
  test("non-ASCII characters separate terms", () => {
    expect(op("has", "naïve", "na")).toBe(true);
    expect(op("has", "ÄRGER", "ärger")).toBe(true);
    expect(op("has", "日本 tokyo", "tokyo")).toBe(true);
  });
  test("a later occurrence can match after an earlier one fails", () => {
    expect(op("has", "barfoo foo", "foo")).toBe(true);
  });
  test("empty needle matches", () => {
    expect(op("has", "abc", "")).toBe(true);
    expect(op("has", "", "")).toBe(true);
    expect(op("!has", "abc", "")).toBe(false);
  });
});

describe("hasprefix / hassuffix", () => {
  test("term prefix and suffix", () => {
    expect(op("hasprefix", "North America", "amer")).toBe(true);
    expect(op("hasprefix", "North America", "merica")).toBe(false);
    expect(op("hassuffix", "North America", "rica")).toBe(true);
    expect(op("hassuffix", "North America", "Nor")).toBe(false);
    expect(op("hasprefix_cs", "North America", "amer")).toBe(false);
    expect(op("!hassuffix", "North America", "rica")).toBe(false);
  });
});

describe("contains / startswith / endswith / =~", () => {
  test("substring forms", () => {
    expect(op("contains", "FabriKam", "BRik")).toBe(true);
    expect(op("contains_cs", "FabriKam", "BRik")).toBe(false);
    expect(op("!contains", "Fabrikam", "xyz")).toBe(true);
    expect(op("startswith", "Fabrikam", "fab")).toBe(true);
    expect(op("startswith_cs", "Fabrikam", "fab")).toBe(false);
    expect(op("endswith", "Fabrikam", "KAM")).toBe(true);
    expect(op("!endswith", "Fabrikam", "brik")).toBe(true);
    expect(op("endswith", "ab", "abc")).toBe(false);
    expect(op("contains", "", "")).toBe(true);
  });
  test("non-ASCII needles fold case too", () => {
    expect(op("contains", "GRÜN", "grün")).toBe(true);
    expect(op("=~", "Ärger", "äRGER")).toBe(true);
  });
  test("=~ and !~", () => {
    expect(op("=~", "abc", "ABC")).toBe(true);
    expect(op("=~", "abc", "ABCD")).toBe(false);
    expect(op("!~", "aBc", "xyz")).toBe(true);
    expect(STRING_OPERATORS["=~"]!.caseSensitive).toBe(false);
    expect(STRING_OPERATORS["!has_cs"]!.negated).toBe(true);
  });
  test("property: case-insensitive contains agrees with lower-cased includes on ASCII", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ maxLength: 3 }), (t, n) => {
        const ascii = (s: string) => [...s].every((c) => c.charCodeAt(0) < 128);
        fc.pre(ascii(t) && ascii(n));
        expect(op("contains", t, n)).toBe(t.toLowerCase().includes(n.toLowerCase()));
      }),
    );
  });
  test("property: has of a plain term agrees with a term split", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("ab", "AB", "c", "ab1", " ", "-", "_", ".")), fc.constantFrom("ab", "c", "ab1", "b"), (parts, needle) => {
        const text = parts.join("");
        const terms = text.split(/[^A-Za-z0-9]+/).map((s) => s.toLowerCase());
        expect(op("has", text, needle)).toBe(terms.includes(needle));
      }),
    );
  });
});

describe("a constant needle", () => {
  test("property: every case-insensitive operator bound to a constant agrees with its general test", () => {
    const chars = fc.constantFrom("a", "A", "b", "B", "v", "V", ".", " ", "é", "É", "1");
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 8 }).map((a) => a.join("")), fc.array(chars, { maxLength: 3 }).map((a) => a.join("")), (t, n) => {
        for (const name of ["=~", "!~", "startswith", "!startswith", "endswith", "contains", "has", "hasprefix", "hassuffix"]) op(name, t, n);
        expect(op("=~", t, n)).toBe(t.toLowerCase() === n.toLowerCase());
        expect(op("startswith", t, n)).toBe(t.toLowerCase().startsWith(n.toLowerCase()));
      }),
      { numRuns: 500 },
    );
  });

  test("property: the constant needle's search agrees with the general test on regex syntax and case-folding traps", () => {
    // Regex syntax characters must match only themselves, and non-ASCII letters whose upper or lower case is
    // ASCII (long s, dotless i, Kelvin sign, dotted I) must not fold into the needle's ASCII letters.
    const chars = fc.constantFrom("s", "S", "k", "K", "i", "I", "1", "ſ", "ı", "\u212a", "\u0130", ".", "*", "+", "?", "^", "$", "(", ")", "[", "]", "{", "}", "|", "\\", "/", "-", " ", "_", "\n");
    const text = fc.array(chars, { maxLength: 10 }).map((a) => a.join(""));
    const needle = fc.array(chars, { maxLength: 4 }).map((a) => a.join(""));
    const names = ["contains", "!contains", "has", "!has", "hasprefix", "!hasprefix", "hassuffix", "!hassuffix", "startswith", "!startswith", "endswith", "!endswith"];
    fc.assert(
      fc.property(text, needle, (t, n) => {
        for (const name of names) op(name, t, n);
      }),
      { numRuns: 2000 },
    );
  });

  test("the constant needle's search: syntax characters are literal, boundaries are terms, anchors are the text's ends", () => {
    const cases: [name: string, text: string, needle: string, expected: boolean][] = [
      ["contains", "axb", "a.b", false],
      ["contains", "A.B", "a.b", true],
      ["contains", "c:\\WINDOWS\\system32", "\\windows\\", true],
      ["contains", "cost: $5 (approx)", "$5 (", true],
      ["has", "run cmd.exe /c", "CMD.EXE", true],
      ["has", "run xcmd.exe /c", "cmd.exe", false],
      ["has", "run cmd.exe2 /c", "cmd.exe", false],
      ["has", "[error] disk", "[error]", true],
      ["hasprefix", "Powershell.exe", "power", true],
      ["hasprefix", "xPowershell.exe", "power", false],
      ["hassuffix", "evil.PS1", "ps1", true],
      ["startswith", "line one\nline two", "line two", false],
      ["endswith", "line one\nline two", "line one", false],
      ["endswith", "a\n", "a", false],
      ["!startswith", "FE80::1", "fe80", false],
      ["contains", "Maſter", "master", false],
      ["has", "", "", true],
    ];
    for (const [name, text, needle, expected] of cases) expect([name, text, needle, op(name, text, needle)]).toEqual([name, text, needle, expected]);
  });

  test("a needle too long for one regex (200 KB) is still searched, not an error on the first row", () => {
    const needle = "ab".repeat(100_000);
    for (const name of ["contains", "has", "hasprefix", "!hassuffix"]) {
      expect([name, op(name, `x ${needle.toUpperCase()} y`, needle)]).toEqual([name, !name.startsWith("!")]);
      expect([name, op(name, "nothing", needle)]).toEqual([name, name.startsWith("!")]);
    }
  });

  test("=~ accepts the needle's upper- and lower-case spellings and mixed case alike", () => {
    expect(op("=~", "VAULTS", "vaults")).toBe(true);
    expect(op("=~", "vaults", "VAULTS")).toBe(true);
    expect(op("=~", "VaUlTs", "vAuLtS")).toBe(true);
    expect(op("=~", "VAULT", "vaults")).toBe(false);
    expect(op("!~", "VAULTS", "Vaults")).toBe(false);
  });
});

describe("has_any / has_all / in~", () => {
  test("has_any", () => {
    expect(hasAny("powershell.exe -enc AAA", ["cmd", "powershell"])).toBe(true);
    expect(hasAny("powershell.exe -enc AAA", ["power", "cmd"])).toBe(false);
    expect(hasAny("run cmd.exe now", ["cmd.exe"])).toBe(true);
    expect(hasAny("anything", [])).toBe(false);
    expect(bindHasAny(["FOO"])("a foo b")).toBe(true);
  });
  test("has_all", () => {
    expect(hasAll("a b c", ["A", "c"])).toBe(true);
    expect(hasAll("a b c", ["a", "d"])).toBe(false);
    expect(hasAll("x cmd.exe y", ["cmd.exe", "x"])).toBe(true);
  });
  /** has_any and has_all over random texts and needle lists of `chars` agree with the general `has` per needle. */
  const agreeWithHasPerNeedle = (chars: fc.Arbitrary<string>, maxNeedles: number): void => {
    const text = fc.array(chars, { maxLength: 14 }).map((a) => a.join(""));
    const needle = fc.array(chars, { maxLength: 3 }).map((a) => a.join(""));
    const has = STRING_OPERATORS["has"]!.test;
    fc.assert(
      fc.property(text, fc.array(needle, { maxLength: maxNeedles }), (t, needles) => {
        // `has` folds its needle's case itself, as has_any must.
        expect(bindHasAny(needles)(t)).toBe(needles.some((n) => has(t, n)));
        expect(bindHasAny(needles, true)(t)).toBe(needles.every((n) => has(t, n)));
      }),
      { numRuns: 1000 },
    );
  };
  test("agree with `has` per needle, for few needles (searched one by one) and many (split into terms)", () => {
    agreeWithHasPerNeedle(fc.constantFrom("a", "A", "b", "1", " ", ".", "-", "_", "é"), 9);
  });
  test("property: has_any and has_all agree with `has` per needle on regex syntax and case-folding traps", () => {
    agreeWithHasPerNeedle(fc.constantFrom("s", "S", "k", "K", "1", "ſ", "\u212a", ".", "*", "(", "|", "\\", "?", "$", "^", "-", " ", "_"), 30);
  });
  test("has_any over long lists agrees with `has` per needle on either side of the one-regex limit", () => {
    const has = STRING_OPERATORS["has"]!.test;
    for (const size of [1_000, 10_001]) {
      const needles = Array.from({ length: size }, (_, i) => (i % 3 === 0 ? `ioc${i}.evil-${i}.com` : i % 3 === 1 ? `IOC${i}` : `-ioc${i}`));
      // The first list's pattern fits MAX_SEARCH_PATTERN_LENGTH, the second's does not.
      expect(needles.join("|").length > MAX_SEARCH_PATTERN_LENGTH).toBe(size > 1_000);
      const last = size - 1 - ((size - 1) % 3); // a needle with punctuation
      const texts = [`GET /vault/ioc${last}.evil-${last}.com?x`, "ioc1 and IOC10001", "c2-ioc77 beacon", `x-ioc${last - 1}`, `x.ioc${last - 1}`, "nothing here", ""];
      const anyOf = bindHasAny(needles);
      const answers = texts.map((t) => anyOf(t));
      expect(answers).toEqual(texts.map((t) => needles.some((n) => has(t, n))));
      expect(answers.filter(Boolean).length).toBeGreaterThanOrEqual(3);
    }
  });
  test("has_any over a list too large for one regex (30 MB of needles) answers instead of taking the process down", () => {
    // One alternation of these made V8's regex compiler abort the process (out of memory) on the first text.
    const long = "x".repeat(3_000);
    const needles = Array.from({ length: 10_000 }, (_, i) => `n${i}${long}`);
    const anyOf = bindHasAny(needles);
    expect(anyOf(`a n5${long} b`)).toBe(true);
    expect(anyOf(`a n5${long}y b`)).toBe(false);
    expect(anyOf("nothing")).toBe(false);
  });
  test("in~", () => {
    expect(inTilde("ABC", ["x", "abc"])).toBe(true);
    expect(inTilde("ABC", ["x"])).toBe(false);
    expect(inTilde("ADMIN", ["Admin"])).toBe(true);
  });
});

test("every operator and its negation are registered", () => {
  for (const base of ["has", "hasprefix", "hassuffix", "contains", "startswith", "endswith"]) {
    for (const name of [base, `!${base}`, `${base}_cs`, `!${base}_cs`]) {
      expect(STRING_OPERATORS[name]?.name).toBe(name);
      expect(STRING_OPERATORS[name]!.test("x", "y")).toBe(!STRING_OPERATORS[name.startsWith("!") ? name.slice(1) : `!${name}`]!.test("x", "y"));
    }
  }
});
