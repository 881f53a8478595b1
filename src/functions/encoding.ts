/**
 * Encoding and formatting string functions: punycode (RFC 3492, implemented here because Kusto keeps
 * case and spaces that WHATWG's domainToASCII rejects), gzip to/from base64 (node:zlib), GUIDs to/from
 * base64 (.NET byte order), format_bytes, parse_version and has_any_index.
 */
import { deflateSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import type { DynamicValue, Value } from "../runtime/values.js";
import type { ScalarFunctionDef } from "./types.js";
import { stringReader } from "./util.js";
import { bindStringOperator } from "./string-operators.js";

// ---- punycode (RFC 3492) ----

const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const MAX_INT = 0x7fffffff;

function adapt(delta: number, numPoints: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) >> 1) {
    d = Math.floor(d / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * d) / (d + SKEW));
}

function digitChar(d: number): string {
  return String.fromCharCode(d < 26 ? 97 + d : 22 + d);
}

function charDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 22;
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97;
  return BASE;
}

/** Punycode of a string (no `xn--`); basic (ASCII) characters keep their case. Null on overflow. */
export function punycodeEncode(input: string): string | null {
  const cps = Array.from(input, (ch) => ch.codePointAt(0)!);
  let out = "";
  for (const c of cps) if (c < 128) out += String.fromCharCode(c);
  const basic = out.length;
  let handled = basic;
  if (basic > 0) out += "-";
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < cps.length) {
    let m = MAX_INT;
    for (const c of cps) if (c >= n && c < m) m = c;
    if (m - n > Math.floor((MAX_INT - delta) / (handled + 1))) return null;
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of cps) {
      if (c < n && ++delta > MAX_INT) return null;
      if (c === n) {
        let q = delta;
        for (let k = BASE; ; k += BASE) {
          const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
          if (q < t) break;
          out += digitChar(t + ((q - t) % (BASE - t)));
          q = Math.floor((q - t) / (BASE - t));
        }
        out += digitChar(q);
        bias = adapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return out;
}

/** Decodes punycode (no `xn--`); null when the text is not valid punycode. */
export function punycodeDecode(input: string): string | null {
  const out: number[] = [];
  let b = input.lastIndexOf("-");
  if (b < 0) b = 0;
  for (let j = 0; j < b; j++) {
    const c = input.charCodeAt(j);
    if (c >= 128) return null;
    out.push(c);
  }
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  for (let pos = b > 0 ? b + 1 : 0; pos < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return null;
      const digit = charDigit(input.charCodeAt(pos++));
      if (digit >= BASE || digit > Math.floor((MAX_INT - i) / w)) return null;
      i += digit * w;
      const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
      if (digit < t) break;
      if (w > Math.floor(MAX_INT / (BASE - t))) return null;
      w *= BASE - t;
    }
    const len = out.length + 1;
    bias = adapt(i - oldi, len, oldi === 0);
    if (Math.floor(i / len) > MAX_INT - n) return null;
    n += Math.floor(i / len);
    i %= len;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    out.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...out);
}

/** Domain labels split on `.` and the ideographic/full-width/half-width full stops IDNA treats as dots. */
function labels(domain: string): string[] {
  let t = domain;
  for (const dot of ["\u3002", "\uff0e", "\uff61"]) t = t.split(dot).join(".");
  return t.split(".");
}

function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 128) return false;
  return true;
}

export function punycodeDomainEncode(domain: string): string {
  const out: string[] = [];
  for (const label of labels(domain)) {
    if (isAsciiText(label)) out.push(label);
    else {
      const e = punycodeEncode(label);
      if (e === null) return "";
      out.push(`xn--${e}`);
    }
  }
  return out.join(".");
}

export function punycodeDomainDecode(domain: string): string {
  const out: string[] = [];
  for (const label of domain.split(".")) {
    if (!isAsciiText(label)) return "";
    if (label.slice(0, 4).toLowerCase() === "xn--") {
      const d = punycodeDecode(label.slice(4));
      if (d === null) return "";
      out.push(d);
    } else out.push(label);
  }
  return out.join(".");
}

// ---- GUIDs (.NET byte order: the first three groups little-endian) ----

export function guidFromBytes(b: Uint8Array): string {
  const h = (i: number) => b[i]!.toString(16).padStart(2, "0");
  const order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
  return order.map((i) => (i < 0 ? "-" : h(i))).join("");
}

export function guidToBytes(guid: string): Buffer | null {
  const hex = guid.split("-").join("");
  if (hex.length !== 32) return null;
  const raw = Buffer.from(hex, "hex");
  if (raw.length !== 16) return null;
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Buffer.from(order.map((i) => raw[i]!));
}

// ---- format_bytes ----

const BYTE_UNITS = ["Bytes", "KB", "MB", "GB", "TB", "PB", "EB"];

export function formatBytes(size: number, precision: number, units: string): string {
  if (!Number.isFinite(size) || precision < 0 || precision > 15) return "";
  let unit: number;
  if (units === "") {
    unit = 0;
    let v = Math.abs(size);
    while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
  } else {
    unit = BYTE_UNITS.findIndex((u) => u.toLowerCase() === units.toLowerCase());
    if (unit < 0) return "";
  }
  const value = size / 1024 ** unit;
  const rounded = Number(value.toFixed(precision));
  return `${Object.is(rounded, -0) ? 0 : rounded} ${BYTE_UNITS[unit]}`;
}

// ---- parse_version ----

/** One to four dot-separated parts of up to 8 digits each, as one comparable number; null when invalid. */
export function parseVersion(text: string): number | null {
  const parts = text.trim().split(".");
  if (parts.length < 1 || parts.length > 4) return null;
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    let n = 0;
    if (p !== undefined) {
      if (p.length === 0 || p.length > 8) return null;
      for (let k = 0; k < p.length; k++) {
        const c = p.charCodeAt(k);
        if (c < 48 || c > 57) return null;
      }
      n = Number(p);
    }
    value = value * 1e8 + n;
  }
  return value;
}

