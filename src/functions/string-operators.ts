/**
 * KQL's string predicates (`has`, `contains`, `startswith`, `=~`, ... and their `!`/`_cs` forms), plus the
 * helpers behind `has_any` and `has_all` (`in~` folds case with fold-case.ts in runtime/compile.ts).
 *
 * Decisions (state them in docs/semantics.md):
 * - Case-insensitive forms compare texts case-folded as Kusto's .NET `OrdinalIgnoreCase` does (fold-case.ts):
 *   simple upper-case mappings, and no non-ASCII character ever equal to an ASCII one.
 * - A *term* is a maximal run of ASCII letters and digits `[A-Za-z0-9]` (datatypes-string-operators.md:
 *   "each string value is broken into maximal sequences of alphanumeric characters"). Underscore,
 *   punctuation, whitespace and every non-ASCII character separate terms.
 * - `has`: the needle occurs in the text, and where the needle starts with a term character the match
 *   starts on a term boundary, and where it ends with one the match ends on a term boundary. For a plain
 *   term (`has "america"`) that is "equals a whole term"; for a needle holding punctuation
 *   (`has "cmd.exe"`, `has "a b"`) it is "a run of whole terms with that exact punctuation between".
 * - `hasprefix`: only the start must be on a term boundary; `hassuffix`: only the end.
 * - An empty needle matches every text for `has`, `hasprefix`, `hassuffix`, `contains`, `startswith`
 *   and `endswith` (as the substring reading gives), so `!has ""` is false.
 */

import { escapeRegExp } from "../escape-regexp.js";
import { foldCase, isAscii } from "./fold-case.js";
import { remembering } from "./remembering.js";

export interface StringOperatorDef {
  name: string;
  caseSensitive: boolean;
  negated: boolean;
  description: string;
  /** The operator's result, negation included. */
  test: (text: string, needle: string) => boolean;
}

type Kind = "has" | "hasprefix" | "hassuffix" | "contains" | "startswith" | "endswith" | "equals";

/** Whether a UTF-16 code unit is a term character (ASCII letter or digit). */
export function isTermChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * indexOf for a lower-case ASCII needle, folding ASCII upper case in the text; no allocation. The
 * candidates are the places of the needle's first character in either case, found by the native
 * `indexOf` (which scans without a call per character); only those are compared in full. Reading every
 * position with charCodeAt was 2-3x slower, most of all on strings built by concatenation.
 */
function indexOfFoldAscii(text: string, needle: string, from: number): number {
  const n = needle.length;
  if (n === 0) return from <= text.length ? from : -1;
  const last = text.length - n;
  const f = needle.charCodeAt(0);
  const lower = String.fromCharCode(f);
  const upper = f >= 97 && f <= 122 ? String.fromCharCode(f - 32) : lower;
  let a = text.indexOf(lower, from);
  let b = upper === lower ? -1 : text.indexOf(upper, from);
  while (a >= 0 || b >= 0) {
    let i: number;
    if (b < 0 || (a >= 0 && a < b)) {
      i = a;
      a = text.indexOf(lower, a + 1);
    } else {
      i = b;
      b = text.indexOf(upper, b + 1);
    }
    if (i > last) return -1;
    if (regionEqualsFoldAscii(text, i, needle)) return i;
  }
  return -1;
}

/** Whether `needle` (lower-case ASCII) equals text[at, at+n) with ASCII case folding. */
function regionEqualsFoldAscii(text: string, at: number, needle: string): boolean {
  const n = needle.length;
  if (at < 0 || at + n > text.length) return false;
  for (let j = 0; j < n; j++) {
    let c = text.charCodeAt(at + j);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== needle.charCodeAt(j)) return false;
  }
  return true;
}

type Finder = (text: string, needle: string, from: number) => number;
const indexOfPlain: Finder = (text, needle, from) => text.indexOf(needle, from);

/**
 * Term-boundary search: some occurrence of needle at i such that (if required) the character before i
 * and the character after i+n are not term characters.
 */
