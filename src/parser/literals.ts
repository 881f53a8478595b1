/** Decoding of literal token text into the runtime representations the AST carries. */
import { scalarTypeFromName, type ScalarType } from "../types.js";
import { formatDateTime, formatTimespan, parseDateTime, parseGuid, parseTimespan, timespanFromUnit } from "../runtime/values.js";

/** Thrown by the decoders; the parser turns it into a KqlError at the token's span. */
export class LiteralError extends Error {}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
  "\\": "\\",
  '"': '"',
  "'": "'",
  "/": "/",
  b: "\b",
  f: "\f",
  v: "\v",
  a: "\x07",
};

function decodeEscapes(body: string): string {
  if (body.indexOf("\\") < 0) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\" || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[++i]!;
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
    } else if (n === "u" && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (n === "U" && /^[0-9a-fA-F]{8}$/.test(body.slice(i + 1, i + 9))) {
      const cp = parseInt(body.slice(i + 1, i + 9), 16);
      if (cp > 0x10ffff) throw new LiteralError(`invalid escape '\\U${body.slice(i + 1, i + 9)}' in string literal`);
      out += String.fromCodePoint(cp);
      i += 8;
    } else if (n === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      // Kusto keeps unknown escapes; regex text such as "\d" reaches the engine unchanged.
      out += "\\" + n;
    }
  }
  return out;
}

/** The value of one string token: `"a\tb"`, `'x'`, `@"c:\p"`, `h"secret"`, ```` ```text``` ````. */
export function decodeStringToken(image: string): string {
  let text = image;
  if (text.startsWith("```")) return text.slice(3, -3);
  if (text[0] === "h" || text[0] === "H") text = text.slice(1);
  if (text[0] === "@") {
    const q = text[1]!;
    return text.slice(2, -1).split(q + q).join(q);
  }
  return decodeEscapes(text.slice(1, -1));
}

export interface LiteralValue {
  type: ScalarType;
  value: unknown;
}

/** `123`, `0x1F` -> long. */
export function decodeInteger(image: string): LiteralValue {
  const value = image.startsWith("0x") || image.startsWith("0X") ? parseInt(image.slice(2), 16) : Number(image);
  return { type: "long", value };
}

export function decodeReal(image: string): LiteralValue {
  return { type: "real", value: Number(image) };
}

/** `1.5d`, `10ms`, `1tick`. */
export function decodeTimespanToken(image: string): LiteralValue {
  const m = /^(\d+(?:\.\d+)?|\.\d+)([a-z]+)$/i.exec(image);
  const ticks = m ? timespanFromUnit(Number(m[1]), m[2]!) : undefined;
  if (ticks === undefined) throw new LiteralError(`invalid timespan literal '${image}'`);
  return { type: "timespan", value: ticks };
}

function unquoteArg(raw: string): string {
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) return decodeEscapes(raw.slice(1, -1));
  return raw;
}

function parseRealText(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t === "nan") return NaN;
  if (t === "inf" || t === "+inf") return Infinity;
  if (t === "-inf") return -Infinity;
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/.test(t)) return Number(t);
  return undefined;
}

const PAD2 = (n: string): string => n.padStart(2, "0");

/**
 * Forms Kusto's datetime literal accepts beyond todatetime()'s text formats (its literal parser is
 * .NET's, which reads more): comma-separated parts `datetime(2025, 6, 14[, 13, 30[, 5]])` and a
 * US-style dashed date `datetime("01-31-2022")` (month first, as `01/31/2022` is). Null when neither.
 */
function parseLiteralOnlyDateTime(text: string): bigint | null {
  const t = text.trim();
  const parts = /^(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})(?:\s*,\s*(\d{1,2}))?)?$/.exec(t);
  if (parts) {
    const [, y, mo, d, h, mi, sec] = parts;
    return parseDateTime(`${y}-${PAD2(mo!)}-${PAD2(d!)}T${PAD2(h ?? "0")}:${PAD2(mi ?? "0")}:${PAD2(sec ?? "0")}Z`);
  }
  const dashed = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(t);
  if (dashed) return parseDateTime(`${dashed[1]}/${dashed[2]}/${dashed[3]}`);
  return null;
}

/** `datetime(...)`, `time(...)`, `guid(...)`, `int(5)`, `real(+inf)`, `bool(true)`, any of them with `null`. */
export function decodeTypedLiteral(image: string): LiteralValue {
  const open = image.indexOf("(");
  const ctor = image.slice(0, open).trim();
  const raw = image.slice(open + 1, image.lastIndexOf(")")).trim();
  const type = scalarTypeFromName(ctor);
  if (!type) throw new LiteralError(`unknown literal type '${ctor}'`);
  if (raw === "null") return { type, value: null };
  const text = unquoteArg(raw);
  const bad = (): never => {
    throw new LiteralError(`invalid ${type} literal '${raw}'`);
  };
  switch (type) {
    case "datetime": {
      const v = parseDateTime(text) ?? parseLiteralOnlyDateTime(text);
      return v === null ? bad() : { type, value: v };
    }
    case "timespan": {
      if (/^[+-]?\d+(?:\.\d+)?$/.test(text.trim())) {
        // A bare number in time(...) counts days.
        return { type, value: timespanFromUnit(Number(text), "d")! };
      }
      const v = parseTimespan(text);
      return v === null ? bad() : { type, value: v };
    }
    case "guid": {
      const v = parseGuid(text);
      return v === null ? bad() : { type, value: v };
    }
    case "int":
    case "long": {
      const t = text.trim();
      if (/^[+-]?\d+$/.test(t)) return { type, value: Number(t) };
      if (/^0x[0-9a-f]+$/i.test(t)) return { type, value: parseInt(t.slice(2), 16) };
      return bad();
    }
    case "real":
    case "decimal": {
      const v = parseRealText(text);
      return v === undefined ? bad() : { type, value: v };
    }
    case "bool": {
      const t = text.trim().toLowerCase();
      if (t === "true" || t === "1") return { type, value: true };
      if (t === "false" || t === "0") return { type, value: false };
      return bad();
    }
    default:
      return bad();
  }
}

/** A literal inside `dynamic(...)`: datetimes and timespans are kept as their text. */
export function typedLiteralToDynamic(image: string): unknown {
  const { type, value } = decodeTypedLiteral(image);
  if (value === null) return null;
  if (type === "datetime") return formatDateTime(value as bigint);
  if (type === "timespan") return formatTimespan(value as bigint);
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}
