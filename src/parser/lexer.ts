/**
 * KQL tokens for the Chevrotain lexer.
 *
 * Most KQL keywords are not reserved: `count`, `kind`, `type`, `name`, even `project` can be column names.
 * Every such keyword token therefore carries the `Ident` category, and the parser consumes `Ident`
 * wherever a name is expected. Only the words that act as infix operators (`and`, `or`, `in`, `between`,
 * the string predicates) and the boolean literals are reserved.
 */
import { createToken, Lexer, type TokenType } from "./chevrotain.js";
import { escapeRegExp } from "../escape-regexp.js";

// ---------------------------------------------------------------------------------------------------
// Categories

/** Anything that can stand for a name: plain identifiers and the non-reserved keywords. */
export const Ident = createToken({ name: "Ident", pattern: Lexer.NA, label: "identifier" });
/** The string predicates (`has`, `!contains_cs`, ...); the image is the operator as written. */
export const StringOp = createToken({ name: "StringOp", pattern: Lexer.NA, label: "string operator" });
/** `in`, `!in`, `in~`, `!in~`, `has_any`, `has_all`. */
export const InOp = createToken({ name: "InOp", pattern: Lexer.NA, label: "'in'" });
/** `==`, `!=`, `<`, `<=`, `>`, `>=`, `=~`, `!~`, `<>`. */
export const CompareOp = createToken({ name: "CompareOp", pattern: Lexer.NA, label: "comparison operator" });
/** Every string literal form. */
export const Str = createToken({ name: "Str", pattern: Lexer.NA, label: "string" });

const NOT_WORD = "(?![A-Za-z0-9_])";

// ---------------------------------------------------------------------------------------------------
// Trivia

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /\/\/[^\n]*/, group: Lexer.SKIPPED });

// ---------------------------------------------------------------------------------------------------
// Literals

/** ```` ```text``` ````: a multi-line verbatim string. */
export const MultiLineString = createToken({ name: "MultiLineString",
  categories: [Str], pattern: /```[\s\S]*?```/, label: "string", start_chars_hint: ["`"] });
/** `h"..."`, `H'...'`, `h@"..."`: obfuscated strings (same value, hidden from logs). */
export const ObfuscatedString = createToken({
  name: "ObfuscatedString",
  categories: [Str],
  pattern: /[hH](?:@"(?:[^"]|"")*"|@'(?:[^']|'')*'|"(?:[^"\\\r\n]|\\[^\r\n])*"|'(?:[^'\\\r\n]|\\[^\r\n])*')/,
  label: "string",
  start_chars_hint: ["h", "H"],
});
export const VerbatimString = createToken({
  name: "VerbatimString",
  categories: [Str],
  pattern: /@(?:"(?:[^"]|"")*"|'(?:[^']|'')*')/,
  label: "string",
  start_chars_hint: ["@"],
});
export const StringLiteral = createToken({
  name: "StringLiteral",
  categories: [Str],
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"|'(?:[^'\\\r\n]|\\[^\r\n])*'/,
  label: "string",
  start_chars_hint: ['"', "'"],
});

/**
 * `datetime(2024-01-01 10:00)`, `time(1.02:03:04)`, `guid(...)`, `int(5)`, `real(+inf)`...: a typed
 * literal whose text is not made of ordinary tokens, so it is read whole and decoded by the parser.
 */
export const TypedLiteral = createToken({
  name: "TypedLiteral",
  pattern: /(?:datetime|timespan|time|guid|int64|int32|int|long|real|double|decimal|boolean|bool)[ \t]*\([ \t]*(?:"(?:[^"\\\r\n]|\\[^\r\n])*"|'(?:[^'\\\r\n]|\\[^\r\n])*'|[^()'"\n]*?)[ \t]*\)/,
  label: "typed literal",
  start_chars_hint: ["d", "t", "g", "i", "l", "r", "b"],
});

const TIMESPAN_UNITS = [
  "microseconds",
  "microsecond",
  "milliseconds",
  "millisecond",
  "millisec",
  "millis",
  "milli",
  "minutes",
  "minute",
  "seconds",
  "second",
  "hours",
  "hour",
  "days",
  "day",
  "ticks",
  "tick",
  "hrs",
  "hr",
  "min",
  "sec",
  "ms",
  "d",
  "h",
  "m",
  "s",
];
export const TimespanLiteral = createToken({
  name: "TimespanLiteral",
  pattern: new RegExp(`(?:\\d+(?:\\.\\d+)?|\\.\\d+)(?:${TIMESPAN_UNITS.join("|")})${NOT_WORD}`),
  label: "timespan",
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "."],
});
export const RealLiteral = createToken({
  name: "RealLiteral",
  pattern: /\d+\.\d+(?:[eE][+-]?\d+)?|\d+\.(?![.\w])|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/,
  label: "real",
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "."],
});
export const HexLiteral = createToken({ name: "HexLiteral", pattern: /0[xX][0-9a-fA-F]+/, label: "number", start_chars_hint: ["0"] });
export const IntLiteral = createToken({ name: "IntLiteral", pattern: /\d+/, label: "number", start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] });