function termSearch(text: string, needle: string, find: Finder, needStart: boolean, needEnd: boolean): boolean {
  const n = needle.length;
  if (n === 0) return true;
  const checkStart = needStart && isTermChar(needle.charCodeAt(0));
  const checkEnd = needEnd && isTermChar(needle.charCodeAt(n - 1));
  let from = 0;
  for (;;) {
    const i = find(text, needle, from);
    if (i < 0) return false;
    const okStart = !checkStart || i === 0 || !isTermChar(text.charCodeAt(i - 1));
    const okEnd = !checkEnd || i + n === text.length || !isTermChar(text.charCodeAt(i + n));
    if (okStart && okEnd) return true;
    from = i + 1;
  }
}

type TermKind = "has" | "hasprefix" | "hassuffix";

/**
 * The test of a term operator: `has` needs a term boundary at both ends of the match, `hasprefix` at its
 * start, `hassuffix` at its end. `prepare` turns the text into the needle's comparison form (lower case).
 */
function termTest(kind: TermKind, find: Finder, prepare?: (text: string) => string): (text: string, needle: string) => boolean {
  const start = kind !== "hassuffix";
  const end = kind !== "hasprefix";
  return prepare ? (t, n) => termSearch(prepare(t), n, find, start, end) : (t, n) => termSearch(t, n, find, start, end);
}

/** The positive test of an operator kind, for a needle already in its comparison form. */
function makeTest(kind: Kind, caseSensitive: boolean): (text: string, needle: string) => boolean {
  if (caseSensitive) {
    switch (kind) {
      case "has":
      case "hasprefix":
      case "hassuffix":
        return termTest(kind, indexOfPlain);
      case "contains":
        return (t, n) => t.includes(n);
      case "startswith":
        return (t, n) => t.startsWith(n);
      case "endswith":
        return (t, n) => t.endsWith(n);
      case "equals":
        return (t, n) => t === n;
    }
  }
  // Case-insensitive: `n` is folded already. ASCII needles fold the text in place; others fold it whole.
  const ascii = asciiFoldingTest(kind);
  const folded = foldingTest(kind);
  return (t, n) => (isAscii(n) ? ascii(t, n) : folded(t, n));
}

/**
 * The case-insensitive test for a lower-case ASCII needle, folding ASCII upper case in the text without
 * allocating: for a needle known only per row. (A constant needle has its own search, literalSearch, and
 * `=~` against a constant its own closure, equalsIgnoringCase.)
 */
function asciiFoldingTest(kind: Kind): (text: string, needle: string) => boolean {
  switch (kind) {
    case "has":
    case "hasprefix":
    case "hassuffix":
      return termTest(kind, indexOfFoldAscii);
    case "contains":
      return (t, n) => indexOfFoldAscii(t, n, 0) >= 0;
    case "startswith":
      return (t, n) => regionEqualsFoldAscii(t, 0, n);
    case "endswith":
      return (t, n) => regionEqualsFoldAscii(t, t.length - n.length, n);
    case "equals":
      return (t, n) => t.length === n.length && (t === n || regionEqualsFoldAscii(t, 0, n));
  }
}

/**
 * The case-insensitive test for a folded needle with non-ASCII characters: the text is folded (foldCase). A
 * fold is as long as its text, so term boundaries are where the text has them.
 */
function foldingTest(kind: Kind): (text: string, needle: string) => boolean {
  switch (kind) {
    case "has":
    case "hasprefix":
    case "hassuffix":
      return termTest(kind, indexOfPlain, foldCase);
    case "contains":
      return (t, n) => foldCase(t).includes(n);
    case "startswith":
      return (t, n) => foldCase(t).startsWith(n);
    case "endswith":
      return (t, n) => foldCase(t).endsWith(n);
    case "equals":
      return (t, n) => t.length === n.length && foldCase(t) === n;
  }
}

const DESCRIPTIONS: Record<Kind, string> = {
  has: "The right-hand side is a whole term (or run of whole terms) in the left-hand side",
  hasprefix: "The right-hand side is a term prefix in the left-hand side",
  hassuffix: "The right-hand side is a term suffix in the left-hand side",
  contains: "The right-hand side occurs as a substring of the left-hand side",
  startswith: "The right-hand side is an initial substring of the left-hand side",
  endswith: "The right-hand side is a closing substring of the left-hand side",
  equals: "Equals",
};

