/**
 * Every parse, bind and run error the engine reports is a KqlError: a stable code, a message that says
 * what was expected, and the position in the query text (line, column, offset, length) with a code frame.
 */

/** A half-open range of UTF-16 offsets into the query text. */
export interface Span {
  start: number;
  end: number;
}

/** Stable error codes, so callers and tests can match on the kind of failure, not the wording. */
export type KqlErrorCode =
  | "KQL_SYNTAX"
  | "KQL_UNKNOWN_TABLE"
  | "KQL_UNKNOWN_COLUMN"
  | "KQL_UNKNOWN_FUNCTION"
  | "KQL_TYPE"
  | "KQL_ARGUMENTS"
  | "KQL_UNSUPPORTED"
  | "KQL_RUNTIME"
  | "KQL_RULE"
  | "KQL_DATA"
  | "KQL_SCHEMA"
  /** A configured limit (rows, range, mv-expand, nesting) was exceeded; see docs/security.md. */
  | "KQL_LIMIT"
  /** The run took longer than `timeoutMs`. */
  | "KQL_TIMEOUT"
  /** The caller's AbortSignal was aborted. */
  | "KQL_CANCELLED";

export interface KqlErrorInit {
  code: KqlErrorCode;
  message: string;
  /** The query text the span points into; without it the error has no position. */
  source?: string;
  span?: Span;
  /** A name for the source in messages (a rule file, `<query>`). */
  sourceName?: string;
  /** The name the error is about: the column an unknown-column error did not find. */
  subject?: string;
}

export class KqlError extends Error {
  readonly code: KqlErrorCode;
  /** 1-based line of the error's start, 0 when the error has no position. */
  readonly line: number;
  /** 1-based column (UTF-16 units) of the error's start, 0 when the error has no position. */
  readonly column: number;
  readonly offset: number;
  readonly length: number;
  /** The offending source line with a caret under the error, empty when there is no position. */
  readonly codeFrame: string;
  readonly sourceName: string | undefined;
  /** The bare message, without position or frame. */
  readonly detail: string;
  /** The name the error is about, when there is one: the column an unknown-column error did not find. */
  readonly subject: string | undefined;

  constructor(init: KqlErrorInit) {
    const pos = init.source !== undefined && init.span ? locate(init.source, init.span.start) : undefined;
    const length = init.span ? Math.max(0, init.span.end - init.span.start) : 0;
    const frame = pos && init.source !== undefined ? codeFrame(init.source, pos, length) : "";
    const where = pos ? `${init.sourceName ? `${init.sourceName}:` : ""}${pos.line}:${pos.column}: ` : init.sourceName ? `${init.sourceName}: ` : "";
    super(`${where}${init.message}${frame ? `\n${frame}` : ""}`);
    this.name = "KqlError";
    this.code = init.code;
    this.detail = init.message;
    this.line = pos?.line ?? 0;
    this.column = pos?.column ?? 0;
    this.offset = init.span?.start ?? 0;
    this.length = length;
    this.codeFrame = frame;
    this.sourceName = init.sourceName;
    this.subject = init.subject;
  }

  /** The same error re-anchored in another text (a rule file whose query starts at some offset). */
  withSource(source: string, sourceName?: string, shift = 0): KqlError {
    return new KqlError({
      code: this.code,
      message: this.detail,
      source,
      span: { start: this.offset + shift, end: this.offset + shift + this.length },
      sourceName: sourceName ?? this.sourceName,
      subject: this.subject,
    });
  }
}

/** 1-based line and column of an offset, and where its line starts. */
export function locate(source: string, offset: number): { line: number; column: number; lineStart: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1, lineStart };
}

/** At most this many characters of the error's line are shown, centred on the error. */
const FRAME_WIDTH = 160;

/**
 * The source line holding the error and a caret line under it (`^~~~`). A long line (a generated query can
 * be one megabyte-long line) is cut to a window around the error, marked with `…`, so building an error
 * costs the same whatever the query's size.
 */
export function codeFrame(source: string, { line, column, lineStart }: { line: number; column: number; lineStart: number }, length: number): string {
  const nl = source.indexOf("\n", lineStart);
  let text = source.slice(lineStart, nl < 0 ? source.length : nl).replace(/\r$/, "");
  let col = column;
  if (text.length > FRAME_WIDTH) {
    const from = Math.max(0, Math.min(column - 1 - FRAME_WIDTH / 2, text.length - FRAME_WIDTH));
    const head = from > 0 ? "…" : "";
    const tail = from + FRAME_WIDTH < text.length ? "…" : "";
    text = head + text.slice(from, from + FRAME_WIDTH) + tail;
    col = column - from + head.length;
  }
  const gutter = `${line} | `;
  const width = Math.max(1, Math.min(length, text.length - col + 1));
  const caret = " ".repeat(gutter.length + col - 1) + "^" + "~".repeat(Math.max(0, width - 1));
  return `${gutter}${text}\n${caret}`;
}
