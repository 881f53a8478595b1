/**
 * Entry points of the KQL parser: text in, AST out, every failure a KqlError with code KQL_SYNTAX.
 */
import type { IRecognitionException, IToken } from "./chevrotain.js";
import { EOF } from "./chevrotain.js";
import { describeValue } from "../describe-value.js";
import { KqlError } from "../errors.js";
import type { QueryText } from "./ast.js";
import { getLexer, LBrace, LBracket, LParen, RBrace, RBracket, RParen, Semi } from "./lexer.js";
import { getParser } from "./parser.js";

export type * from "./ast.js";

/** Deeper nesting than this (parentheses, brackets, braces) is refused before parsing. */
export const MAX_NESTING_DEPTH = 64;

/**
 * Deeper syntax trees than this are refused before binding (see checkTreeDepth): a chain of 10000
 * `and`s or pipes parses (iteratively) into a tree that deep, and the binder, compiler and evaluator
 * walk trees recursively.
 */
export const MAX_TREE_DEPTH = 1000;

/** parseQueryAll reports at most this many lexical errors. */
export const MAX_REPORTED_ERRORS = 20;

function syntaxError(source: string, message: string, start: number, end: number): KqlError {
  return new KqlError({ code: "KQL_SYNTAX", message, source, span: { start, end: Math.max(start, end) } });
}

function tokenEnd(tok: IToken): number {
  return tok.startOffset + tok.image.length;
}

function checkNesting(source: string, tokens: IToken[]): KqlError | undefined {
  let depth = 0;
  for (const tok of tokens) {
    const t = tok.tokenType;
    if (t === LParen || t === LBracket || t === LBrace) {
      if (++depth > MAX_NESTING_DEPTH) return syntaxError(source, "expression nested too deeply", tok.startOffset, tokenEnd(tok));
    } else if (t === RParen || t === RBracket || t === RBrace) {
      depth--;
    }
  }
  return undefined;
}

/**
 * The error for the first node deeper than MAX_TREE_DEPTH, found without recursion; undefined when the
 * tree is shallow enough. The engine calls this before binding, so a long flat chain still parses.
 */
export function checkTreeDepth(source: string, root: QueryText): KqlError | undefined {
  // Two parallel stacks of objects only (no entry object per visited value, no entry per primitive field):
  // this runs on every query, and the allocations were a few per cent of a warm runQuery.
  const nodes: object[] = [root];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop() as Record<string, unknown>;
    const d = depths.pop()!;
    const isNode = !Array.isArray(node) && typeof node.kind === "string";
    const depth = isNode ? d + 1 : d;
    if (depth > MAX_TREE_DEPTH) {
      const span = node.span as { start: number; end: number } | undefined;
      return syntaxError(source, `query is nested too deeply (more than ${MAX_TREE_DEPTH} levels of operators or expressions)`, span?.start ?? 0, span?.end ?? 0);
    }
    for (const key in node) {
      if (key === "span" || key === "nameSpan") continue;
      const child = node[key];
      if (typeof child === "object" && child !== null) {
        nodes.push(child);
        depths.push(depth);
      }
    }
  }
  return undefined;
}

function fromRecognition(source: string, e: IRecognitionException, endOfInput?: number): KqlError {
  const tok = e.token;
  if (!tok || tok.tokenType === EOF || Number.isNaN(tok.startOffset)) {
    // An unexpected end: point at the last non-blank character.
    const end = endOfInput ?? source.trimEnd().length;
    return syntaxError(source, e.message, Math.max(0, end - 1), end);
  }
  return syntaxError(source, e.message, tok.startOffset, tokenEnd(tok));
}

/**
 * Recovery for parseQueryAll: after a failed parse, each top-level `;`-separated statement is parsed on
 * its own, so one bad statement does not hide the errors of the others.
 */
function statementErrors(source: string, tokens: IToken[], known: KqlError[]): KqlError[] {
  const segments: IToken[][] = [[]];
  // Only braces (function bodies) hold statements; a ';' inside unbalanced parentheses still ends one.
  let depth = 0;
  for (const tok of tokens) {
    const t = tok.tokenType;
    if (t === LBrace) depth++;
    else if (t === RBrace) depth = Math.max(0, depth - 1);
    if (depth === 0 && t === Semi) segments.push([]);
    else segments[segments.length - 1]!.push(tok);
  }
  if (segments.length < 2) return [];
  const parser = getParser();
  const errors: KqlError[] = [];
  for (const segment of segments) {
    if (segment.length === 0) continue;
    const from = segment[0]!.startOffset;
    const to = tokenEnd(segment[segment.length - 1]!) + 1;
    // The statement that already failed in the full parse keeps that error.
    if (known.some((e) => e.offset >= from && e.offset <= to)) continue;
    try {
      parser.input = segment;
      parser.query();
      const last = segment[segment.length - 1]!;
      if (parser.errors.length > 0) errors.push(fromRecognition(source, parser.errors[0]!, tokenEnd(last)));
    } catch (e) {
      if (e instanceof KqlError) errors.push(e);
    }
  }
  return errors;
}

/** The parse error first (what parseQuery throws), then the other statements' errors in text order. */
function mergeErrors(first: KqlError[], more: KqlError[]): KqlError[] {
  const seen = new Set(first.map((e) => e.offset));
  const rest = more.filter((e) => !seen.has(e.offset)).sort((a, b) => a.offset - b.offset);
  return [...first, ...rest];
}

/** Parses a query and collects every error it can (lexing errors, then the first parse error). */
export function parseQueryAll(text: string): { ast?: QueryText; errors: KqlError[] } {
  // From untyped callers: a number or an object is no query text (String(5) would parse as the query `5`).
  if (typeof text !== "string") {
    return { errors: [new KqlError({ code: "KQL_ARGUMENTS", message: `query text must be a string, got ${describeValue(text)}` })] };
  }
  const source = text;
  try {
    const lexed = getLexer().tokenize(source);
    // A garbled megabyte of text can hold thousands of bad characters: the first few errors say enough.
    const errors: KqlError[] = lexed.errors.slice(0, MAX_REPORTED_ERRORS).map((err) => {
      const ch = source.slice(err.offset, err.offset + err.length);
      const what = ch.startsWith('"') || ch.startsWith("'") ? "unterminated string literal" : `unexpected character '${ch.slice(0, 1)}'`;
      return syntaxError(source, what, err.offset, err.offset + Math.max(1, Math.min(err.length, 1)));
    });
    if (errors.length > 0) return { errors };
    const nesting = checkNesting(source, lexed.tokens);
    if (nesting) return { errors: [nesting] };
    const parser = getParser();
    parser.source = source;
    parser.input = lexed.tokens;
    const ast = parser.query();
    if (parser.errors.length > 0) {
      const first = parser.errors.map((e) => fromRecognition(source, e));
      return { errors: mergeErrors(first, statementErrors(source, lexed.tokens, first)) };
    }
    return { ast, errors: [] };
  } catch (e) {
    if (e instanceof KqlError) return { errors: [e] };
    if (e instanceof RangeError) return { errors: [syntaxError(source, "expression nested too deeply", 0, 0)] };
    const message = e instanceof Error ? e.message : String(e);
    return { errors: [syntaxError(source, `could not parse the query: ${message}`, 0, 0)] };
  }
}

/** Parses a KQL query text into its AST; throws a KqlError (code KQL_SYNTAX) on the first error. */
export function parseQuery(text: string): QueryText {
  const { ast, errors } = parseQueryAll(text);
  if (errors.length > 0) throw errors[0]!;
  return ast!;
}
