import fc from "fast-check";
import { KqlError } from "../../src/errors.js";
import { MAX_NESTING_DEPTH, MAX_REPORTED_ERRORS, parseQuery, parseQueryAll } from "../../src/parser/index.js";
import type { ILexingResult, Lexer } from "chevrotain";
import { getParser, KqlParser } from "../../src/parser/parser.js";
import { buildLexer, getLexer } from "../../src/parser/lexer.js";

function errorOf(text: string): KqlError {
  try {
    parseQuery(text);
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw new Error(`not a KqlError: ${String(e)}`);
  }
  throw new Error(`parsed without error: ${text}`);
}

describe("syntax errors", () => {
  test("a missing ) names what was found, with line, column and a caret", () => {
    const text = "T\n| extend a = x[1\n| where y";
    const e = errorOf(text);
    expect(e.code).toBe("KQL_SYNTAX");
    expect(e.detail).toBe("expected ']' but found '|'");
    expect(e.line).toBe(3);
    expect(e.column).toBe(1);
    expect(e.codeFrame).toBe("3 | | where y\n    ^");
  });

  test("an unexpected end of query", () => {
    const text = "T | where x ==";
    const e = errorOf(text);
    expect(e.detail).toBe("unexpected end of query, expected an expression");
    expect(e.line).toBe(1);
    expect(e.column).toBe(14);
  });

  test("an unknown operator after a pipe", () => {
    const e = errorOf("T | frobnicate x");
    expect(e.detail).toBe("expected a query operator but found 'frobnicate'");
    expect(e.column).toBe(5);
    expect(e.length).toBe("frobnicate".length);
    expect(e.codeFrame).toBe("1 | T | frobnicate x\n        ^~~~~~~~~~");
  });

  test("a missing by in sort", () => {
    const e = errorOf("T | sort x");
    expect(e.detail).toBe("expected 'by' but found 'x'");
    expect(e.column).toBe(10);
  });

  test("leftover text after a statement", () => {
    const e = errorOf("T | where x\n  y");
    expect(e.detail).toBe("unexpected 'y', expected ';' or '|'");
    expect([e.line, e.column]).toEqual([2, 3]);
  });

  test("an unexpected character", () => {
    const e = errorOf("T | where x == #");
    expect(e.detail).toBe("unexpected character '#'");
    expect(e.column).toBe(16);
  });

  test("an error deep in a multi-line rule points at its own line", () => {
    const text = "let a = 1;\nlet b = T\n  | summarize count() by\n  | where x;\nb";
    const e = errorOf(text);
    expect(e.line).toBe(4);
    expect(e.column).toBe(3);
    expect(e.message).toContain("4:3:");
  });

  test("parseQueryAll returns the errors instead of throwing", () => {
    const r = parseQueryAll("T | where");
    expect(r.ast).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toBeInstanceOf(KqlError);
    const ok = parseQueryAll("T | take 1");
    expect(ok.errors).toEqual([]);
    expect(ok.ast?.kind).toBe("Query");
  });

  test("parseQueryAll reports an error for each bad statement", () => {
    const text = "let a = (1;\nlet b = 2;\nT | where | take 1;\nT | sort x";
    const r = parseQueryAll(text);
    expect(r.ast).toBeUndefined();
    expect(r.errors.map((e) => [e.line, e.detail])).toEqual([
      [1, "expected ')' but found ';'"],
      [3, "expected an expression but found '|'"],
      [4, "expected 'by' but found 'x'"],
    ]);
    expect(r.errors[0]!.column).toBe(11);
    expect(() => parseQuery(text)).toThrow(r.errors[0]!.message);
  });

  test("lexing errors are all reported", () => {
    const r = parseQueryAll("T | where a == # and b == #");
    expect(r.errors.map((e) => e.column)).toEqual([16, 27]);
  });

  test("the parser is reusable after an error", () => {
    expect(() => parseQuery("T | where (")).toThrow(KqlError);
    expect(parseQuery("T | where x").statements).toHaveLength(1);
  });
});

describe("nesting guard", () => {
  test("deep but allowed nesting parses", () => {
    const depth = MAX_NESTING_DEPTH;
    expect(parseQuery(`print ${"(".repeat(depth)}1${")".repeat(depth)}`).statements).toHaveLength(1);
    expect(parseQuery(`print ${"f(".repeat(depth)}1${")".repeat(depth)}`).statements).toHaveLength(1);
    expect(parseQuery(`print ${"x[".repeat(depth)}1${"]".repeat(depth)}`).statements).toHaveLength(1);
  });

  test("too deep nesting is a KqlError, not a stack overflow", () => {
    const text = `print ${"(".repeat(600)}1${")".repeat(600)}`;
    const e = errorOf(text);
    expect(e.detail).toBe("expression nested too deeply");
    expect(e.offset).toBe(6 + MAX_NESTING_DEPTH);
  });

  test("long flat chains do not recurse", () => {
    const text = `print ${Array.from({ length: 5000 }, (_, i) => `a${i}`).join(" + ")} and ${"-".repeat(3000)}x`;
    expect(parseQuery(text).statements).toHaveLength(1);
  });

  test("deeply nested calls are refused too", () => {
    expect(errorOf(`print ${"not(".repeat(1000)}true${")".repeat(1000)}`).detail).toBe("expression nested too deeply");
  });
});

