/** Dynamic (array and property bag) functions: parse_json, pack, array_*, set_*, bag_*, parse_xml, extract_json, ... */
import { scalarTypeFromName, type ScalarType } from "../types.js";
import { dynamicToJson, hashKey, isBag, newBag, parseJsonDynamic, valueToString, type DynamicValue, type Value } from "../runtime/values.js";
import type { ArgInfo, ScalarFunctionDef, ScalarImpl } from "./types.js";
import { argError, constantOf, constantString, scalarToDynamic, stringReader } from "./util.js";
import { compareValues } from "./aggregates.js";
import { toBool, toDateTime, toGuid, toLong, toReal, toTimespan } from "./conversion.js";

/**
 * parse_json: a dynamic argument is used as is; text that is valid JSON is parsed; any other text becomes a
 * dynamic string holding it (parsejsonfunction.md). Empty text gives null.
 */
export function parseJsonValue(text: string): DynamicValue {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  if (i === text.length) return null;
  const c = text[i]!;
  // Only texts that can start a JSON value are tried; anything else stays a string.
  const plausible = c === "{" || c === "[" || c === '"' || c === "-" || (c >= "0" && c <= "9") || c === "t" || c === "f" || c === "n";
  return plausible ? parseJsonDynamic(text, text) : text;
}

function dyn(name: string, description: string, params: ScalarFunctionDef["params"], returns: ScalarFunctionDef["returns"], bind: ScalarFunctionDef["bind"], extra: Partial<ScalarFunctionDef> = {}): ScalarFunctionDef {
  return { name, category: "dynamic", description, params, returns, resultNaming: "none", bind, ...extra };
}

/** Reads an argument as a dynamic value, converting other scalar types. */
function dynReader(arg: ArgInfo | undefined): (v: Value) => DynamicValue {
  const t = arg?.type ?? "dynamic";
  if (t === "dynamic") return (v) => (v === undefined ? null : (v as DynamicValue));
  return (v) => scalarToDynamic(v, t);
}

function keyOf(v: DynamicValue): unknown {
  return hashKey(v as Value);
}

function arraysOf(args: readonly ArgInfo[], a: readonly Value[], readers: Array<(v: Value) => DynamicValue>): DynamicValue[][] | null {
  const out: DynamicValue[][] = [];
  for (let i = 0; i < args.length; i++) {
    const v = readers[i]!(a[i] as Value);
    if (!Array.isArray(v)) return null;
    out.push(v);
  }
  return out;
}

function setFn(name: string, description: string, combine: (arrays: DynamicValue[][]) => DynamicValue[]): ScalarFunctionDef {
  return dyn(
    name,
    description,
    [
      { name: "set1", kind: "dynamic" },
      { name: "sets", kind: "dynamic", variadic: true },
    ],
    "dynamic",
    (args) => {
      const readers = args.map(dynReader);
      return (a) => {
        const arrays = arraysOf(args, a, readers);
        return arrays ? combine(arrays) : null;
      };
    },
  );
}