// ---------------------------------------------------------------------------------------------------
// Identifiers and keywords

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Ident], label: "identifier" });
/**
 * A name that starts with digits (`5Minutebin`, `1stSeen`): Kusto reads digits followed by letters as an
 * identifier when they are not a number or timespan literal, so this is tried after those.
 */
export const DigitIdentifier = createToken({
  name: "DigitIdentifier",
  pattern: /\d+[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Ident],
  label: "identifier",
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
});
export const LeftRef = createToken({ name: "LeftRef", pattern: /\$left(?![A-Za-z0-9_])/, label: "'$left'", start_chars_hint: ["$"] });
export const RightRef = createToken({ name: "RightRef", pattern: /\$right(?![A-Za-z0-9_])/, label: "'$right'", start_chars_hint: ["$"] });

/**
 * The keyword table: the word, whether it is reserved (not usable as a name) and the categories it
 * joins. Non-reserved words are identifiers too.
 */
interface KeywordSpec {
  word: string;
  reserved?: boolean;
  categories?: TokenType[];
}

const KEYWORD_SPECS: KeywordSpec[] = [
  // reserved infix words and literals
  { word: "and", reserved: true },
  { word: "or", reserved: true },
  { word: "true", reserved: true },
  { word: "false", reserved: true },
  { word: "between", reserved: true },
  { word: "in", reserved: true, categories: [InOp] },
  { word: "has_any", reserved: true, categories: [InOp] },
  { word: "has_all", reserved: true, categories: [InOp] },
  ...[
    "has",
    "has_cs",
    "hasprefix",
    "hasprefix_cs",
    "hassuffix",
    "hassuffix_cs",
    "contains",
    "contains_cs",
    "containscs",
    "notcontains",
    "notcontainscs",
    "startswith",
    "startswith_cs",
    "endswith",
    "endswith_cs",
  ].map((word): KeywordSpec => ({ word, reserved: true, categories: [StringOp] })),
  // statements
  ...["let", "declare", "query_parameters", "set", "view", "alias", "restrict"].map((word): KeywordSpec => ({ word })),
  // tabular operators and sources
  ...[
    "where",
    "filter",
    "extend",
    "project",
    "project-away",
    "project-keep",
    "project-rename",
    "project-reorder",
    "project-smart",
    "project-by-names",
    "summarize",
    "join",
    "lookup",
    "union",
    "sort",
    "order",
    "take",
    "limit",
    "top",
    "top-nested",
    "top-hitters",
    "distinct",
    "count",
    "mv-expand",
    "mvexpand",
    "mv-apply",
    "mvapply",
    "parse",
    "parse-where",
    "parse-kv",
    "evaluate",
    "make-series",
    "serialize",
    "as",
    "invoke",
    "render",
    "getschema",
    "sample",
    "sample-distinct",
    "search",
    "find",
    "range",
    "print",
    "datatable",
    "externaldata",
    "external_data",
    "partition",
    "fork",
    "facet",
    "consume",
    "reduce",
  ].map((word): KeywordSpec => ({ word })),
  // clause words
  ...["by", "on", "with", "to", "from", "step", "of", "asc", "desc", "nulls", "first", "last", "typeof", "dynamic", "matches", "regex", "default", "others"].map(
    (word): KeywordSpec => ({ word }),
  ),
];

function tokenName(word: string): string {
  return "Kw_" + word.replace(/-/g, "_");
}

/** Keyword token by word (`where`, `project-away`, `has_cs`). */
export const Keywords: Record<string, TokenType> = Object.create(null) as Record<string, TokenType>;
const keywordTokens: TokenType[] = [];
for (const spec of [...KEYWORD_SPECS].sort((a, b) => b.word.length - a.word.length)) {
  const categories = [...(spec.categories ?? [])];
  if (!spec.reserved) categories.push(Ident);
  const tok = createToken({
    name: tokenName(spec.word),
    pattern: new RegExp(escapeRegExp(spec.word) + NOT_WORD),
    label: `'${spec.word}'`,
    categories,
    start_chars_hint: [spec.word.charCodeAt(0)],
  });
  Keywords[spec.word] = tok;
  keywordTokens.push(tok);
}

