import fc from "fast-check";
import { foldCase } from "../../src/functions/fold-case.js";
import { STRING_OPERATORS, bindStringOperator } from "../../src/functions/string-operators.js";
import { runQuerySync } from "../../src/api.js";

/** `value in~ (list)` as the engine runs it: a string column's row against a constant list. */
const inTilde = (value: string, list: readonly string[]): boolean =>
  runQuerySync(`T | project r = v in~ (${list.map((s) => JSON.stringify(s)).join(", ")})`, { T: [{ v: value }] }, { now: "2026-01-01" }).rows[0]!.r as boolean;

/** Case-insensitive equality as ECMAScript's `/i` without `u` decides it (its Canonicalize is .NET's OrdinalIgnoreCase rule). */
const regexEqualIgnoringCase = (a: string, b: string): boolean => new RegExp(`^${a.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")}$`, "i").test(b);

/** A BMP character that is not a surrogate, biased towards letters with case. */
const bmpChar = fc.oneof(
  fc.constantFrom("s", "S", "ſ", "k", "K", "\u212a", "i", "I", "ı", "\u0130", "ß", "ẞ", "é", "É", "σ", "ς", "Σ", "µ", "μ", "Μ", "ǅ", "Ǆ", "ǆ", "Å", "å", "\u212b", "ﬀ", "ŉ"),
  fc.integer({ min: 0, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0xe000, max: 0xffff }).map((c) => String.fromCharCode(c)),
);
const bmpText = (max: number): fc.Arbitrary<string> => fc.array(bmpChar, { maxLength: max }).map((a) => a.join(""));

describe("foldCase", () => {
  test("property: two BMP texts fold alike exactly when a case-insensitive regex (ECMAScript Canonicalize) says they are equal", () => {
    fc.assert(
      fc.property(bmpText(6), bmpText(6), (a, b) => {
        expect(foldCase(a) === foldCase(b)).toBe(regexEqualIgnoringCase(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  test("property: the fold is as long as its text, and folding twice changes nothing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite", maxLength: 12 }), bmpText(12), (a, b) => {
        for (const s of [a, b, a + b]) {
          expect(foldCase(s).length).toBe(s.length);
          expect(foldCase(foldCase(s))).toBe(foldCase(s));
        }
      }),
      { numRuns: 1000 },
    );
  });

  test("lone surrogates stay themselves, in short texts and in long ones", () => {
    expect(foldCase("\ud800É")).toBe("\ud800É");
    expect(foldCase("x\udc00")).toBe("x\udc00");
    expect(foldCase("\ud800") === foldCase("\ud801")).toBe(false);
    const long = "Ab\u00e9\ud800".repeat(3000); // 12,000 units, folded in chunks
    expect(foldCase(long)).toBe("ab\u00c9\ud800".repeat(3000));
    expect(foldCase("É".repeat(5000) + "\u{10428}")).toBe("É".repeat(5000) + "\u{10400}");
  });

  test("no non-ASCII character folds onto an ASCII one; letters with a simple case pair fold together", () => {
    const equal = (a: string, b: string): boolean => foldCase(a) === foldCase(b);
    expect(equal("\u212a", "k")).toBe(false); // Kelvin sign
    expect(equal("\u212a", "K")).toBe(false);
    expect(equal("ſ", "s")).toBe(false); // long s
    expect(equal("ı", "i")).toBe(false); // dotless i
    expect(equal("\u0130", "i")).toBe(false); // dotted capital I
    expect(equal("ß", "SS")).toBe(false); // no mapping to several characters
    expect(equal("é", "É")).toBe(true);
    expect(equal("ς", "σ")).toBe(true); // both upper-case to Σ
    expect(equal("µ", "μ")).toBe(true); // micro sign and mu: both upper-case to Μ
    expect(equal("ǅ", "ǆ")).toBe(true);
    expect(equal("AbC", "aBc")).toBe(true);
    expect(equal("\u{10428}", "\u{10400}")).toBe(true); // Deseret, a surrogate pair each
  });
});

describe("the case-insensitive operators fold alike", () => {
  const chars = fc.constantFrom("k", "K", "\u212a", "s", "S", "ſ", "é", "É", "ς", "σ", "Σ", "ß", "a", " ", ".");
  const text = fc.array(chars, { maxLength: 6 }).map((a) => a.join(""));

  /**
   * Two texts of the same letters, each letter spelled independently from its look-alikes (`k`, `K`, the
   * Kelvin sign): pairs of random texts are almost never equal ignoring case, these often are or nearly are.
   */
  const lookAlikes = [["k", "K", "\u212a"], ["s", "S", "ſ"], ["é", "É"], ["ς", "σ", "Σ"], ["ß", "SS"], ["a", "A"], [" "], ["."]];
  const spelledTwice = fc
    .array(fc.tuple(fc.nat(lookAlikes.length - 1), fc.nat(2), fc.nat(2)), { maxLength: 5 })
    .map((letters) => {
      const spell = (g: number, k: number): string => lookAlikes[g]![k % lookAlikes[g]!.length]!;
      return [letters.map(([g, x]) => spell(g, x)).join(""), letters.map(([g, , y]) => spell(g, y)).join("")] as const;
    });

  test("property: =~ is symmetric, agrees with in~ (both ways), and is the fold's equality", () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(text, text), spelledTwice), ([a, b]) => {
        const eq = STRING_OPERATORS["=~"]!.test(a, b);
        expect(STRING_OPERATORS["=~"]!.test(b, a)).toBe(eq);
        expect(bindStringOperator("=~", b)(a, "")).toBe(eq);
        expect(bindStringOperator("=~", a)(b, "")).toBe(eq);
        expect(inTilde(a, [b])).toBe(eq);
        expect(inTilde(b, [a])).toBe(eq);
        expect(eq).toBe(foldCase(a) === foldCase(b));
      }),
      { numRuns: 2000 },
    );
  });

  test("property: contains, startswith and endswith are the fold's substring tests, whatever the needle", () => {
    fc.assert(
      fc.property(text, text, (t, n) => {
        for (const [name, expected] of [
          ["contains", foldCase(t).includes(foldCase(n))],
          ["startswith", foldCase(t).startsWith(foldCase(n))],
          ["endswith", foldCase(t).endsWith(foldCase(n))],
        ] as const) {
          expect(STRING_OPERATORS[name]!.test(t, n)).toBe(expected);
          expect(bindStringOperator(name, n)(t, "")).toBe(expected);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test("in queries: =~, in~, contains and has agree on the Kelvin sign and on Greek sigma", () => {
    const row = runQuerySync(
      `print a = "k" =~ "\\u212a", b = "\\u212a" =~ "k", c = "\\u212a" in~ ("k"), d = "K" in~ ("\\u212a"), e = "x\\u212aé" contains "kÉ",
             f = "ΟΔΟΣ" =~ "οδος", g = "οδος" in~ ("ΟΔΟΣ"), h = "ΟΔΟΣ" has "οδος", i = "école" startswith "ÉC"`,
      {},
      { now: "2026-01-01" },
    ).rows[0]!;
    expect({ ...row }).toEqual({ a: false, b: false, c: false, d: false, e: false, f: true, g: true, h: true, i: true });
  });

  test("in~ over a string column folds each row as =~ does", () => {
    const rows = ["k", "K", "\u212a", "é", "É", "s", "ſ"].map((v) => ({ v }));
    const r = runQuerySync(`T | where v in~ ("K", "é") | project v`, { T: rows }, { now: "2026-01-01" });
    expect(r.rows.map((x) => x.v)).toEqual(["k", "K", "é", "É"]);
  });
});
