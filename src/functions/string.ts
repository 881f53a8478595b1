/** String functions: strcat, strlen, substring, extract, split, replace_*, trim*, url/base64/hash, parse_url, ... */
import { createHash, randomUUID } from "node:crypto";
import { firstMatchGroups, groupText, re2, type RE2JS } from "./re2.js";
import { scalarTypeFromName, type ScalarType } from "../types.js";
import { newBag, parseDateTime, parseJsonDynamic, parseGuid, parseTimespan, type DynamicValue, type Value } from "../runtime/values.js";
import type { ArgInfo, ScalarFunctionDef } from "./types.js";
import { argError, compileRegex, constantOf, constantString, hasSurrogates, regexArg, stringReader } from "./util.js";
import { parseRealText, toBool, toLong } from "./conversion.js";
import { remembering } from "./remembering.js";

function strArgs(args: readonly ArgInfo[]): Array<(v: Value) => string> {
  return args.map((a) => stringReader(a));
}

/** A function of string arguments returning a value; non-string arguments read as their tostring() text. */
function stringFn(
  name: string,
  description: string,
  params: ScalarFunctionDef["params"],
  returns: ScalarFunctionDef["returns"],
  fn: (s: string[], raw: readonly Value[]) => Value,
  extra: Partial<ScalarFunctionDef> = {},
): ScalarFunctionDef {
  return {
    name,
    category: "string",
    description,
    params,
    returns,
    resultNaming: "none",
    bind: (args) => {
      const readers = strArgs(args);
      const n = args.length;
      const buf: string[] = new Array<string>(n);
      return (a) => {
        for (let i = 0; i < n; i++) buf[i] = readers[i]!(a[i] as Value);
        return fn(buf, a as Value[]);
      };
    },
    ...extra,
  };
}