function build(name: string, kind: Kind, caseSensitive: boolean, negated: boolean): StringOperatorDef {
  const positive = makeTest(kind, caseSensitive);
  const test = caseSensitive
    ? negated
      ? (t: string, n: string) => !positive(t, n)
      : positive
    : negated
      ? (t: string, n: string) => !positive(t, foldCase(n))
      : (t: string, n: string) => positive(t, foldCase(n));
  const desc = DESCRIPTIONS[kind];
  return {
    name,
    caseSensitive,
    negated,
    description: `${negated ? "Negation: " : ""}${desc}${caseSensitive ? " (case-sensitive)" : " (case-insensitive)"}`,
    test,
  };
}

const KIND_OF = new Map<string, Kind>();

function buildAll(): Record<string, StringOperatorDef> {
  const out: Record<string, StringOperatorDef> = Object.create(null) as Record<string, StringOperatorDef>;
  const kinds: Kind[] = ["has", "hasprefix", "hassuffix", "contains", "startswith", "endswith"];
  for (const kind of kinds) {
    for (const cs of [false, true]) {
      for (const neg of [false, true]) {
        const name = `${neg ? "!" : ""}${kind}${cs ? "_cs" : ""}`;
        out[name] = build(name, kind, cs, neg);
        KIND_OF.set(name, kind);
      }
    }
  }
  out["=~"] = build("=~", "equals", false, false);
  out["!~"] = build("!~", "equals", false, true);
  return out;
}

/** Every string operator by its KQL spelling. */
export const STRING_OPERATORS: Readonly<Record<string, StringOperatorDef>> = buildAll();

export function findStringOperator(name: string): StringOperatorDef | undefined {
  return Object.prototype.hasOwnProperty.call(STRING_OPERATORS, name) ? STRING_OPERATORS[name] : undefined;
}

/**
 * A specialised test for one call site. With a constant needle the needle is case-folded once and the
 * per-row test ignores its second argument; a search's answer is remembered per text, since most filtered
 * columns repeat a few values (remembering.ts).
 */
export function bindStringOperator(name: string, constantNeedle?: string): (text: string, needle: string) => boolean {
  const bound = specialisedTest(name, constantNeedle);
  return bound.searches ? remembering(bound.test) : bound.test;
}

/**
 * bindStringOperator's test before any memo, and whether it searches the text (`searches`: worth
 * remembering). `=~` and startswith/endswith compare one place, which costs less than a regex call or a
 * memo lookup on short texts.
 */
type SpecialisedTest = { searches: true; test: (text: string) => boolean } | { searches: false; test: (text: string, needle: string) => boolean };

function specialisedTest(name: string, constantNeedle: string | undefined): SpecialisedTest {
  const op = findStringOperator(name);
  if (!op) throw new Error(`unknown string operator: ${name}`);
  if (constantNeedle === undefined) return { test: op.test, searches: false };
  const kind: Kind = KIND_OF.get(name) ?? "equals";
  const needle = op.caseSensitive ? constantNeedle : foldCase(constantNeedle);
  if (kind === "equals" && !op.caseSensitive && isAscii(needle)) {
    return { test: equalsIgnoringCase(needle, constantNeedle.toUpperCase(), op.negated), searches: false };
  }
  const matches = (kind === "contains" || isTermKind(kind)) && !op.caseSensitive && isAscii(needle) ? literalSearch(kind, needle) : undefined;
  if (matches) return { test: op.negated ? (t) => !matches(t) : matches, searches: true };
  const positive = op.caseSensitive ? makeTest(kind, true) : isAscii(needle) ? asciiFoldingTest(kind) : foldingTest(kind);
  return { test: op.negated ? (t) => !positive(t, needle) : (t) => positive(t, needle), searches: false };
}

/** A term character on either side of a match ends `has`'s term there (the class isTermChar tests). */
const NOT_AFTER_TERM_CHAR = "(?<![A-Za-z0-9])";
const NOT_BEFORE_TERM_CHAR = "(?![A-Za-z0-9])";