function fn(name: string, description: string, params: ScalarFunctionDef["params"], returns: ScalarFunctionDef["returns"], bind: ScalarFunctionDef["bind"]): ScalarFunctionDef {
  return { name, category: "string", description, params, returns, resultNaming: "none", bind };
}

function textFn(name: string, description: string, returns: ScalarFunctionDef["returns"], f: (s: string) => Value): ScalarFunctionDef {
  return fn(name, description, [{ name: "input", kind: "string" }], returns, (args) => {
    const read = stringReader(args[0]);
    return (a) => f(read(a[0] as Value));
  });
}

export const ENCODING_FUNCTIONS: ScalarFunctionDef[] = [
  textFn("punycode_from_string", "Encodes a string to punycode (without the `xn--` prefix); empty when encoding fails.", "string", (s) => punycodeEncode(s) ?? ""),
  textFn("punycode_to_string", "Decodes a punycode string (without the `xn--` prefix); empty when decoding fails.", "string", (s) => punycodeDecode(s) ?? ""),
  textFn(
    "punycode_domain_to_string",
    "Encodes a domain name to IDNA punycode form: non-ASCII labels become `xn--` labels (case and other characters kept); empty when encoding fails.",
    "string",
    punycodeDomainEncode,
  ),
  textFn("punycode_domain_from_string", "Decodes the `xn--` labels of an IDNA domain name; empty when decoding fails.", "string", punycodeDomainDecode),
  textFn("gzip_compress_to_base64_string", "Gzip-compresses the text's UTF-8 bytes and encodes them as base64 (empty input gives empty output).", "string", (s) => {
    if (s.length === 0) return "";
    const z = gzipSync(Buffer.from(s, "utf8"));
    z[9] = 0xff; // OS "unknown", as .NET writes it
    return z.toString("base64");
  }),
  textFn(
    "gzip_decompress_from_base64_string",
    "Decodes base64 and gunzips it to UTF-8 text; empty when the input is not base64 gzip data with the mandatory header (ID1, ID2, CM) and FLG 0.",
    "string",
    (s) => {
      const b = Buffer.from(s, "base64");
      if (b.length < 18 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8 || b[3] !== 0) return "";
      try {
        return gunzipSync(b).toString("utf8");
      } catch {
        return "";
      }
    },
  ),
  textFn("zlib_compress_to_base64_string", "Zlib-compresses (window size 15) the text's UTF-8 bytes and encodes them as base64 (empty input gives empty output).", "string", (s) =>
    s.length === 0 ? "" : deflateSync(Buffer.from(s, "utf8")).toString("base64"),
  ),
  textFn("zlib_decompress_from_base64_string", "Decodes base64 and inflates zlib data (window size 15) to UTF-8 text; empty when decoding or decompression fails.", "string", (s) => {
    const b = Buffer.from(s, "base64");
    if (b.length < 2) return "";
    try {
      return inflateSync(b, { windowBits: 15 }).toString("utf8");
    } catch {
      return "";
    }
  }),
  textFn("base64_decode_toguid", "Decodes 16 base64-encoded bytes to a GUID (.NET byte order); null when the input is not 16 valid bytes.", "guid", (s) => {
    const t = s.trim();
    if (t.length !== 24 || !t.endsWith("==")) return null;
    for (let i = 0; i < 22; i++) {
      const c = t.charCodeAt(i);
      if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47)) return null;
    }
    const b = Buffer.from(t, "base64");
    return b.length === 16 ? guidFromBytes(b) : null;
  }),
  fn("base64_encode_fromguid", "Encodes a GUID's 16 bytes (.NET byte order) as base64; empty for null.", [{ name: "guid", kind: "guid" }], "string", () => (a) => {
    const g = a[0];
    if (typeof g !== "string") return "";
    return guidToBytes(g)?.toString("base64") ?? "";
  }),
  fn(
    "format_bytes",
    "Formats a number of bytes as a data size (`564 Bytes`, `19.08 MB`), rounded to a precision (default 0), in the given unit (Bytes, KB, ... EB; 1024-based) or the largest that keeps the value at least 1.",
    [
      { name: "size", kind: "real" },
      { name: "precision", kind: "long", optional: true },
      { name: "units", kind: "string", optional: true },
    ],
    "string",
    (args) => {
      const readUnits = stringReader(args[2]);
      const n = args.length;
      return (a) => {
        const size = a[0];
        const precision = n > 1 ? a[1] : 0;
        if (typeof size !== "number" || typeof precision !== "number") return "";
        return formatBytes(size, precision, n > 2 ? readUnits(a[2] as Value) : "");
      };
    },
  ),
  textFn(
    "parse_version",
    "Converts a version of one to four dot-separated parts (up to 8 digits each; missing parts are trailing zeros) to a comparable decimal; null when invalid.",
    "decimal",
    parseVersion,
  ),
  fn(
    "has_any_index",
    "The index of the first element of an array found in the text by `has` (case-insensitive whole terms); -1 when none is.",
    [
      { name: "source", kind: "string" },
      { name: "values", kind: "dynamic" },
    ],
    "long",
    (args) => {
      const read = stringReader(args[0]);
      const has = bindStringOperator("has");
      return (a) => {
        const list = a[1];
        if (!Array.isArray(list)) return null;
        const text = read(a[0] as Value);
        for (let i = 0; i < list.length; i++) {
          const v = (list as DynamicValue[])[i];
          if (v === null || typeof v === "object") continue;
          if (has(text, String(v))) return i;
        }
        return -1;
      };
    },
  ),
];