describe("robustness", () => {
  test("the grammar passes Chevrotain's own validation", () => {
    expect(() => new KqlParser({ validate: true })).not.toThrow();
  });

  test("the tokens pass Chevrotain's own validation, and the validated lexer reads text as the shared one does", () => {
    let validated: Lexer | undefined;
    expect(() => (validated = buildLexer({ validate: true }))).not.toThrow();
    expect(validated!.lexerDefinitionErrors).toEqual([]);
    const text = `let x = 1d; T | where A =~ "b" and C !has_cs 'd' | extend e = bin(TimeGenerated, 5m) // note\n| summarize count() by e`;
    const shape = (r: ILexingResult) => ({ tokens: r.tokens.map((t) => [t.tokenType.name, t.image, t.startOffset]), errors: r.errors.length });
    expect(shape(validated!.tokenize(text))).toEqual(shape(getLexer().tokenize(text)));
  });

  test("only the lexer and parser built for validation run Chevrotain's checks; the shared ones skip them", () => {
    // Chevrotain keeps the option on the instance (not in its typings): the checks cost start-up time.
    const skipsLexerChecks = (l: Lexer): boolean => (l as unknown as { config: { skipValidations: boolean } }).config.skipValidations;
    const skipsParserChecks = (p: KqlParser): boolean => (p as unknown as { skipValidations: boolean }).skipValidations;
    expect(skipsLexerChecks(buildLexer({ validate: true }))).toBe(false);
    expect(skipsLexerChecks(getLexer())).toBe(true);
    expect(skipsParserChecks(new KqlParser({ validate: true }))).toBe(false);
    expect(skipsParserChecks(getParser())).toBe(true);
  });

  const fragments = [
    "T",
    "|",
    "where",
    "x",
    "==",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ";",
    "let",
    "=",
    "'s'",
    '"',
    "1",
    "1.5",
    "2d",
    "datetime(2024-01-01)",
    "datetime(",
    "dynamic",
    "summarize",
    "by",
    "join",
    "on",
    "$left",
    ".",
    "..",
    "between",
    "in",
    "!in~",
    "has",
    "-",
    "*",
    "mv-apply",
    "parse",
    "with",
    "```",
    "@'",
    "h\"",
    "\n",
    " ",
    "//",
  ];

  test("random token soup only ever throws KqlError", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 40 }), (parts) => {
        const text = parts.join(" ");
        try {
          parseQuery(text);
        } catch (e) {
          if (!(e instanceof KqlError) || e.code !== "KQL_SYNTAX") throw e;
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  test("random strings only ever throw KqlError", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        try {
          parseQuery(text);
        } catch (e) {
          if (!(e instanceof KqlError) || e.code !== "KQL_SYNTAX") throw e;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("errors in very long queries", () => {
  it("shows a window of a long line around the error, with the caret under it", () => {
    const q = `print x = strcat(${Array.from({ length: 3000 }, (_, i) => `"v${i}"`).join(", ")}) | frobnicate`;
    let e: KqlError | undefined;
    try {
      parseQuery(q);
    } catch (err) {
      e = err as KqlError;
    }
    expect(e).toBeInstanceOf(KqlError);
    const [text, caret] = e!.codeFrame.split("\n");
    expect(text!.length).toBeLessThan(200);
    expect(text).toContain("frobnicate");
    expect(text!.startsWith("1 | …")).toBe(true);
    // The caret sits under the first character of the offending token.
    expect(text!.slice(caret!.indexOf("^"), caret!.indexOf("^") + "frobnicate".length)).toBe("frobnicate");
    expect(e!.column).toBe(q.indexOf("frobnicate") + 1);
  });

  it("reports the first lexical errors of a text full of them, not every one", () => {
    const q = "T | where x == 1 \u0001".repeat(5000);
    const { errors } = parseQueryAll(q);
    expect(errors.length).toBe(MAX_REPORTED_ERRORS);
    expect(errors[0]!.detail).toMatch(/unexpected character/);
    expect(errors[0]!.offset).toBe(q.indexOf("\u0001"));
  });
});
