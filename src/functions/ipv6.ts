/**
 * IPv6 functions (and ipv4_range_to_cidr_list). Addresses are 128-bit bigints. IPv4 text, and IPv6 text
 * ending in a dotted-decimal IPv4 part (`::192.168.1.1`), are read as the IPv4-mapped address
 * `::ffff:a.b.c.d` whose prefix is the IPv4 prefix plus 96, as the reference's examples show.
 * Plain IPv6 text is validated by ipaddr.js; a `/prefix` suffix (0-128, or 0-32 for IPv4) masks it.
 */
import { createRequire } from "node:module";
import type * as Ipaddr from "ipaddr.js";
import type { DynamicValue, Value } from "../runtime/values.js";
import type { ScalarFunctionDef } from "./types.js";
import { stringReader } from "./util.js";
import { parseIpv4Strict } from "./ip.js";

/** ipaddr.js, loaded on the first IPv6 text read: IPv4 needs none of it, and importing it cost start-up time. */
let ipaddrModule: typeof Ipaddr | undefined;
function ipv6(): typeof Ipaddr.IPv6 {
  ipaddrModule ??= createRequire(import.meta.url)("ipaddr.js") as typeof Ipaddr;
  return ipaddrModule.IPv6;
}

const ALL = (1n << 128n) - 1n;

export interface Ipv6 {
  ip: bigint;
  prefix: number;
}

function mask128(prefix: number): bigint {
  return prefix <= 0 ? 0n : prefix >= 128 ? ALL : (ALL << BigInt(128 - prefix)) & ALL;
}

function readPrefix(p: string, max: number): number | null {
  if (p.length === 0 || p.length > 3) return null;
  for (let i = 0; i < p.length; i++) if (p.charCodeAt(i) < 48 || p.charCodeAt(i) > 57) return null;
  const n = Number(p);
  return n > max ? null : n;
}

/** An IPv6 or IPv4 address with an optional prefix, as a 128-bit value; null when the text is not one. */
export function parseIpv6WithPrefix(text: string): Ipv6 | null {
  const t = text.trim();
  const slash = t.indexOf("/");
  const addr = slash >= 0 ? t.slice(0, slash) : t;
  const prefixText = slash >= 0 ? t.slice(slash + 1) : undefined;
  if (addr.includes(".")) {
    // IPv4, or IPv6 ending with an IPv4 part: read the IPv4 part as an IPv4-mapped address.
    const colon = addr.lastIndexOf(":");
    if (colon >= 0) {
      const head = addr.slice(0, colon + 1);
      if (head.includes(".") || !ipv6().isValid(`${head}0.0.0.0`)) return null;
    }
    const v4 = parseIpv4Strict(addr, colon + 1);
    if (v4 < 0) return null;
    const prefix = prefixText === undefined ? 32 : readPrefix(prefixText, 32);
    if (prefix === null) return null;
    return { ip: (0xffffn << 32n) | BigInt(v4), prefix: prefix + 96 };
  }
  if (addr.includes("%") || !ipv6().isValid(addr)) return null;
  const prefix = prefixText === undefined ? 128 : readPrefix(prefixText, 128);
  if (prefix === null) return null;
  let ip = 0n;
  for (const part of ipv6().parse(addr).parts) ip = (ip << 16n) | BigInt(part);
  return { ip, prefix };
}

/** The canonical text: eight groups of four lower-case hex digits. */
export function formatIpv6(ip: bigint): string {
  const hex = ip.toString(16).padStart(32, "0");
  const groups: string[] = [];
  for (let i = 0; i < 32; i += 4) groups.push(hex.slice(i, i + 4));
  return groups.join(":");
}

/** -1, 0 or 1 comparing under the smallest prefix in play; null if either address or the prefix is invalid. */
function compare6(a: string, b: string, prefix: Value | undefined): number | null {
  const x = parseIpv6WithPrefix(a);
  const y = parseIpv6WithPrefix(b);
  if (!x || !y) return null;
  let p = Math.min(x.prefix, y.prefix);
  if (prefix !== undefined) {
    if (typeof prefix !== "number" || prefix < 0 || prefix > 128) return null;
    p = Math.min(p, prefix);
  }
  const m = mask128(p);
  const u = x.ip & m;
  const v = y.ip & m;
  return u < v ? -1 : u > v ? 1 : 0;
}

function inRange6(ip: Ipv6, range: Ipv6): boolean {
  const m = mask128(range.prefix);
  return (ip.ip & m) === (range.ip & m);
}

function fn(name: string, description: string, params: ScalarFunctionDef["params"], returns: ScalarFunctionDef["returns"], bind: ScalarFunctionDef["bind"]): ScalarFunctionDef {
  return { name, category: "ip", description, params, returns, resultNaming: "none", bind };
}

