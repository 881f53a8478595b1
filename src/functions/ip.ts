/**
 * IPv4 functions. Parsing is strict: exactly four dot-separated decimal parts 0-255 without leading zeros
 * (what `ipaddr.IPv4.isValidFourPartDecimal` accepts; a property test checks the two agree), optionally
 * followed by `/prefix` (0-32) where the function allows it. Surrounding whitespace is ignored.
 */
import type { DynamicValue, Value } from "../runtime/values.js";
import type { ArgInfo, ScalarFunctionDef, ScalarImpl } from "./types.js";
import { constantOf, stringReader } from "./util.js";

/** The 32-bit value of a strict four-part dotted-decimal IPv4 address in text[start, end), or -1. */
export function parseIpv4Strict(text: string, start = 0, end = text.length): number {
  let value = 0;
  let parts = 0;
  let i = start;
  while (parts < 4) {
    const partStart = i;
    let part = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      part = part * 10 + (c - 48);
      i++;
      if (i - partStart > 3) return -1;
    }
    const len = i - partStart;
    if (len === 0 || part > 255 || (len > 1 && text.charCodeAt(partStart) === 48)) return -1;
    value = value * 256 + part;
    parts++;
    if (parts < 4) {
      if (i >= end || text.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === end ? value : -1;
}

/** An IPv4 address with an optional CIDR prefix (`10.0.0.0/8`); null when the text is not one. */
export function parseIpv4WithPrefix(text: string): { ip: number; prefix: number } | null {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  const slash = text.indexOf("/", start);
  if (slash >= 0 && slash < end) {
    const ip = parseIpv4Strict(text, start, slash);
    if (ip < 0) return null;
    const p = text.slice(slash + 1, end);
    if (p.length === 0 || p.length > 2) return null;
    let prefix = 0;
    for (let k = 0; k < p.length; k++) {
      const c = p.charCodeAt(k);
      if (c < 48 || c > 57) return null;
      prefix = prefix * 10 + (c - 48);
    }
    if (prefix > 32) return null;
    return { ip, prefix };
  }
  const ip = parseIpv4Strict(text, start, end);
  return ip < 0 ? null : { ip, prefix: 32 };
}

function mask(prefix: number): number {
  return prefix <= 0 ? 0 : prefix >= 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0;
}

function masked(ip: number, prefix: number): number {
  return (ip & mask(prefix)) >>> 0;
}

function formatIpv4(ip: number): string {
  return `${(ip >>> 24) & 255}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** True for 10/8, 172.16/12, 192.168/16; false for other IPv4; null for anything that is not IPv4. */
export function ipv4IsPrivate(text: string): boolean | null {
  const p = parseIpv4WithPrefix(text);
  if (!p) return null;
  const ip = p.ip;
  return ip >>> 24 === 10 || ip >>> 20 === ((172 << 4) | 1) || ip >>> 16 === ((192 << 8) | 168);
}

/** ipv4_compare: -1, 0 or 1 comparing the addresses under the smallest prefix in play; null if either is invalid. */
function compare(a: string, b: string, prefix: number | null | undefined): number | null {
  const x = parseIpv4WithPrefix(a);
  const y = parseIpv4WithPrefix(b);
  if (!x || !y) return null;
  let p = Math.min(x.prefix, y.prefix);
  if (prefix !== undefined) {
    if (prefix === null || prefix < 0 || prefix > 32) return null;
    p = Math.min(p, prefix);
  }
  const u = masked(x.ip, p);
  const v = masked(y.ip, p);
  return u < v ? -1 : u > v ? 1 : 0;
}

function inRange(ipText: string, rangeText: string): boolean | null {
  const ip = parseIpv4WithPrefix(ipText);
  const range = parseIpv4WithPrefix(rangeText);
  if (!ip || !range) return null;
  return masked(ip.ip, range.prefix) === masked(range.ip, range.prefix);
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * The IPv4 addresses that appear in a text delimited by non-alphanumeric characters (has_ipv4 and
 * friends): maximal runs of digits and dots, bounded by non-alphanumerics, with stray dots at the ends
 * (sentence punctuation) dropped, that are valid addresses.
 */
export function ipv4sInText(text: string): number[] {
  const out: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 46)) {
      i++;
      continue;
    }
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if ((d >= 48 && d <= 57) || d === 46) j++;
      else break;
    }
    const before = i > 0 ? text.charCodeAt(i - 1) : 32;
    const after = j < n ? text.charCodeAt(j) : 32;
    if (!isAlnum(before) && !isAlnum(after)) {
      let s = i;
      let e = j;
      while (s < e && text.charCodeAt(s) === 46) s++;
      while (e > s && text.charCodeAt(e - 1) === 46) e--;
      // A leading dot glued to a run (".1.2.3.4") is part of a longer dotted token, not an address.
      if (s === i) {
        const ip = parseIpv4Strict(text, s, e);
        if (ip >= 0) out.push(ip);
      }
    }
    i = j;
  }
  return out;
}

/** Normalises an ip prefix for has_ipv4_prefix: a complete address, or a prefix ending with a dot. */
function prefixMatcher(prefix: string): ((ip: number) => boolean) | null {
  const p = prefix.trim();
  if (parseIpv4Strict(p) >= 0) {
    const v = parseIpv4Strict(p);
    return (ip) => ip === v;
  }
  if (!p.endsWith(".")) return null;
  const parts = p.slice(0, -1).split(".");
  if (parts.length < 1 || parts.length > 3) return null;
  const nums: number[] = [];
  for (const part of parts) {
    if (part.length === 0 || part.length > 3) return null;
    for (let k = 0; k < part.length; k++) {
      const c = part.charCodeAt(k);
      if (c < 48 || c > 57) return null;
    }
    if (part.length > 1 && part[0] === "0") return null;
    const v = Number(part);
    if (v > 255) return null;
    nums.push(v);
  }
  let value = 0;
  for (const v of nums) value = value * 256 + v;
  const shift = 8 * (4 - nums.length);
  return (ip) => Math.floor(ip / 2 ** shift) === value;
}

function listOf(v: Value): string[] {
  if (Array.isArray(v)) return (v as DynamicValue[]).filter((x): x is string => typeof x === "string");
  if (typeof v === "string") return [v];
  return [];
}

/** For has_any_ipv4/has_any_ipv4_prefix: the candidate strings from args[1..] (strings, or one dynamic array). */
function collectList(args: readonly ArgInfo[], a: readonly Value[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < args.length; i++) out.push(...listOf(a[i] as Value));
  return out;
}

function allConstant(args: readonly ArgInfo[], from: number): boolean {
  for (let i = from; i < args.length; i++) if (!args[i]!.constant) return false;
  return true;
}

function strFn(
  name: string,
  description: string,
  params: ScalarFunctionDef["params"],
  returns: ScalarFunctionDef["returns"],
  bind: ScalarFunctionDef["bind"],
): ScalarFunctionDef {
  return { name, category: "ip", description, params, returns, resultNaming: "none", bind };
}

/**
 * The address and prefix that format_ipv4 and format_ipv4_mask print: from a long or from text (with an
 * optional `/prefix`), narrowed by the optional prefix argument; null when either is invalid.
 */
function maskedIpv4(args: readonly ArgInfo[]): (a: readonly Value[]) => { ip: number; prefix: number } | null {
  const read = stringReader(args[0]);
  const isNum = args[0]!.type === "long" || args[0]!.type === "int";
  return (a) => {
    let ip: number;
    let prefix = 32;
    if (isNum) {
      const v = a[0];
      if (typeof v !== "number" || v < 0 || v > 0xffffffff) return null;
      ip = v;
    } else {
      const p = parseIpv4WithPrefix(read(a[0] as Value));
      if (!p) return null;
      ip = p.ip;
      prefix = p.prefix;
    }
    if (args.length > 1) {
      const m = a[1];
      if (typeof m !== "number" || m < 0 || m > 32) return null;
      prefix = Math.min(prefix, m);
    }
    return { ip, prefix };
  };
}

export const IP_FUNCTIONS: ScalarFunctionDef[] = [
  strFn(
    "ipv4_is_private",
    "True for addresses in 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 (a CIDR suffix is accepted); null for text that is not IPv4.",
    [{ name: "ip", kind: "string" }],
    "bool",
    (args) => {
      const read = stringReader(args[0]);
      return (a) => ipv4IsPrivate(read(a[0] as Value));
    },
  ),
  strFn(
    "parse_ipv4",
    "Converts an IPv4 address (optionally with a CIDR prefix, which masks it) to a long; null when invalid.",
    [{ name: "ip", kind: "string" }],
    "long",
    (args) => {
      const read = stringReader(args[0]);
      return (a) => {
        const p = parseIpv4WithPrefix(read(a[0] as Value));
        return p ? masked(p.ip, p.prefix) : null;
      };
    },
  ),
  strFn(
    "parse_ipv4_mask",
    "Converts an IPv4 address and a prefix length to a long of the masked address.",
    [
      { name: "ip", kind: "string" },
      { name: "prefix", kind: "integer" },
    ],
    "long",
    (args) => {
      const read = stringReader(args[0]);
      return (a) => {
        const p = parseIpv4WithPrefix(read(a[0] as Value));
        const m = a[1];
        if (!p || typeof m !== "number" || m < 0 || m > 32) return null;
        return masked(p.ip, Math.min(p.prefix, m));
      };
    },
  ),
  strFn(
    "ipv4_compare",
    "Compares two IPv4 addresses (-1, 0, 1), optionally under a prefix length; null when either is invalid.",
    [
      { name: "ip1", kind: "string" },
      { name: "ip2", kind: "string" },
      { name: "prefix", kind: "integer", optional: true },
    ],
    "long",
    (args) => {
      const r1 = stringReader(args[0]);
      const r2 = stringReader(args[1]);
      const hasPrefix = args.length > 2;
      return (a) => compare(r1(a[0] as Value), r2(a[1] as Value), hasPrefix ? (a[2] as number | null) : undefined);
    },
  ),
  strFn(
    "ipv4_is_match",
    "True when two IPv4 addresses are equal, optionally under a prefix length; null when either is invalid.",
    [
      { name: "ip1", kind: "string" },
      { name: "ip2", kind: "string" },
      { name: "prefix", kind: "integer", optional: true },
    ],
    "bool",
    (args) => {
      const r1 = stringReader(args[0]);
      const r2 = stringReader(args[1]);
      const hasPrefix = args.length > 2;
      return (a) => {
        const c = compare(r1(a[0] as Value), r2(a[1] as Value), hasPrefix ? (a[2] as number | null) : undefined);
        return c === null ? null : c === 0;
      };
    },
  ),
  strFn(
    "ipv4_is_in_range",
    "True when an IPv4 address is in a range given as an address with a CIDR prefix; null when either is invalid.",
    [
      { name: "ip", kind: "string" },
      { name: "ip_range", kind: "string" },
    ],
    "bool",
    (args) => {
      const r1 = stringReader(args[0]);
      const r2 = stringReader(args[1]);
      return (a) => inRange(r1(a[0] as Value), r2(a[1] as Value));
    },
  ),
  strFn(
    "ipv4_is_in_any_range",
    "True when an IPv4 address is in any of the ranges (strings, or one dynamic array); null when the address is invalid.",
    [
      { name: "ip", kind: "stringlike" },
      { name: "ranges", kind: "any", variadic: true },
    ],
    "bool",
    (args) => {
      const r1 = stringReader(args[0]);
      return (a) => {
        const ip = parseIpv4WithPrefix(r1(a[0] as Value));
        if (!ip) return null;
        for (const r of collectList(args, a)) {
          const range = parseIpv4WithPrefix(r);
          if (range && masked(ip.ip, range.prefix) === masked(range.ip, range.prefix)) return true;
        }
        return false;
      };
    },
  ),
  strFn(
    "ipv4_netmask_suffix",
    "The prefix length of an IPv4 address with a CIDR suffix (32 without one); null when invalid.",
    [{ name: "ip", kind: "string" }],
    "long",
    (args) => {
      const read = stringReader(args[0]);
      return (a) => parseIpv4WithPrefix(read(a[0] as Value))?.prefix ?? null;
    },
  ),
  strFn(
    "format_ipv4",
    "Formats an IPv4 address (a string or a long) as dotted decimal, optionally masked to a prefix length; empty when invalid.",
    [
      { name: "ip", kind: "any" },
      { name: "prefix", kind: "integer", optional: true },
    ],
    "string",
    (args) => {
      const read = maskedIpv4(args);
      return (a) => {
        const m = read(a);
        return m ? formatIpv4(masked(m.ip, m.prefix)) : "";
      };
    },
  ),
  strFn(
    "format_ipv4_mask",
    "Formats an IPv4 address and prefix as CIDR notation (`10.1.0.0/16`); empty when invalid.",
    [
      { name: "ip", kind: "any" },
      { name: "prefix", kind: "integer", optional: true },
    ],
    "string",
    (args) => {
      const read = maskedIpv4(args);
      return (a) => {
        const m = read(a);
        return m ? `${formatIpv4(masked(m.ip, m.prefix))}/${m.prefix}` : "";
      };
    },
  ),
  strFn(
    "has_ipv4",
    "True when the text contains the IPv4 address, delimited by non-alphanumeric characters.",
    [
      { name: "source", kind: "stringlike" },
      { name: "ip", kind: "string" },
    ],
    "bool",
    (args) => {
      const read = stringReader(args[0]);
      const readIp = stringReader(args[1]);
      return (a) => {
        const target = parseIpv4Strict(readIp(a[1] as Value).trim());
        if (target < 0) return false;
        return ipv4sInText(read(a[0] as Value)).includes(target);
      };
    },
  ),
  strFn(
    "has_ipv4_prefix",
    "True when the text contains an IPv4 address (delimited by non-alphanumerics) starting with the prefix (`10.1.`, or a complete address).",
    [
      { name: "source", kind: "stringlike" },
      { name: "ip_prefix", kind: "string" },
    ],
    "bool",
    (args) => {
      const read = stringReader(args[0]);
      const readP = stringReader(args[1]);
      const c = constantOf(args[1]);
      const fixed = c === undefined ? undefined : prefixMatcher(readP(c));
      return (a) => {
        const m = fixed !== undefined ? fixed : prefixMatcher(readP(a[1] as Value));
        if (!m) return false;
        return ipv4sInText(read(a[0] as Value)).some(m);
      };
    },
  ),
  strFn(
    "has_any_ipv4",
    "True when the text contains any of the IPv4 addresses (strings, or one dynamic array).",
    [
      { name: "source", kind: "stringlike" },
      { name: "ips", kind: "any", variadic: true },
    ],
    "bool",
    (args): ScalarImpl => {
      const read = stringReader(args[0]);
      const toSet = (list: string[]): Set<number> => new Set(list.map((s) => parseIpv4Strict(s.trim())).filter((v) => v >= 0));
      const fixed = allConstant(args, 1) ? toSet(collectList(args, args.map((x) => (x.value ?? null) as Value))) : undefined;
      return (a) => {
        const set = fixed ?? toSet(collectList(args, a));
        if (set.size === 0) return false;
        return ipv4sInText(read(a[0] as Value)).some((ip) => set.has(ip));
      };
    },
  ),
  strFn(
    "has_any_ipv4_prefix",
    "True when the text contains an IPv4 address starting with any of the prefixes (strings, or one dynamic array).",
    [
      { name: "source", kind: "stringlike" },
      { name: "ip_prefixes", kind: "any", variadic: true },
    ],
    "bool",
    (args): ScalarImpl => {
      const read = stringReader(args[0]);
      const toMatchers = (list: string[]) => list.map(prefixMatcher).filter((m): m is (ip: number) => boolean => m !== null);
      const fixed = allConstant(args, 1) ? toMatchers(collectList(args, args.map((x) => (x.value ?? null) as Value))) : undefined;
      return (a) => {
        const ms = fixed ?? toMatchers(collectList(args, a));
        if (ms.length === 0) return false;
        return ipv4sInText(read(a[0] as Value)).some((ip) => ms.some((m) => m(ip)));
      };
    },
  ),
];