/**
 * The positive test of a case-insensitive search (`contains`, the `has` family) for a constant lower-case ASCII
 * needle: V8's own regex engine searching for the escaped needle with the `i` flag, in compiled code. Over a
 * million log fields it ran 1.3-2.7x faster than asciiFoldingTest's candidates and compares (docs/performance.md).
 * - The same answers: without the `u` flag, `i` folds a text character to an ASCII letter only if it is one
 *   (ECMAScript's Canonicalize never maps a non-ASCII character to ASCII, so `ſ` is no `s`), which is the
 *   ASCII folding of regionEqualsFoldAscii. The term boundaries are termSearch's (see termPattern).
 * - Linear time: the pattern is literal characters and one-character lookarounds, nothing that repeats; a
 *   match costs at most the text's length times the needle's, as the search it replaces. (Users' patterns go
 *   through RE2, see re2.ts; this one is built by us from escaped text.)
 * Undefined for a needle whose pattern is too long to compile (compiledSearch): the caller's loop searches then.
 */
function literalSearch(kind: "contains" | TermKind, needle: string): ((text: string) => boolean) | undefined {
  return compiledSearch(kind === "contains" ? escapeRegExp(needle) : termPattern([needle], kind !== "hassuffix", kind !== "hasprefix"));
}

/**
 * The longest pattern the engine builds (literalSearch, hasAnySearch) that it compiles as a regex. V8 compiles a
 * pattern on its first match, in time and memory growing with its length (about 1 ms per KB: 70 ms for 64 KB):
 * a 200 KB needle is a "Regular expression too large" error there, and 30 MB of has_any needles made V8 abort
 * the process out of memory. Past this, the search that loops over candidates (or the term split) runs instead.
 */
export const MAX_SEARCH_PATTERN_LENGTH = 64 * 1024;

/** A case-insensitive test of the engine-built regex `source`; undefined when it is too long to compile. */
function compiledSearch(source: string): ((text: string) => boolean) | undefined {
  if (source.length > MAX_SEARCH_PATTERN_LENGTH) return undefined;
  const pattern = new RegExp(source, "i");
  return (t) => pattern.test(t);
}

function isTermKind(kind: Kind): kind is TermKind {
  return kind === "has" || kind === "hasprefix" || kind === "hassuffix";
}

/**
 * The regex source matching any of `needles` as `has` does (with `start`/`end`, the term boundary at that end
 * of a needle that starts/ends with a term character; hasprefix needs only the start, hassuffix only the end).
 * Needles are grouped by the boundaries they need, each group one alternation between its lookarounds: a
 * lookaround around every needle of a long list made V8 match 1,000 needles a thousand times slower than
 * one alternation of them (docs/performance.md).
 */
function termPattern(needles: readonly string[], start: boolean, end: boolean): string {
  const groups = new Map<string, { before: string; after: string; needles: string[] }>();
  for (const n of needles) {
    const before = start && n.length > 0 && isTermChar(n.charCodeAt(0)) ? NOT_AFTER_TERM_CHAR : "";
    const after = end && n.length > 0 && isTermChar(n.charCodeAt(n.length - 1)) ? NOT_BEFORE_TERM_CHAR : "";
    const key = before + after;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { before, after, needles: [] }));
    group.needles.push(escapeRegExp(n));
  }
  return [...groups.values()].map((g) => `${g.before}(?:${g.needles.join("|")})${g.after}`).join("|");
}

/**
 * `=~` / `!~` against a constant ASCII needle as one closure: asciiFoldingTest's test without the call to it
 * per row (`where ResourceType =~ "VAULTS"` runs over every row of a table), and a text spelled exactly as
 * the needle in either case is accepted with one comparison (`"VAULTS" =~ "vaults"`).
 */
function equalsIgnoringCase(lower: string, upper: string, negated: boolean): (text: string) => boolean {
  const n = lower.length;
  return negated
    ? (t) => !(t.length === n && (t === upper || t === lower || regionEqualsFoldAscii(t, 0, lower)))
    : (t) => t.length === n && (t === upper || t === lower || regionEqualsFoldAscii(t, 0, lower));
}

// ---------------------------------------------------------------------------------------------------
// has_any / has_all

