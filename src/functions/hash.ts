/**
 * hash() / hash_xxhash64(): XXH64 with seed 0 over the value's bytes. Strings hash their UTF-8 bytes;
 * datetimes and timespans their .NET ticks (since 0001-01-01 for datetimes) as 8 little-endian bytes,
 * both checked against the reference's examples. ints and longs hash 8 little-endian bytes and other
 * types their text: unconfirmed choices (docs/semantics.md). A long is a double here, so the 64-bit hash is
 * exact only with `mod`, which is applied to the exact value.
 */
import type { ScalarType } from "../types.js";
import { MIN_DATETIME, type Value } from "../runtime/values.js";
import type { ScalarFunctionDef } from "./types.js";
import { stringReader } from "./util.js";

const M = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M;
const round = (acc: bigint, lane: bigint): bigint => (rotl((acc + lane * P2) & M, 31n) * P1) & M;
const merge = (acc: bigint, v: bigint): bigint => ((((acc ^ round(0n, v)) * P1) & M) + P4) & M;

/** XXH64 of the bytes, as an unsigned 64-bit bigint. */
export function xxh64(buf: Uint8Array, seed = 0n): bigint {
  const len = buf.length;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u64 = (o: number) => dv.getBigUint64(o, true);
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & M;
    let v2 = (seed + P2) & M;
    let v3 = seed & M;
    let v4 = (seed - P1) & M;
    while (i + 32 <= len) {
      v1 = round(v1, u64(i));
      v2 = round(v2, u64(i + 8));
      v3 = round(v3, u64(i + 16));
      v4 = round(v4, u64(i + 24));
      i += 32;
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M;
    h = merge(h, v1);
    h = merge(h, v2);
    h = merge(h, v3);
    h = merge(h, v4);
  } else h = (seed + P5) & M;
  h = (h + BigInt(len)) & M;
  while (i + 8 <= len) {
    h ^= round(0n, u64(i));
    h = (((rotl(h, 27n) * P1) & M) + P4) & M;
    i += 8;
  }
  if (i + 4 <= len) {
    h ^= (BigInt(dv.getUint32(i, true)) * P1) & M;
    h = (((rotl(h, 23n) * P2) & M) + P3) & M;
    i += 4;
  }
  while (i < len) {
    h ^= (BigInt(buf[i]!) * P5) & M;
    h = (rotl(h, 11n) * P1) & M;
    i++;
  }
  h ^= h >> 33n;
  h = (h * P2) & M;
  h ^= h >> 29n;
  h = (h * P3) & M;
  h ^= h >> 32n;
  return h;
}

function int64Bytes(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(BigInt.asIntN(64, v));
  return b;
}

/** The bytes hashed for a value of a type; null for a null value. */
function bytesOf(type: ScalarType, read: (v: Value) => string): (v: Value) => Uint8Array | null {
  switch (type) {
    case "string":
      return (v) => Buffer.from(typeof v === "string" ? v : "", "utf8");
    case "datetime":
      return (v) => (typeof v === "bigint" ? int64Bytes(v - MIN_DATETIME) : null);
    case "timespan":
      return (v) => (typeof v === "bigint" ? int64Bytes(v) : null);
    case "int":
    case "long":
      return (v) => (typeof v === "number" && Number.isFinite(v) ? int64Bytes(BigInt(Math.trunc(v))) : null);
    default:
      return (v) => (v === null || v === undefined ? null : Buffer.from(read(v), "utf8"));
  }
}

/**
 * hash_combine / hash_many's mixing step. Kusto does not document its combiner and no public formula
 * reproduces the reference's example (docs/semantics.md), so this is boost's 64-bit hash_combine: stable
 * and order-sensitive, but not Kusto's values.
 */
function combine(hashes: readonly bigint[]): bigint {
  let h = hashes[0]! & M;
  for (let i = 1; i < hashes.length; i++) {
    h = (h ^ ((hashes[i]! & M) + 0x9e3779b97f4a7c15n + ((h << 6n) & M) + (h >> 2n))) & M;
  }
  return h;
}

export const HASH_FUNCTIONS: ScalarFunctionDef[] = [
  {
    name: "hash_combine",
    category: "string",
    description: "Combines two or more hash values (longs) into one, order-sensitive; null if any is null. The engine's own combiner: values differ from Kusto's (docs/semantics.md).",
    params: [
      { name: "h1", kind: "integer" },
      { name: "h2", kind: "integer" },
      { name: "hashes", kind: "integer", variadic: true },
    ],
    returns: "long",
    resultNaming: "none",
    bind: () => (a) => {
      const hs: bigint[] = [];
      for (const v of a) {
        if (typeof v !== "number" || !Number.isFinite(v)) return null;
        hs.push(BigInt.asUintN(64, BigInt(Math.trunc(v))));
      }
      return Number(BigInt.asIntN(64, combine(hs)));
    },
  },
  {
    name: "hash_many",
    category: "string",
    description: "The hash() of each value, combined as hash_combine does (on the exact 64-bit hashes); a null value hashes as 0. The engine's own combiner: values differ from Kusto's (docs/semantics.md).",
    params: [
      { name: "s1", kind: "any" },
      { name: "s2", kind: "any" },
      { name: "values", kind: "any", variadic: true },
    ],
    returns: "long",
    resultNaming: "none",
    bind: (args) => {
      const readers = args.map((arg) => bytesOf(arg.type, stringReader(arg)));
      return (a) => {
        const hashes = readers.map((bytes, i) => {
          const b = bytes(a[i] as Value);
          return b === null ? 0n : xxh64(b);
        });
        return Number(BigInt.asIntN(64, combine(hashes)));
      };
    },
  },
  {
    name: "hash",
    aliases: ["hash_xxhash64"],
    category: "string",
    description: "The XXH64 hash of a value (strings: UTF-8 bytes; datetimes/timespans: .NET ticks), as a signed long; with mod, the hash modulo mod in [0, mod - 1].",
    params: [
      { name: "source", kind: "any" },
      { name: "mod", kind: "integer", optional: true },
    ],
    returns: "long",
    resultNaming: "none",
    bind: (args) => {
      const bytes = bytesOf(args[0]!.type, stringReader(args[0]));
      const hasMod = args.length > 1;
      return (a) => {
        const b = bytes(a[0] as Value);
        if (b === null) return null;
        const h = BigInt.asIntN(64, xxh64(b));
        if (!hasMod) return Number(h);
        const m = a[1];
        if (typeof m !== "number" || !Number.isInteger(m) || m <= 0) return null;
        const mb = BigInt(m);
        return Number(((h % mb) + mb) % mb);
      };
    },
  },
];