export function kw(word: string): TokenType {
  const t = Keywords[word];
  if (!t) throw new Error(`no keyword token for ${word}`);
  return t;
}

/** `!has`, `!contains_cs`, `!startswith`...: the negated string predicates. */
export const NotStringOp = createToken({
  name: "NotStringOp",
  pattern: /!(?:has_cs|hasprefix_cs|hasprefix|hassuffix_cs|hassuffix|has|contains_cs|containscs|contains|startswith_cs|startswith|endswith_cs|endswith)(?![A-Za-z0-9_])/,
  categories: [StringOp],
  label: "string operator",
  start_chars_hint: ["!"],
});
export const NotInTilde = createToken({ name: "NotInTilde", pattern: /!in~/, categories: [InOp], label: "'!in~'", start_chars_hint: ["!"] });
export const NotIn = createToken({ name: "NotIn", pattern: /!in(?![A-Za-z0-9_~])/, categories: [InOp], label: "'!in'", start_chars_hint: ["!"] });
export const InTilde = createToken({ name: "InTilde", pattern: /in~/, categories: [InOp], label: "'in~'", start_chars_hint: ["i"] });
export const NotBetween = createToken({ name: "NotBetween", pattern: /!between(?![A-Za-z0-9_])/, label: "'!between'", start_chars_hint: ["!"] });

// ---------------------------------------------------------------------------------------------------
// Punctuation

function punct(name: string, pattern: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: new RegExp(escapeRegExp(pattern)), label: `'${pattern}'`, categories, start_chars_hint: [pattern.charCodeAt(0)] });
}

export const EqEq = punct("EqEq", "==", [CompareOp]);
export const EqTilde = punct("EqTilde", "=~", [CompareOp]);
export const Arrow = punct("Arrow", "=>");
export const Equals = punct("Equals", "=");
export const NotEq = punct("NotEq", "!=", [CompareOp]);
export const NotTilde = punct("NotTilde", "!~", [CompareOp]);
export const LtGt = punct("LtGt", "<>", [CompareOp]);
export const LtEq = punct("LtEq", "<=", [CompareOp]);
export const GtEq = punct("GtEq", ">=", [CompareOp]);
export const Lt = punct("Lt", "<", [CompareOp]);
export const Gt = punct("Gt", ">", [CompareOp]);
export const Pipe = punct("Pipe", "|");
export const Semi = punct("Semi", ";");
export const Comma = punct("Comma", ",");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LBrace = punct("LBrace", "{");
export const RBrace = punct("RBrace", "}");
export const DotDot = punct("DotDot", "..");
export const Dot = punct("Dot", ".");
export const Colon = punct("Colon", ":");
export const Plus = punct("Plus", "+");
export const Minus = punct("Minus", "-");
export const Star = punct("Star", "*");
export const Slash = punct("Slash", "/");
export const Percent = punct("Percent", "%");
export const Question = punct("Question", "?");

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  MultiLineString,
  TypedLiteral,
  ObfuscatedString,
  VerbatimString,
  StringLiteral,
  TimespanLiteral,
  HexLiteral,
  RealLiteral,
  DigitIdentifier,
  IntLiteral,
  LeftRef,
  RightRef,
  NotInTilde,
  NotIn,
  NotBetween,
  NotStringOp,
  InTilde,
  ...keywordTokens,
  Identifier,
  EqEq,
  EqTilde,
  Arrow,
  Equals,
  NotEq,
  NotTilde,
  LtGt,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Pipe,
  Semi,
  Comma,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  DotDot,
  Dot,
  Colon,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Question,
  // categories last: they match nothing themselves
  Ident,
  StringOp,
  InOp,
  CompareOp,
  Str,
];

let lexer: Lexer | undefined;

/** The shared lexer, built on first use so that importing the library stays cheap. */
export function getLexer(): Lexer {
  lexer ??= buildLexer();
  return lexer;
}

/**
 * A lexer over KQL's tokens. `validate` runs Chevrotain's checks of the token definitions (unreachable or
 * duplicate patterns, bad flags): they took 25–30 of the 35 ms the first query of a process spent building
 * the lexer, and only matter when the tokens change, so the shared lexer skips them and a test runs them,
 * as for the parser.
 */
export function buildLexer(options: { validate?: boolean } = {}): Lexer {
  return new Lexer(allTokens, { positionTracking: "onlyOffset", ensureOptimizations: false, skipValidations: !options.validate });
}