/** Lower-cased terms of a text, in order (terms are ASCII: lower case is their fold). */
export function termsOf(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const term = i < text.length && isTermChar(text.charCodeAt(i));
    if (term && start < 0) start = i;
    else if (!term && start >= 0) {
      out.push(text.slice(start, i).toLowerCase());
      start = -1;
    }
  }
  return out;
}

function isSingleTerm(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTermChar(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Up to this many needles, `has_any`/`has_all` run one `has` search per needle (folding case in place);
 * with more, splitting the text into terms once (a new string per term) costs less than the searches.
 */
const NEEDLES_SEARCHED_ONE_BY_ONE = 4;

/** A `has_any` (all=false) or `has_all` (all=true) test for a fixed needle list, remembering its answer per text. */
export function bindHasAny(needles: readonly string[], all = false): (text: string) => boolean {
  return remembering(hasAnyTest(needles, all));
}

/**
 * The test itself. `has_any` over ASCII needles is one regex search (hasAnySearch). Otherwise a few needles are
 * each tested as `has` does; with more, needles that are single terms are looked up in a set of the text's
 * terms and the others tested as `has`. A single-term needle `has` matches exactly when it equals one of
 * the text's terms, so both ways agree.
 */
function hasAnyTest(needles: readonly string[], all: boolean): (text: string) => boolean {
  const lowered = [...new Set(needles.map(foldCase))];
  const anyOfThem = all ? undefined : hasAnySearch(lowered);
  if (anyOfThem) return anyOfThem;
  if (lowered.length > 0 && lowered.length <= NEEDLES_SEARCHED_ONE_BY_ONE) {
    // Without a memo of their own: bindHasAny remembers the answer over all of them.
    const tests = lowered.map((n) => specialisedTest("has", n).test);
    return all
      ? (text) => {
          for (let k = 0; k < tests.length; k++) if (!tests[k]!(text, "")) return false;
          return true;
        }
      : (text) => {
          for (let k = 0; k < tests.length; k++) if (tests[k]!(text, "")) return true;
          return false;
        };
  }
  const simple = new Set(lowered.filter(isSingleTerm));
  const complex = lowered.filter((n) => !isSingleTerm(n));
  const has = makeTest("has", false);
  if (!all) {
    if (lowered.length === 0) return () => false;
    return (text) => {
      if (simple.size > 0) {
        let start = -1;
        for (let i = 0; i <= text.length; i++) {
          const term = i < text.length && isTermChar(text.charCodeAt(i));
          if (term && start < 0) start = i;
          else if (!term && start >= 0) {
            if (simple.has(text.slice(start, i).toLowerCase())) return true;
            start = -1;
          }
        }
      }
      for (const n of complex) if (has(text, n)) return true;
      return false;
    };
  }
  return (text) => {
    if (simple.size > 0) {
      const terms = new Set(termsOf(text));
      for (const n of simple) if (!terms.has(n)) return false;
    }
    for (const n of complex) if (!has(text, n)) return false;
    return true;
  };
}

/**
 * `has_any` over lower-case ASCII needles as one regex (termPattern, the `i` flag: literalSearch says why the
 * answers are the same and the time linear). Over a million log fields it ran 3-25x faster than splitting
 * each text into lower-cased terms, and far faster than testing needles with punctuation one by one. Undefined
 * for an empty list, a needle with non-ASCII characters (those fold the text instead), or a pattern longer
 * than MAX_SEARCH_PATTERN_LENGTH.
 */
function hasAnySearch(needles: readonly string[]): ((text: string) => boolean) | undefined {
  if (needles.length === 0 || !needles.every(isAscii)) return undefined;
  // The needles' own length bounds the pattern's from below: no pattern is built for a list that cannot fit.
  let length = 0;
  for (const n of needles) length += n.length + 1;
  return length > MAX_SEARCH_PATTERN_LENGTH ? undefined : compiledSearch(termPattern(needles, true, true));
}

/** `text has_any (needles)`. */
export function hasAny(text: string, needles: readonly string[]): boolean {
  return bindHasAny(needles, false)(text);
}

/** `text has_all (needles)`. */
export function hasAll(text: string, needles: readonly string[]): boolean {
  return bindHasAny(needles, true)(text);
}