/** Code-point-aware slicing (strlen counts code points, so substring does too). */
function substringCp(s: string, start: number, length: number | undefined): string {
  const cps = hasSurrogates(s) ? Array.from(s) : null;
  const len = cps ? cps.length : s.length;
  let st = Math.trunc(start);
  if (st < 0) st = Math.max(0, len + st);
  if (st >= len) return "";
  let end = len;
  if (length !== undefined) {
    if (length < 0) return "";
    end = Math.min(len, st + Math.trunc(length));
  }
  return cps ? cps.slice(st, end).join("") : s.slice(st, end);
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** Applies a Kusto rewrite pattern (`\0`...`\9` are groups) to one match. */
function rewrite(pattern: string, group: (i: number) => string | null): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length) {
      const d = pattern.charCodeAt(i + 1) - 48;
      if (d >= 0 && d <= 9) {
        out += group(d) ?? "";
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

export function replaceRegex(source: string, re: RE2JS, pattern: string): string {
  const m = re.matcher(source);
  let out = "";
  let last = 0;
  let pos = 0;
  while (pos <= source.length && m.find(pos)) {
    const s = m.start();
    const e = m.end();
    out += source.slice(last, s) + rewrite(pattern, (i) => (i <= m.groupCount() ? m.group(i) : ""));
    last = e;
    pos = e === s ? e + 1 : e;
  }
  return out + source.slice(last);
}

/** Converts extracted text to a requested type (the `typeof(T)` argument of extract/extract_json). */
function convertText(text: string | null, type: ScalarType): Value {
  if (type === "string") return text ?? "";
  if (text === null) return null;
  switch (type) {
    case "int":
    case "long":
      return toLong(text, "string");
    case "real":
    case "decimal":
      return parseRealText(text);
    case "bool":
      return toBool(text, "string");
    case "datetime":
      return parseDateTime(text);
    case "timespan":
      return parseTimespan(text);
    case "guid":
      return parseGuid(text);
    case "dynamic":
      return parseJsonDynamic(text, text);
  }
}

/** The type named by an optional `typeof(T)` argument (the binder passes it as a constant type-name string). */
function typeArg(arg: ArgInfo | undefined): ScalarType {
  if (!arg) return "string";
  const v = constantOf(arg);
  if (typeof v !== "string") return "string";
  const name = v.startsWith("typeof(") && v.endsWith(")") ? v.slice(7, -1) : v;
  return scalarTypeFromName(name) ?? "string";
}

function trimmer(kind: "start" | "end" | "both"): ScalarFunctionDef {
  const name = kind === "both" ? "trim" : `trim_${kind}`;
  return {
    name,
    category: "string",
    description: `Removes ${kind === "both" ? "leading and trailing" : kind === "start" ? "leading" : "trailing"} matches of a regular expression.`,
    params: [
      { name: "regex", kind: "string", constant: true },
      { name: "source", kind: "any" },
    ],
    returns: "string",
    resultNaming: "none",
    bind: (args) => {
      const readS = stringReader(args[1]);
      const build = (p: string) => ({ start: compileRegex(`^(?:${p})+`), end: compileRegex(`(?:${p})+$`) });
      const c = constantString(args[0]);
      const fixed = c === undefined ? undefined : build(c);
      const readP = stringReader(args[0]);
      return (a) => {
        let s = readS(a[1] as Value);
        let res: { start: RE2JS; end: RE2JS };
        try {
          res = fixed ?? build(readP(a[0] as Value));
        } catch {
          return s;
        }
        if (kind !== "end") {
          const m = res.start.matcher(s);
          if (m.find()) s = s.slice(m.end());
        }
        if (kind !== "start") {
          const m = res.end.matcher(s);
          if (m.find()) s = s.slice(0, m.start());
        }
        return s;
      };
    },
  };
}

/**
 * url_encode / url_encode_component: .NET's HttpUtility.UrlEncode, which the reference's lower-case hex
 * (`%3a`) points to: letters, digits and `-_.!*()` stay, every other character is its UTF-8 bytes as
 * lower-case `%xx`. url_encode writes a space as `+` (form encoding), url_encode_component as `%20`.
 */
const URL_SAFE = new Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!*()");

function urlEncode(s: string, space: string): string {
  let out = "";
  for (const ch of s) {
    if (URL_SAFE.has(ch)) out += ch;
    else if (ch === " ") out += space;
    else for (const b of Buffer.from(ch, "utf8")) out += `%${b.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** url_decode: %XX sequences as UTF-8 (malformed ones kept as text) and `+` as a space. */
export function urlDecode(s: string): string {
  const bytes: number[] = [];
  let out = "";
  const flush = () => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString("utf8");
      bytes.length = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === "%" && i + 2 < s.length + 0 && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    flush();
    out += ch === "+" ? " " : ch;
  }
  flush();
  return out;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function base64Bytes(s: string): Buffer | null {
  const t = s.trim();
  let clean = "";
  for (const ch of t) {
    const c = ch.charCodeAt(0);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || ch === "+" || ch === "/" || ch === "=" || ch === "-" || ch === "_";
    if (!ok) return null;
    clean += ch;
  }
  // Like .NET's Convert.FromBase64String, a length that is not a multiple of 4 (missing padding) is invalid.
  if (clean.length % 4 !== 0) return null;
  return Buffer.from(clean, "base64");
}

function queryParams(query: string): { [k: string]: DynamicValue } {
  const bag = newBag();
  if (query.length === 0) return bag;
  for (const part of query.split("&")) {
    if (part.length === 0) continue;
    const eq = part.indexOf("=");
    const k = urlDecode(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? "" : urlDecode(part.slice(eq + 1));
    bag[k] = v;
  }
  return bag;
}

let urlRe: RE2JS | undefined;

export function parseUrl(url: string): DynamicValue {
  urlRe ??= re2().compile("^([A-Za-z][A-Za-z0-9+.-]*)://(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\\[[^\\]]*\\]|[^:/?#]*)(?::([0-9]*))?([^?#]*)(?:\\?([^#]*))?(?:#(.*))?$");
  const bag = newBag();
  const text = url.trim();
  // The pattern is anchored at both ends, so its first match is the whole text or nothing.
  const groups = firstMatchGroups(urlRe, text);
  if (!groups) {
    for (const k of ["Scheme", "Host", "Port", "Path", "Username", "Password"]) bag[k] = "";
    bag["Query Parameters"] = newBag();
    bag["Fragment"] = "";
    return bag;
  }
  const group = (g: number): string => groupText(text, groups, g) ?? "";
  bag["Scheme"] = group(1);
  bag["Host"] = group(4);
  bag["Port"] = group(5);
  bag["Path"] = group(6);
  bag["Username"] = group(2);
  bag["Password"] = group(3);
  bag["Query Parameters"] = queryParams(group(7));
  bag["Fragment"] = group(8);
  return bag;
}

/** Windows command-line splitting (CommandLineToArgvW rules: quotes, and backslashes before quotes). */
export function parseWindowsCommandLine(cmd: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = cmd.length;
  let first = true;
  while (i < n) {
    while (i < n && (cmd[i] === " " || cmd[i] === "\t")) i++;
    if (i >= n) break;
    let arg = "";
    let quoted = false;
    if (first) {
      // The program name: everything up to the next space, or inside quotes; no backslash rules.
      if (cmd[i] === '"') {
        i++;
        while (i < n && cmd[i] !== '"') arg += cmd[i++];
        i++;
      } else {
        while (i < n && cmd[i] !== " " && cmd[i] !== "\t") arg += cmd[i++];
      }
      out.push(arg);
      first = false;
      continue;
    }
    while (i < n) {
      const ch = cmd[i]!;
      if ((ch === " " || ch === "\t") && !quoted) break;
      if (ch === "\\") {
        let k = i;
        while (k < n && cmd[k] === "\\") k++;
        const count = k - i;
        if (k < n && cmd[k] === '"') {
          arg += "\\".repeat(Math.floor(count / 2));
          if (count % 2 === 1) {
            arg += '"';
            i = k + 1;
          } else i = k;
        } else {
          arg += "\\".repeat(count);
          i = k;
        }
        continue;
      }
      if (ch === '"') {
        if (quoted && cmd[i + 1] === '"') {
          arg += '"';
          i += 2;
          continue;
        }
        quoted = !quoted;
        i++;
        continue;
      }
      arg += ch;
      i++;
    }
    out.push(arg);
  }
  return out;
}

export function parsePath(path: string): DynamicValue {
  const bag = newBag();
  let scheme = "";
  let rest = path;
  const sch = path.indexOf("://");
  if (sch > 0) {
    scheme = path.slice(0, sch);
    rest = path.slice(sch + 3);
  }
  let ads = "";
  const lastSep = Math.max(rest.lastIndexOf("\\"), rest.lastIndexOf("/"));
  let filename = rest.slice(lastSep + 1);
  const colon = filename.indexOf(":");
  if (colon >= 0 && !(lastSep < 0 && colon === 1)) {
    ads = filename.slice(colon + 1);
    filename = filename.slice(0, colon);
  }
  const dir = lastSep >= 0 ? rest.slice(0, lastSep) : "";
  let root = "";
  if (/* drive */ rest.length >= 2 && rest[1] === ":") root = rest.slice(0, 2);
  else if (rest.startsWith("\\\\")) {
    // UNC (\\server\share\...) and rooted paths without a drive (/usr/...) have no root path, as the reference's example shows.
    root = "";
  } else if (rest.startsWith("/") || rest.startsWith("\\")) root = "";
  else if (scheme) {
    let end = -1;
    for (let k = 0; k < rest.length; k++) {
      if (rest[k] === "/" || rest[k] === "\\") {
        end = k;
        break;
      }
    }
    root = end < 0 ? rest : rest.slice(0, end);
  }
  const dirName = dir.slice(Math.max(dir.lastIndexOf("\\"), dir.lastIndexOf("/")) + 1);
  const dot = filename.lastIndexOf(".");
  bag["Scheme"] = scheme;
  bag["RootPath"] = root;
  bag["DirectoryPath"] = dir;
  bag["DirectoryName"] = dirName;
  bag["Filename"] = filename;
  bag["Extension"] = dot >= 0 ? filename.slice(dot + 1) : "";
  bag["AlternateDataStreamName"] = ads;
  return bag;
}

/** The first record of a CSV text, as strings (RFC 4180 quoting). */
export function parseCsvRecord(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  let field = "";
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") break;
    else field += ch;
    i++;
  }
  out.push(field);
  return out;
}

function hashFn(name: string, algorithm: string): ScalarFunctionDef {
  return {
    name,
    category: "string",
    description: `The ${algorithm.toUpperCase()} hash of the value's text (UTF-8), as lower-case hex.`,
    params: [{ name: "source", kind: "any" }],
    returns: "string",
    resultNaming: "none",
    bind: (args) => {
      const read = stringReader(args[0]);
      const isNullable = args[0]!.type !== "string";
      return (a) => {
        if (isNullable && (a[0] === null || a[0] === undefined)) return "";
        return createHash(algorithm).update(read(a[0] as Value), "utf8").digest("hex");
      };
    },
  };
}

function indexOfFn(regex: boolean): ScalarFunctionDef {
  return {
    name: regex ? "indexof_regex" : "indexof",
    category: "string",
    description: regex
      ? "The zero-based index of the n-th match of a regex in the text (-1 when none), searching from start over length characters; null for a negative start."
      : "The zero-based index of the n-th occurrence of a string in the text (-1 when none), searching from start over length characters.",
    params: [
      { name: "string", kind: "any" },
      { name: "match", kind: "any", constant: regex },
      { name: "start", kind: "integer", optional: true },
      { name: "length", kind: "integer", optional: true },
      { name: "occurrence", kind: "integer", optional: true },
    ],
    returns: "long",
    resultNaming: "none",
    bind: (args) => {
      const readS = stringReader(args[0]);
      const readM = stringReader(args[1]);
      const re = regex ? regexArg(args[1]) : undefined;
      const n = args.length;
      return (a) => {
        const s = readS(a[0] as Value);
        let start = n > 2 ? a[2] : 0;
        const length = n > 3 ? a[3] : -1;
        const occurrence = n > 4 ? a[4] : 1;
        if (typeof start !== "number" || typeof length !== "number" || typeof occurrence !== "number") return null;
        // indexof offsets a negative start from the end; indexof_regex's reference gives null for it.
        if (start < 0) {
          if (regex) return null;
          start = Math.max(0, s.length + start);
        }
        if (start > s.length) return -1;
        if (length < -1 || occurrence <= 0) return null;
        const end = length === -1 ? s.length : Math.min(s.length, start + length);
        if (regex) {
          const r = re!(a[1] as Value);
          if (!r) return null;
          const m = r.matcher(s.slice(0, end));
          let pos = start;
          for (let k = 0; k < occurrence; k++) {
            if (pos > end || !m.find(pos)) return -1;
            if (k === occurrence - 1) return m.start();
            pos = m.end() === m.start() ? m.end() + 1 : m.end();
          }
          return -1;
        }
        const needle = readM(a[1] as Value);
        let pos = start;
        for (let k = 0; k < occurrence; k++) {
          const i = s.indexOf(needle, pos);
          if (i < 0 || i + needle.length > end) return -1;
          if (k === occurrence - 1) return i;
          pos = i + 1;
        }
        return -1;
      };
    },
  };
}

export const STRING_FUNCTIONS: ScalarFunctionDef[] = [
  stringFn("strcat", "Concatenates the arguments' text.", [{ name: "arg", kind: "any", variadic: true }], "string", (s) => s.join("")),
  stringFn(
    "strcat_delim",
    "Concatenates the arguments' text with a delimiter between them.",
    [
      { name: "delimiter", kind: "any" },
      { name: "arg", kind: "any" },
      { name: "args", kind: "any", variadic: true },
    ],
    "string",
    (s) => s.slice(1).join(s[0]),
  ),
  {
    ...stringFn("strlen", "The length of the text in Unicode code points.", [{ name: "source", kind: "stringlike" }], "long", (s) => {
      const t = s[0]!;
      if (!hasSurrogates(t)) return t.length;
      let n = 0;
      for (const _ of t) n++;
      return n;
    }),
    resultNaming: "prefixAndFirstArg",
  },
  { ...stringFn("string_size", "The size of the text in UTF-8 bytes.", [{ name: "source", kind: "stringlike" }], "long", (s) => utf8Length(s[0]!)), resultNaming: "prefixAndFirstArg" },
  stringFn("tolower", "Converts the text to lower case.", [{ name: "value", kind: "any" }], "string", (s) => s[0]!.toLowerCase()),
  stringFn("toupper", "Converts the text to upper case.", [{ name: "value", kind: "any" }], "string", (s) => s[0]!.toUpperCase()),
  {
    name: "substring",
    category: "string",
    description: "A substring from a zero-based start (a negative start counts from the end), optionally of a given length, in code points.",
    params: [
      { name: "source", kind: "any" },
      { name: "startingIndex", kind: "integer" },
      { name: "length", kind: "integer", optional: true },
    ],
    returns: "string",
    resultNaming: "none",
    bind: (args) => {
      const read = stringReader(args[0]);
      const hasLen = args.length > 2;
      return (a) => {
        const st = a[1];
        if (typeof st !== "number") return "";
        const len = hasLen ? a[2] : undefined;
        if (hasLen && typeof len !== "number") return "";
        return substringCp(read(a[0] as Value), st, len as number | undefined);
      };
    },
  },
  {
    name: "extract",
    category: "string",
    description: "The text of a capture group (0 is the whole match) of the first regex match, or empty; an optional typeof(T) converts it.",
    params: [
      { name: "regex", kind: "string", constant: true },
      { name: "captureGroup", kind: "integer" },
      { name: "source", kind: "any" },
      { name: "typeLiteral", kind: "string", optional: true, constant: true },
    ],
    returns: (args) => typeArg(args[3]),
    resultNaming: "none",
    bind: (args) => {
      const re = regexArg(args[0]);
      const read = stringReader(args[2]);
      const type = typeArg(args[3]);
      // A constant regex (a query's always is: the parameter must be constant) has its match remembered per
      // text, as the string predicates do: a column of few values is matched once per value.
      const constant = constantOf(args[0]) !== undefined ? re(null) : null;
      const matchOf = constant ? remembering((text) => firstMatchGroups(constant, text) ?? null) : undefined;
      return (a) => {
        const r = re(a[0] as Value);
        const g = a[1];
        if (!r || typeof g !== "number") return convertText(null, type);
        if (!Number.isInteger(g) || g < 0 || g > r.groupCount()) return convertText(null, type);
        const text = read(a[2] as Value);
        const groups = matchOf ? matchOf(text) : firstMatchGroups(r, text);
        return convertText(groups ? groupText(text, groups, g) : null, type);
      };
    },
  },
  {
    name: "extract_all",
    category: "string",
    description: "All matches of a regex as a dynamic array: the capture group's text (one group), arrays of groups (several), or whole matches (none); null when nothing matches.",
    params: [
      { name: "regex", kind: "string", constant: true },
      { name: "source", kind: "any" },
      { name: "source2", kind: "any", optional: true },
    ],
    returns: "dynamic",
    resultNaming: "none",
    bind: (args) => {
      const re = regexArg(args[0]);
      const withGroups = args.length > 2;
      const read = stringReader(args[withGroups ? 2 : 1]);
      return (a) => {
        const r = re(a[0] as Value);
        if (!r) return null;
        let groups: number[] | null = null;
        if (withGroups) {
          const g = a[1];
          if (!Array.isArray(g)) return null;
          groups = [];
          for (const x of g) {
            if (typeof x === "number") groups.push(x);
            else if (typeof x === "string") {
              const idx = r.namedGroups()[x];
              if (idx === undefined) return null;
              groups.push(idx);
            }
          }
        }
        const s = read(a[withGroups ? 2 : 1] as Value);
        const count = r.groupCount();
        // The groups asked for, or every capture group (the whole match when there is none).
        const wanted = groups ?? (count === 0 ? [0] : Array.from({ length: count }, (_, g) => g + 1));
        const out: DynamicValue[] = [];
        let pos = 0;
        let match: readonly number[] | undefined;
        while (pos <= s.length && (match = firstMatchGroups(r, s, pos))) {
          const found = match;
          const vals = wanted.map((g) => (g >= 0 && g <= count ? groupText(s, found, g) : null));
          out.push(groups || vals.length > 1 ? vals.map((v) => v ?? "") : (vals[0] ?? ""));
          pos = found[1] === found[0] ? found[1]! + 1 : found[1]!;
        }
        return out.length ? out : null;
      };
    },
  },
  {
    name: "split",
    category: "string",
    description: "Splits the text on a delimiter into a dynamic array of strings; with an index, an array holding just that element.",
    params: [
      { name: "source", kind: "any" },
      { name: "delimiter", kind: "string" },
      { name: "requestedIndex", kind: "integer", optional: true },
    ],
    returns: "dynamic",
    resultNaming: "firstArg",
    bind: (args) => {
      const read = stringReader(args[0]);
      const readD = stringReader(args[1]);
      const hasIndex = args.length > 2;
      return (a) => {
        const s = read(a[0] as Value);
        const d = readD(a[1] as Value);
        const parts = d.length === 0 ? [s] : s.split(d);
        if (!hasIndex) return parts;
        const i = a[2];
        if (typeof i !== "number") return null;
        return i >= 0 && i < parts.length ? [parts[i]!] : [];
      };
    },
  },
  {
    name: "replace_regex",
    category: "string",
    description: "Replaces every regex match with a rewrite pattern (`\\0` whole match, `\\1`... groups).",
    params: [
      { name: "source", kind: "any" },
      { name: "lookup_regex", kind: "string", constant: true },
      { name: "rewrite_pattern", kind: "string", constant: true },
    ],
    returns: "string",
    resultNaming: "none",
    bind: (args) => {
      const read = stringReader(args[0]);
      const re = regexArg(args[1]);
      const readW = stringReader(args[2]);
      return (a) => {
        const r = re(a[1] as Value);
        const s = read(a[0] as Value);
        return r ? replaceRegex(s, r, readW(a[2] as Value)) : s;
      };
    },
  },
  {
    name: "replace",
    category: "string",
    description: "Deprecated form of replace_regex with the arguments (regex, rewrite, source).",
    params: [
      { name: "regex", kind: "string", constant: true },
      { name: "rewrite", kind: "string", constant: true },
      { name: "source", kind: "any" },
    ],
    returns: "string",
    resultNaming: "none",
    bind: (args) => {
      const read = stringReader(args[2]);
      const re = regexArg(args[0]);
      const readW = stringReader(args[1]);
      return (a) => {
        const r = re(a[0] as Value);
        const s = read(a[2] as Value);
        return r ? replaceRegex(s, r, readW(a[1] as Value)) : s;
      };
    },
  },
  stringFn(
    "replace_string",
    "Replaces every occurrence of a string with another (no regex).",
    [
      { name: "text", kind: "any" },
      { name: "lookup", kind: "any" },
      { name: "rewrite", kind: "any" },
    ],
    "string",
    (s) => (s[1]!.length === 0 ? s[0]! : s[0]!.split(s[1]!).join(s[2]!)),
  ),
  trimmer("both"),
  trimmer("start"),
  trimmer("end"),
  {
    name: "countof",
    category: "string",
    description: "The number of occurrences of a string (overlapping, kind \"normal\") or of regex matches (kind \"regex\") in the text.",
    params: [
      { name: "source", kind: "any" },
      { name: "search", kind: "any" },
      { name: "kind", kind: "string", optional: true, constant: true },
    ],
    returns: "long",
    resultNaming: "none",
    bind: (args) => {
      const read = stringReader(args[0]);
      const readN = stringReader(args[1]);
      const kind = args.length > 2 ? constantString(args[2]) : "normal";
      if (kind !== undefined && kind !== "normal" && kind !== "regex") throw argError(`countof(): kind must be "normal" or "regex", not ${JSON.stringify(kind)}`);
      const re: (v: Value) => RE2JS | null =
        kind === "regex"
          ? regexArg(args[1])
          : (v) => {
              try {
                return compileRegex(readN(v));
              } catch {
                return null;
              }
            };
      const readK = stringReader(args[2]);
      const byRegex = (a: readonly Value[]): number | null => {
        const r = re(a[1] as Value);
        if (!r) return null;
        const s = read(a[0] as Value);
        const m = r.matcher(s);
        let n = 0;
        let pos = 0;
        while (pos <= s.length && m.find(pos)) {
          n++;
          pos = m.end() === m.start() ? m.end() + 1 : m.end();
        }
        return n;
      };
      const plain = (a: readonly Value[]): number => {
        const s = read(a[0] as Value);
        const t = readN(a[1] as Value);
        if (t.length === 0) return 0;
        let n = 0;
        for (let i = s.indexOf(t); i >= 0; i = s.indexOf(t, i + 1)) n++;
        return n;
      };
      if (kind === "regex") return byRegex;
      if (kind === "normal") return plain;
      return (a) => {
        const k = readK(a[2] as Value);
        return k === "regex" ? byRegex(a) : k === "normal" ? plain(a) : null;
      };
    },
  },
  indexOfFn(false),
  indexOfFn(true),
  stringFn("reverse", "The text reversed (by code point).", [{ name: "value", kind: "any" }], "string", (s) => Array.from(s[0]!).reverse().join("")),
  {
    name: "strrep",
    category: "string",
    description: "The text repeated a number of times, with an optional delimiter between repetitions.",
    params: [
      { name: "value", kind: "any" },
      { name: "multiplier", kind: "integer" },
      { name: "delimiter", kind: "any", optional: true },
    ],
    returns: "string",
    resultNaming: "none",
    bind: (args) => {
      const read = stringReader(args[0]);
      const readD = stringReader(args[2]);
      const hasD = args.length > 2;
      return (a) => {
        const n = a[1];
        if (typeof n !== "number" || n <= 0) return "";
        const times = Math.min(Math.trunc(n), 1024);
        return new Array<string>(times).fill(read(a[0] as Value)).join(hasD ? readD(a[2] as Value) : "");
      };
    },
  },
  stringFn(
    "strcmp",
    "Compares two strings ordinally: -1, 0 or 1.",
    [
      { name: "string1", kind: "any" },
      { name: "string2", kind: "any" },
    ],
    "long",
    (s) => (s[0]! < s[1]! ? -1 : s[0]! > s[1]! ? 1 : 0),
  ),
  stringFn(
    "translate",
    "Replaces each character of the search list with the character at the same position in the replacement list (the last one when shorter; deleted when the list is empty).",
    [
      { name: "searchList", kind: "any" },
      { name: "replacementList", kind: "any" },
      { name: "source", kind: "any" },
    ],
    "string",
    (s) => {
      const from = Array.from(s[0]!);
      const to = Array.from(s[1]!);
      const map = new Map<string, string>();
      from.forEach((ch, i) => {
        if (!map.has(ch)) map.set(ch, to.length === 0 ? "" : (to[Math.min(i, to.length - 1)] ?? ""));
      });
      let out = "";
      for (const ch of s[2]!) out += map.has(ch) ? map.get(ch) : ch;
      return out;
    },
  ),
  stringFn("isascii", "True when every character is ASCII.", [{ name: "value", kind: "any" }], "bool", (s) => {
    const t = s[0]!;
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) > 127) return false;
    return true;
  }),
  stringFn("isutf8", "True when the text is valid UTF-8 (no lone surrogates).", [{ name: "value", kind: "any" }], "bool", (s) => {
    const t = s[0]!;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = t.charCodeAt(i + 1);
        if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
        i++;
      } else if (c >= 0xdc00 && c <= 0xdfff) return false;
    }
    return true;
  }),
  stringFn("url_encode", "Percent-encodes the text for use in a URL (a space becomes `+`).", [{ name: "url", kind: "any" }], "string", (s) => urlEncode(s[0]!, "+")),
  stringFn("url_encode_component", "Percent-encodes the text for use in a URL (a space becomes `%20`).", [{ name: "url", kind: "any" }], "string", (s) => urlEncode(s[0]!, "%20")),
  stringFn("url_decode", "Decodes percent-encoded text (`+` is a space).", [{ name: "encoded_url", kind: "any" }], "string", (s) => urlDecode(s[0]!)),
  stringFn("base64_encode_tostring", "Encodes the text's UTF-8 bytes as base64.", [{ name: "string", kind: "any" }], "string", (s) => Buffer.from(s[0]!, "utf8").toString("base64"), {
    aliases: ["base64_encodestring"],
  }),
  stringFn(
    "base64_decode_tostring",
    "Decodes base64 to UTF-8 text (invalid input gives an empty string).",
    [{ name: "base64_string", kind: "any" }],
    "string",
    (s) => {
      const b = base64Bytes(s[0]!);
      return b ? b.toString("utf8") : "";
    },
    { aliases: ["base64_decodestring"] },
  ),
  stringFn("base64_decode_toarray", "Decodes base64 to a dynamic array of byte values (null when invalid).", [{ name: "base64_string", kind: "any" }], "dynamic", (s) => {
    const b = base64Bytes(s[0]!);
    return b ? Array.from(b) : null;
  }),
  {
    name: "base64_encode_fromarray",
    category: "string",
    description: "Encodes a dynamic array of byte values as base64.",
    params: [{ name: "base64_string_decoded_as_array", kind: "dynamic" }],
    returns: "string",
    resultNaming: "none",
    bind: () => (a) => {
      const v = a[0];
      if (!Array.isArray(v) || !v.every((x) => typeof x === "number" && x >= 0 && x <= 255)) return "";
      return Buffer.from(v as number[]).toString("base64");
    },
  },
  hashFn("hash_sha256", "sha256"),
  hashFn("hash_sha1", "sha1"),
  hashFn("hash_md5", "md5"),
  stringFn("parse_url", "Splits an absolute URL into a property bag (Scheme, Host, Port, Path, Username, Password, Query Parameters, Fragment).", [{ name: "url", kind: "any" }], "dynamic", (s) =>
    parseUrl(s[0]!),
  ),
  stringFn("parse_urlquery", "Parses a URL query string into a bag `{\"Query Parameters\": {...}}` (values decoded).", [{ name: "query", kind: "any" }], "dynamic", (s) => {
    const bag = newBag();
    const q = s[0]!;
    bag["Query Parameters"] = queryParams(q.startsWith("?") ? q.slice(1) : q);
    return bag;
  }),
  stringFn("parse_path", "Splits a file path into a property bag (Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension, AlternateDataStreamName).", [{ name: "path", kind: "any" }], "dynamic", (s) =>
    parsePath(s[0]!),
  ),
  {
    name: "parse_command_line",
    category: "string",
    description: "Splits a command line into a dynamic array of arguments (parser \"windows\": CommandLineToArgvW rules).",
    params: [
      { name: "command", kind: "any" },
      { name: "parser", kind: "string", constant: true },
    ],
    returns: "dynamic",
    resultNaming: "none",
    bind: (args) => {
      const kind = constantString(args[1]);
      if (kind !== undefined && kind.toLowerCase() !== "windows") throw argError(`parse_command_line(): unsupported parser ${JSON.stringify(kind)} (only "windows")`);
      const read = stringReader(args[0]);
      return (a) => parseWindowsCommandLine(read(a[0] as Value));
    },
  },
  stringFn("parse_csv", "Splits one CSV record into a dynamic array of strings.", [{ name: "csv_text", kind: "any" }], "dynamic", (s) => parseCsvRecord(s[0]!)),
  stringFn("regex_quote", "Escapes regex metacharacters so the text matches literally.", [{ name: "string", kind: "any" }], "string", (s) => re2().quote(s[0]!)),
  {
    name: "new_guid",
    category: "string",
    description: "A new random guid (nondeterministic).",
    params: [],
    returns: "guid",
    resultNaming: "none",
    volatile: true,
    bind: () => () => randomUUID(),
  },
  {
    name: "unicode_codepoints_from_string",
    aliases: ["to_utf8"],
    category: "string",
    description: "The Unicode code points of the text as a dynamic array of numbers.",
    params: [{ name: "value", kind: "any" }],
    returns: "dynamic",
    resultNaming: "none",
    bind: (args) => {
      const read = stringReader(args[0]);
      return (a) => Array.from(read(a[0] as Value), (c) => c.codePointAt(0)!);
    },
  },
  {
    name: "unicode_codepoints_to_string",
    aliases: ["make_string"],
    category: "string",
    description: "Builds text from Unicode code points (numbers or dynamic arrays of numbers).",
    params: [{ name: "value", kind: "any", variadic: true }],
    returns: "string",
    resultNaming: "none",
    bind: () => (a) => {
      let out = "";
      const add = (v: unknown): boolean => {
        if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0x10ffff) {
          out += String.fromCodePoint(v);
          return true;
        }
        if (Array.isArray(v)) return v.every(add);
        return false;
      };
      for (const v of a) if (!add(v)) return "";
      return out;
    },
  },
];