function distinct(values: Iterable<DynamicValue>): DynamicValue[] {
  const seen = new Set<unknown>();
  const out: DynamicValue[] = [];
  for (const v of values) {
    const k = keyOf(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// XML

interface XmlElement {
  name: string;
  attrs: Array<[string, string]>;
  children: Array<XmlElement | string>;
}

function decodeEntities(s: string): string | null {
  if (!s.includes("&")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== "&") {
      out += ch;
      continue;
    }
    const end = s.indexOf(";", i);
    if (end < 0) return null;
    const ent = s.slice(i + 1, end);
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (named[ent] !== undefined) out += named[ent];
    else if (ent.startsWith("#x") || ent.startsWith("#X")) out += String.fromCodePoint(parseInt(ent.slice(2), 16));
    else if (ent.startsWith("#")) out += String.fromCodePoint(parseInt(ent.slice(1), 10));
    else return null;
    i = end;
  }
  return out;
}

function isNameChar(c: string): boolean {
  return !(c === " " || c === "\t" || c === "\n" || c === "\r" || c === "/" || c === ">" || c === "=" || c === "<" || c === '"' || c === "'");
}

/** A small non-validating XML parser: elements, attributes, text, CDATA, comments, PIs, DOCTYPE. */
export function parseXmlDocument(text: string): XmlElement | null {
  let i = 0;
  const n = text.length;
  const skipWs = () => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const skipMisc = (): boolean => {
    for (;;) {
      skipWs();
      if (text.startsWith("<?", i)) {
        const e = text.indexOf("?>", i);
        if (e < 0) return false;
        i = e + 2;
      } else if (text.startsWith("<!--", i)) {
        const e = text.indexOf("-->", i);
        if (e < 0) return false;
        i = e + 3;
      } else if (text.startsWith("<!DOCTYPE", i)) {
        const e = text.indexOf(">", i);
        if (e < 0) return false;
        i = e + 1;
      } else return true;
    }
  };
  const readName = (): string => {
    const s = i;
    while (i < n && isNameChar(text[i]!)) i++;
    return text.slice(s, i);
  };
  const parseElement = (depth: number): XmlElement | null => {
    if (depth > 200 || text[i] !== "<") return null;
    i++;
    const name = readName();
    if (!name) return null;
    const el: XmlElement = { name, attrs: [], children: [] };
    for (;;) {
      skipWs();
      if (i >= n) return null;
      if (text.startsWith("/>", i)) {
        i += 2;
        return el;
      }
      if (text[i] === ">") {
        i++;
        break;
      }
      const an = readName();
      if (!an) return null;
      skipWs();
      if (text[i] !== "=") return null;
      i++;
      skipWs();
      const q = text[i];
      if (q !== '"' && q !== "'") return null;
      const e = text.indexOf(q, i + 1);
      if (e < 0) return null;
      const val = decodeEntities(text.slice(i + 1, e));
      if (val === null) return null;
      el.attrs.push([an, val]);
      i = e + 1;
    }
    for (;;) {
      if (i >= n) return null;
      if (text.startsWith("</", i)) {
        i += 2;
        const close = readName();
        skipWs();
        if (close !== name || text[i] !== ">") return null;
        i++;
        return el;
      }
      if (text.startsWith("<!--", i)) {
        const e = text.indexOf("-->", i);
        if (e < 0) return null;
        i = e + 3;
        continue;
      }
      if (text.startsWith("<![CDATA[", i)) {
        const e = text.indexOf("]]>", i);
        if (e < 0) return null;
        el.children.push(text.slice(i + 9, e));
        i = e + 3;
        continue;
      }
      if (text.startsWith("<?", i)) {
        const e = text.indexOf("?>", i);
        if (e < 0) return null;
        i = e + 2;
        continue;
      }
      if (text[i] === "<") {
        const child = parseElement(depth + 1);
        if (!child) return null;
        el.children.push(child);
        continue;
      }
      const e = text.indexOf("<", i);
      if (e < 0) return null;
      const t = decodeEntities(text.slice(i, e));
      if (t === null) return null;
      el.children.push(t);
      i = e;
    }
  };
  if (!skipMisc()) return null;
  const root = parseElement(0);
  if (!root) return null;
  if (!skipMisc() || i !== n) return null;
  return root;
}

/** The JSON form of an element's content: text, or a bag of `@attr`, children (repeated ones as arrays) and `#text`. */
function xmlContent(el: XmlElement): DynamicValue {
  const elements = el.children.filter((c): c is XmlElement => typeof c !== "string");
  const texts = el.children.filter((c): c is string => typeof c === "string");
  const text = texts.join("");
  const hasText = text.trim().length > 0;
  if (el.attrs.length === 0 && elements.length === 0) return hasText || texts.length > 0 ? text : null;
  const bag = newBag();
  for (const [k, v] of el.attrs) bag[`@${k}`] = v;
  for (const child of elements) {
    const v = xmlContent(child);
    if (Object.prototype.hasOwnProperty.call(bag, child.name)) {
      const prev = bag[child.name]!;
      if (Array.isArray(prev) && (prev as unknown as { __xmlList?: boolean }).__xmlList) prev.push(v);
      else {
        const list: DynamicValue[] = [prev, v];
        Object.defineProperty(list, "__xmlList", { value: true, enumerable: false });
        bag[child.name] = list;
      }
    } else bag[child.name] = v;
  }
  if (hasText) bag["#text"] = text.trim();
  return bag;
}

export function parseXml(text: string): DynamicValue {
  const root = parseXmlDocument(text);
  if (!root) return null;
  const bag = newBag();
  bag[root.name] = xmlContent(root);
  // Drop the hidden list markers by a JSON round trip into prototype-free form.
  return parseJsonDynamic(JSON.stringify(bag));
}

// ---------------------------------------------------------------------------------------------------
// JSONPath (the subset extract_json supports: $, .name, ['name'], [index], [*] not supported)

type PathStep = string | number;

export function parseJsonPath(path: string): PathStep[] | null {
  const p = path.trim();
  if (!p.startsWith("$")) return null;
  const steps: PathStep[] = [];
  let i = 1;
  while (i < p.length) {
    if (p[i] === ".") {
      i++;
      const s = i;
      while (i < p.length && p[i] !== "." && p[i] !== "[") i++;
      if (i === s) return null;
      steps.push(p.slice(s, i));
    } else if (p[i] === "[") {
      const e = p.indexOf("]", i);
      if (e < 0) return null;
      const inner = p.slice(i + 1, e).trim();
      if ((inner.startsWith("'") && inner.endsWith("'")) || (inner.startsWith('"') && inner.endsWith('"'))) steps.push(inner.slice(1, -1));
      else {
        const k = Number(inner);
        if (!Number.isInteger(k)) return null;
        steps.push(k);
      }
      i = e + 1;
    } else return null;
  }
  return steps;
}

function walk(v: DynamicValue, steps: PathStep[]): DynamicValue | undefined {
  let cur: DynamicValue | undefined = v;
  for (const s of steps) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof s === "number") {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[s < 0 ? cur.length + s : s];
    } else {
      if (!isBag(cur) || !Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
      cur = cur[s];
    }
  }
  return cur;
}

function convertDynamic(v: DynamicValue | undefined, type: ScalarType): Value {
  if (type === "dynamic") return v === undefined ? null : v;
  if (v === undefined || v === null) return type === "string" ? "" : null;
  switch (type) {
    case "string":
      return typeof v === "string" ? v : dynamicToJson(v);
    case "int":
    case "long":
      return toLong(v as Value, "dynamic");
    case "real":
    case "decimal":
      return toReal(v as Value, "dynamic");
    case "bool":
      return toBool(v as Value, "dynamic");
    case "datetime":
      return toDateTime(v as Value, "dynamic");
    case "timespan":
      return toTimespan(v as Value, "dynamic");
    case "guid":
      return toGuid(v as Value, "dynamic");
  }
}

function typeArg(arg: ArgInfo | undefined): ScalarType {
  const v = constantOf(arg);
  if (typeof v !== "string") return "string";
  const name = v.startsWith("typeof(") && v.endsWith(")") ? v.slice(7, -1) : v;
  return scalarTypeFromName(name) ?? "string";
}

// ---------------------------------------------------------------------------------------------------

function sortArray(arr: DynamicValue[], desc: boolean, nullsLast: boolean): DynamicValue[] {
  const nulls = arr.filter((x) => x === null);
  const rest = arr.filter((x) => x !== null);
  const rank = (x: DynamicValue) => (typeof x === "boolean" ? 0 : typeof x === "number" ? 1 : typeof x === "string" ? 2 : 3);
  rest.sort((x, y) => {
    const r = rank(x) - rank(y);
    const c = r !== 0 ? r : compareValues(x as Value, y as Value);
    return desc ? -c : c;
  });
  return nullsLast ? [...rest, ...nulls] : [...nulls, ...rest];
}

export const DYNAMIC_FUNCTIONS: ScalarFunctionDef[] = [
  dyn(
    "parse_json",
    "Parses JSON text into a dynamic value; a dynamic argument is used as is; text that is not JSON becomes a dynamic string.",
    [{ name: "json", kind: "any" }],
    "dynamic",
    (args) => {
      const t = args[0]!.type;
      if (t === "dynamic") return (a) => (a[0] === undefined ? null : (a[0] as Value));
      const read = stringReader(args[0]);
      const c = constantOf(args[0]);
      if (c !== undefined) {
        const fixed = t === "string" ? parseJsonValue(read(c)) : scalarToDynamic(c, t);
        return () => fixed;
      }
      if (t === "string") return (a) => parseJsonValue(read(a[0] as Value));
      return (a) => scalarToDynamic(a[0] as Value, t);
    },
    { aliases: ["todynamic", "parsejson", "toobject"], resultNaming: "firstArg" },
  ),
  dyn(
    "parse_xml",
    "Converts XML text to a dynamic value (attributes as `@name`, text next to attributes as `#text`, repeated elements as arrays); null when the XML is invalid.",
    [{ name: "xml", kind: "any" }],
    "dynamic",
    (args) => {
      const read = stringReader(args[0]);
      return (a) => parseXml(read(a[0] as Value));
    },
    { resultNaming: "firstArg" },
  ),
  dyn(
    "extract_json",
    "The element at a JSONPath (`$.a.b[0]`) of JSON text, as a string (or converted to an optional typeof(T)).",
    [
      { name: "jsonPath", kind: "string", constant: true },
      { name: "jsonText", kind: "any" },
      { name: "type", kind: "string", optional: true, constant: true },
    ],
    (args) => typeArg(args[2]),
    (args) => {
      const c = constantString(args[0]);
      const fixed = c === undefined ? undefined : parseJsonPath(c);
      if (c !== undefined && fixed === null) throw argError(`extract_json(): invalid JSONPath ${JSON.stringify(c)}`);
      const readP = stringReader(args[0]);
      const t = args[1]!.type;
      const read = stringReader(args[1]);
      const type = typeArg(args[2]);
      return (a) => {
        const steps = fixed ?? parseJsonPath(readP(a[0] as Value));
        if (!steps) return convertDynamic(undefined, type);
        const doc = t === "dynamic" ? (a[1] as DynamicValue) : parseJsonDynamic(read(a[1] as Value));
        return convertDynamic(walk(doc ?? null, steps), type);
      };
    },
    { aliases: ["extractjson"] },
  ),
  dyn("dynamic_to_json", "The compact JSON text of a dynamic value.", [{ name: "dynamic", kind: "dynamic" }], "string", (args) => {
    const read = dynReader(args[0]);
    return (a) => dynamicToJson(read(a[0] as Value));
  }),
  dyn(
    "array_length",
    "The number of elements of a dynamic array (null when the value is not an array).",
    [{ name: "array", kind: "dynamic" }],
    "long",
    () => (a) => (Array.isArray(a[0]) ? a[0].length : null),
    { aliases: ["arraylength"] },
  ),
  dyn(
    "pack",
    "Builds a property bag from alternating keys and values.",
    [
      { name: "key", kind: "string" },
      { name: "value", kind: "any" },
      { name: "more", kind: "any", variadic: true },
    ],
    "dynamic",
    (args) => {
      if (args.length % 2 !== 0) throw argError("pack() needs an even number of arguments (key, value, ...)");
      const readers = args.map((x, i) => (i % 2 === 0 ? stringReader(x) : dynReader(x)));
      return (a) => {
        const bag = newBag();
        for (let i = 0; i + 1 < args.length; i += 2) bag[readers[i]!(a[i] as Value) as string] = readers[i + 1]!(a[i + 1] as Value) as DynamicValue;
        return bag;
      };
    },
    { aliases: ["bag_pack", "pack_dictionary"] },
  ),
  dyn("pack_array", "Builds a dynamic array of the arguments.", [{ name: "value", kind: "any", variadic: true }], "dynamic", (args) => {
    const readers = args.map(dynReader);
    return (a) => readers.map((r, i) => r(a[i] as Value));
  }),
  dyn(
    "array_concat",
    "Concatenates dynamic arrays (null when an argument is not an array).",
    [{ name: "array", kind: "dynamic", variadic: true }],
    "dynamic",
    (args) => {
      const readers = args.map(dynReader);
      return (a) => {
        const arrays = arraysOf(args, a, readers);
        return arrays ? ([] as DynamicValue[]).concat(...arrays) : null;
      };
    },
  ),
  setFn("set_union", "The distinct values that appear in any of the arrays.", (arrays) => distinct(arrays.flat())),
  setFn("set_intersect", "The distinct values that appear in every array.", (arrays) => {
    const others = arrays.slice(1).map((arr) => new Set(arr.map(keyOf)));
    return distinct(arrays[0]!).filter((v) => others.every((s) => s.has(keyOf(v))));
  }),
  setFn("set_difference", "The distinct values of the first array that appear in none of the others.", (arrays) => {
    const others = new Set(arrays.slice(1).flat().map(keyOf));
    return distinct(arrays[0]!).filter((v) => !others.has(keyOf(v)));
  }),
  dyn(
    "set_has_element",
    "True when the array holds the value.",
    [
      { name: "set", kind: "dynamic" },
      { name: "value", kind: "any" },
    ],
    "bool",
    (args) => {
      const read = dynReader(args[1]);
      return (a) => {
        const arr = a[0];
        if (!Array.isArray(arr)) return null;
        const k = keyOf(read(a[1] as Value));
        return arr.some((x) => keyOf(x) === k);
      };
    },
  ),
  dyn(
    "array_index_of",
    "The zero-based index of the value in the array (-1 when absent), searching from start over length elements.",
    [
      { name: "array", kind: "dynamic" },
      { name: "value", kind: "any" },
      { name: "start", kind: "integer", optional: true },
      { name: "length", kind: "integer", optional: true },
      { name: "occurrence", kind: "integer", optional: true },
    ],
    "long",
    (args) => {
      const read = dynReader(args[1]);
      const n = args.length;
      return (a) => {
        const arr = a[0];
        if (!Array.isArray(arr)) return null;
        const target = read(a[1] as Value);
        if (target === null) return null;
        const k = keyOf(target);
        let start = n > 2 ? (a[2] as number | null) : 0;
        const length = n > 3 ? (a[3] as number | null) : -1;
        const occurrence = n > 4 ? (a[4] as number | null) : 1;
        if (start === null || length === null || occurrence === null || occurrence <= 0) return null;
        if (start < 0) start = Math.max(0, arr.length + start);
        const end = length < 0 ? arr.length : Math.min(arr.length, start + length);
        let seen = 0;
        for (let i = start; i < end; i++) {
          if (keyOf(arr[i]!) === k && ++seen === occurrence) return i;
        }
        return -1;
      };
    },
  ),
  dyn(
    "array_slice",
    "The elements from start to end inclusive (negative indexes count from the end).",
    [
      { name: "array", kind: "dynamic" },
      { name: "start", kind: "integer" },
      { name: "end", kind: "integer" },
    ],
    "dynamic",
    () => (a) => {
      const arr = a[0];
      const s = a[1];
      const e = a[2];
      if (!Array.isArray(arr) || typeof s !== "number" || typeof e !== "number") return null;
      const len = arr.length;
      const st = Math.max(0, s < 0 ? len + s : s);
      const en = Math.min(len - 1, e < 0 ? len + e : e);
      return st > en ? [] : arr.slice(st, en + 1);
    },
  ),
  dyn(
    "strcat_array",
    "Joins the elements of a dynamic array with a delimiter (strings bare, other values as JSON).",
    [
      { name: "array", kind: "dynamic" },
      { name: "delimiter", kind: "any" },
    ],
    "string",
    (args) => {
      const readD = stringReader(args[1]);
      return (a) => {
        const arr = a[0];
        if (!Array.isArray(arr)) return "";
        return arr.map((x) => (x === null ? "" : valueToString(x, "dynamic"))).join(readD(a[1] as Value));
      };
    },
    { aliases: ["array_strcat"] },
  ),
  dyn("array_reverse", "The array's elements in reverse order.", [{ name: "array", kind: "dynamic" }], "dynamic", () => (a) => (Array.isArray(a[0]) ? [...a[0]].reverse() : null)),
  dyn("array_sum", "The sum of the array's numeric elements.", [{ name: "array", kind: "dynamic" }], "real", () => (a) => {
    if (!Array.isArray(a[0])) return null;
    let s = 0;
    for (const x of a[0]) if (typeof x === "number") s += x;
    return s;
  }),
  ...(["asc", "desc"] as const).map((dir) =>
    dyn(
      `array_sort_${dir}`,
      `Sorts an array in ${dir === "asc" ? "ascending" : "descending"} order (nulls last unless the optional bool is false).`,
      [
        { name: "array", kind: "dynamic" },
        { name: "nulls_last", kind: "bool", optional: true, constant: true },
      ],
      "dynamic",
      (args): ScalarImpl => {
        const hasFlag = args.length > 1;
        return (a) => (Array.isArray(a[0]) ? sortArray(a[0] as DynamicValue[], dir === "desc", !hasFlag || a[1] !== false) : null);
      },
    ),
  ),
  dyn("bag_keys", "The keys of a property bag as a dynamic array.", [{ name: "object", kind: "dynamic" }], "dynamic", () => (a) => (isBag(a[0]) ? Object.keys(a[0]) : null)),
  dyn(
    "bag_has_key",
    "True when the property bag has the key.",
    [
      { name: "bag", kind: "dynamic" },
      { name: "key", kind: "string" },
    ],
    "bool",
    (args) => {
      const read = stringReader(args[1]);
      return (a) => (isBag(a[0]) ? Object.prototype.hasOwnProperty.call(a[0], read(a[1] as Value)) : null);
    },
  ),
  dyn(
    "bag_merge",
    "Merges property bags; the first bag holding a key wins.",
    [
      { name: "bag1", kind: "dynamic" },
      { name: "bags", kind: "dynamic", variadic: true },
    ],
    "dynamic",
    (args) => (a) => {
      const out = newBag();
      for (let i = 0; i < args.length; i++) {
        const b = a[i];
        if (!isBag(b)) continue;
        for (const k of Object.keys(b)) if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = b[k]!;
      }
      return out;
    },
  ),
  dyn(
    "bag_remove_keys",
    "A copy of the property bag without the given keys.",
    [
      { name: "bag", kind: "dynamic" },
      { name: "keys", kind: "dynamic" },
    ],
    "dynamic",
    () => (a) => {
      const b = a[0];
      const keys = a[1];
      if (!isBag(b)) return null;
      const drop = new Set(Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string") : []);
      const out = newBag();
      for (const k of Object.keys(b)) if (!drop.has(k)) out[k] = b[k]!;
      return out;
    },
  ),
  dyn(
    "zip",
    "Pairs up the elements of arrays by position (shorter arrays padded with null).",
    [
      { name: "array1", kind: "dynamic" },
      { name: "arrays", kind: "dynamic", variadic: true },
    ],
    "dynamic",
    (args) => (a) => {
      const arrays: DynamicValue[][] = [];
      for (let i = 0; i < args.length; i++) {
        const v = a[i];
        if (!Array.isArray(v)) return null;
        arrays.push(v);
      }
      const len = Math.max(...arrays.map((x) => x.length));
      const out: DynamicValue[] = [];
      for (let i = 0; i < len; i++) out.push(arrays.map((x) => (i < x.length ? x[i]! : null)));
      return out;
    },
  ),
  dyn(
    "repeat",
    "An array holding the value repeated count times.",
    [
      { name: "value", kind: "any" },
      { name: "count", kind: "integer" },
    ],
    "dynamic",
    (args) => {
      const read = dynReader(args[0]);
      return (a) => {
        const n = a[1];
        if (typeof n !== "number") return null;
        return new Array<DynamicValue>(Math.max(0, Math.min(Math.trunc(n), 1048576))).fill(read(a[0] as Value));
      };
    },
  ),
  dyn(
    "range",
    "A dynamic array of values from start to stop by step (numbers, datetimes or timespans).",
    [
      { name: "start", kind: "any" },
      { name: "stop", kind: "any" },
      { name: "step", kind: "any", optional: true },
    ],
    "dynamic",
    (args) => {
      const t = args[0]!.type;
      const hasStep = args.length > 2;
      return (a) => {
        const out: DynamicValue[] = [];
        if (typeof a[0] === "bigint" && typeof a[1] === "bigint") {
          const step = hasStep ? a[2] : 1n;
          if (typeof step !== "bigint" || step === 0n) return null;
          for (let v = a[0]; step > 0n ? v <= a[1] : v >= a[1]; v += step) {
            out.push(scalarToDynamic(v, t));
            if (out.length >= 1048576) break;
          }
          return out;
        }
        const s = a[0];
        const e = a[1];
        const step = hasStep ? a[2] : 1;
        if (typeof s !== "number" || typeof e !== "number" || typeof step !== "number" || step === 0) return null;
        for (let v = s; step > 0 ? v <= e : v >= e; v += step) {
          out.push(v);
          if (out.length >= 1048576) break;
        }
        return out;
      };
    },
  ),
  dyn(
    "jaccard_index",
    "The Jaccard index (|intersection| / |union|) of two arrays treated as sets.",
    [
      { name: "set1", kind: "dynamic" },
      { name: "set2", kind: "dynamic" },
    ],
    "real",
    () => (a) => {
      if (!Array.isArray(a[0]) || !Array.isArray(a[1])) return null;
      const x = new Set(a[0].map(keyOf));
      const y = new Set(a[1].map(keyOf));
      let inter = 0;
      for (const k of x) if (y.has(k)) inter++;
      const union = x.size + y.size - inter;
      return union === 0 ? NaN : inter / union;
    },
  ),
  dyn(
    "array_iff",
    "Element-wise iff: picks from the second or third argument (arrays or scalars) by each condition element; a condition that is neither bool nor number gives null.",
    [
      { name: "condition_array", kind: "dynamic" },
      { name: "when_true", kind: "any" },
      { name: "when_false", kind: "any" },
    ],
    "dynamic",
    (args): ScalarImpl => {
      const t = dynReader(args[1]);
      const f = dynReader(args[2]);
      return (a) => {
        if (!Array.isArray(a[0])) return null;
        const yes = t(a[1]!);
        const no = f(a[2]!);
        const pick = (v: DynamicValue, i: number): DynamicValue => (Array.isArray(v) ? (v[i] ?? null) : v);
        return (a[0] as DynamicValue[]).map((c, i) => {
          const cond = typeof c === "boolean" ? c : typeof c === "number" ? c !== 0 : null;
          return cond === null ? null : pick(cond ? yes : no, i);
        });
      };
    },
    { aliases: ["array_iif"] },
  ),
  ...(["left", "right"] as const).map((dir) =>
    dyn(
      `array_rotate_${dir}`,
      `Rotates the array's elements ${dir} by the given count (a negative count rotates the other way).`,
      [
        { name: "array", kind: "dynamic" },
        { name: "rotate_count", kind: "integer" },
      ],
      "dynamic",
      () => (a) => {
        const arr = a[0];
        if (!Array.isArray(arr) || typeof a[1] !== "number") return null;
        const n = arr.length;
        if (n === 0) return [];
        const k = ((((dir === "left" ? a[1] : -a[1]) % n) + n) % n);
        return [...arr.slice(k), ...arr.slice(0, k)];
      },
    ),
  ),
  ...(["left", "right"] as const).map((dir) =>
    dyn(
      `array_shift_${dir}`,
      `Shifts the array's elements ${dir} by the given count (negative: the other way), filling with null or the given value.`,
      [
        { name: "array", kind: "dynamic" },
        { name: "shift_count", kind: "integer" },
        { name: "default_value", kind: "any", optional: true },
      ],
      "dynamic",
      (args): ScalarImpl => {
        const fillOf = args[2] ? dynReader(args[2]) : () => null;
        return (a) => {
          const arr = a[0];
          if (!Array.isArray(arr) || typeof a[1] !== "number") return null;
          const shift = dir === "left" ? a[1] : -a[1];
          const fill = fillOf(a[2] ?? null);
          return arr.map((_, i) => {
            const j = i + shift;
            return j >= 0 && j < arr.length ? (arr[j] as DynamicValue) : fill;
          });
        };
      },
    ),
  ),
  dyn(
    "bag_zip",
    "A property bag from an array of keys and an array of values (pairs by position; non-string keys are skipped, missing values are null).",
    [
      { name: "keys", kind: "dynamic" },
      { name: "values", kind: "dynamic" },
    ],
    "dynamic",
    () => (a) => {
      const keys = a[0];
      if (!Array.isArray(keys)) return null;
      const values = Array.isArray(a[1]) ? (a[1] as DynamicValue[]) : [];
      const bag = newBag();
      keys.forEach((k, i) => {
        if (typeof k === "string") bag[k] = values[i] ?? null;
      });
      return bag;
    },
  ),
];