function comparer(name: string, description: string, returns: "long" | "bool", map: (c: number) => Value): ScalarFunctionDef {
  return fn(
    name,
    description,
    [
      { name: "ip1", kind: "string" },
      { name: "ip2", kind: "string" },
      { name: "prefix", kind: "integer", optional: true },
    ],
    returns,
    (args) => {
      const r1 = stringReader(args[0]);
      const r2 = stringReader(args[1]);
      const hasPrefix = args.length > 2;
      return (a) => {
        const c = compare6(r1(a[0] as Value), r2(a[1] as Value), hasPrefix ? (a[2] as Value) : undefined);
        return c === null ? null : map(c);
      };
    },
  );
}

/** The CIDR blocks covering [start, end] of 32-bit addresses, largest first, in address order. */
export function ipv4RangeToCidrs(start: number, end: number): string[] {
  const out: string[] = [];
  let cur = start;
  while (cur <= end) {
    let size = 32;
    // Grow the block while it stays aligned on `cur` and inside the range.
    while (size > 0) {
      const block = 2 ** (33 - size);
      if (cur % block !== 0 || cur + block - 1 > end) break;
      size--;
    }
    out.push(`${(cur >>> 24) & 255}.${(cur >>> 16) & 255}.${(cur >>> 8) & 255}.${cur & 255}/${size}`);
    cur += 2 ** (32 - size);
  }
  return out;
}

export const IPV6_FUNCTIONS: ScalarFunctionDef[] = [
  fn(
    "parse_ipv6",
    "Converts an IPv6 or IPv4 address (optionally with a prefix, which masks it) to canonical IPv6 text; empty when invalid.",
    [{ name: "ip", kind: "string" }],
    "string",
    (args) => {
      const read = stringReader(args[0]);
      return (a) => {
        const p = parseIpv6WithPrefix(read(a[0] as Value));
        return p ? formatIpv6(p.ip & mask128(p.prefix)) : "";
      };
    },
  ),
  fn(
    "parse_ipv6_mask",
    "Converts an IPv6 or IPv4 address and a prefix length (0-128; the smaller of it and the address's own prefix is used) to canonical masked IPv6 text; empty when invalid.",
    [
      { name: "ip", kind: "string" },
      { name: "prefix", kind: "integer" },
    ],
    "string",
    (args) => {
      const read = stringReader(args[0]);
      return (a) => {
        const p = parseIpv6WithPrefix(read(a[0] as Value));
        const m = a[1];
        if (!p || typeof m !== "number" || m < 0 || m > 128) return "";
        return formatIpv6(p.ip & mask128(Math.min(p.prefix, m)));
      };
    },
  ),
  comparer("ipv6_compare", "Compares two IPv6 or IPv4 addresses (-1, 0, 1), optionally under a prefix length; null when either is invalid.", "long", (c) => c),
  comparer("ipv6_is_match", "True when two IPv6 or IPv4 addresses are equal under the smallest prefix in play; null when either is invalid.", "bool", (c) => c === 0),
  fn(
    "ipv6_is_in_range",
    "True when an IPv6 or IPv4 address is in a range given with a prefix; null when either is invalid.",
    [
      { name: "ip", kind: "string" },
      { name: "ip_range", kind: "string" },
    ],
    "bool",
    (args) => {
      const r1 = stringReader(args[0]);
      const r2 = stringReader(args[1]);
      return (a) => {
        const ip = parseIpv6WithPrefix(r1(a[0] as Value));
        const range = parseIpv6WithPrefix(r2(a[1] as Value));
        return ip && range ? inRange6(ip, range) : null;
      };
    },
  ),
  fn(
    "ipv6_is_in_any_range",
    "True when an IPv6 or IPv4 address is in any of the ranges (strings, or one dynamic array); null when the address is invalid.",
    [
      { name: "ip", kind: "stringlike" },
      { name: "ranges", kind: "any", variadic: true },
    ],
    "bool",
    (args) => {
      const r1 = stringReader(args[0]);
      return (a) => {
        const ip = parseIpv6WithPrefix(r1(a[0] as Value));
        if (!ip) return null;
        for (let i = 1; i < args.length; i++) {
          const v = a[i];
          const list = Array.isArray(v) ? (v as DynamicValue[]) : [v as DynamicValue];
          for (const r of list) {
            if (typeof r !== "string") continue;
            const range = parseIpv6WithPrefix(r);
            if (range && inRange6(ip, range)) return true;
          }
        }
        return false;
      };
    },
  ),
  fn(
    "ipv4_range_to_cidr_list",
    "The smallest list of IPv4 CIDR blocks covering an address range (a dynamic array of strings); null when an address is invalid, empty when start > end.",
    [
      { name: "StartAddress", kind: "string" },
      { name: "EndAddress", kind: "string" },
    ],
    "dynamic",
    (args) => {
      const r1 = stringReader(args[0]);
      const r2 = stringReader(args[1]);
      return (a) => {
        const s = parseIpv4Strict(r1(a[0] as Value).trim());
        const e = parseIpv4Strict(r2(a[1] as Value).trim());
        if (s < 0 || e < 0) return null;
        return ipv4RangeToCidrs(s, e);
      };
    },
  ),
];
