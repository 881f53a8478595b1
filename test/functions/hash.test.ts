import { both, call, dt } from "./helpers.js";
import { run } from "../engine/helpers.js";
import { xxh64 } from "../../src/functions/hash.js";

describe("xxh64", () => {
  test("reference vectors", () => {
    expect(xxh64(Buffer.alloc(0))).toBe(0xef46db3751d8e999n);
    expect(xxh64(Buffer.from("a"))).toBe(0xd24ec4f1a98c6e5bn);
    expect(xxh64(Buffer.from("abc"))).toBe(0x44bc2cf5ad770999n);
  });
  test("long inputs take the four-lane path and differ by one byte", () => {
    const a = Buffer.from("x".repeat(100));
    const b = Buffer.from("x".repeat(99) + "y");
    expect(xxh64(a)).not.toBe(xxh64(b));
    expect(xxh64(a)).toBe(xxh64(Buffer.from("x".repeat(100))));
  });
});

describe("hash / hash_xxhash64", () => {
  test("strings hash UTF-8 bytes; with mod the result is in [0, mod)", () => {
    const h = both("hash", ["", "string"]);
    expect(h).toBe(Number(BigInt.asIntN(64, 0xef46db3751d8e999n)));
    expect(both("hash_xxhash64", ["abc", "string"])).toBe(Number(0x44bc2cf5ad770999n));
    expect(both("hash", ["", "string"], [100, "long"])).toBe(Number(((BigInt.asIntN(64, 0xef46db3751d8e999n) % 100n) + 100n) % 100n));
    for (const s of ["a", "b", "c", "dd", "éé"]) {
      const v = both("hash", [s, "string"], [7, "long"]) as number;
      expect(v >= 0 && v < 7).toBe(true);
    }
  });
  test("null input, null or non-positive mod give null", () => {
    expect(both("hash", [null, "long"])).toBeNull();
    expect(both("hash", [null, "datetime"])).toBeNull();
    expect(both("hash", ["a", "string"], [0, "long"])).toBeNull();
    expect(both("hash", ["a", "string"], [null, "long"])).toBeNull();
  });
  test("datetimes hash their .NET ticks", () => {
    const ticks = dt("2015-01-01T00:00:00Z") + 621355968000000000n;
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(ticks);
    expect(both("hash", [dt("2015-01-01T00:00:00Z"), "datetime"], [1000, "long"])).toBe(Number(((BigInt.asIntN(64, xxh64(b)) % 1000n) + 1000n) % 1000n));
  });
});

describe("hash_combine / hash_many", () => {
  test("hash_combine is deterministic, order-sensitive and null-propagating", () => {
    const ab = call("hash_combine", [12345, "long"], [678, "long"]);
    expect(typeof ab).toBe("number");
    expect(call("hash_combine", [12345, "long"], [678, "long"])).toBe(ab);
    expect(call("hash_combine", [678, "long"], [12345, "long"])).not.toBe(ab);
    expect(call("hash_combine", [12345, "long"], [678, "long"], [9, "long"])).not.toBe(ab);
    expect(call("hash_combine", [12345, "long"], [null, "long"])).toBeNull();
  });
  test("hash_many hashes each value and combines them: equal inputs, equal hashes; order matters", () => {
    const r = run("datatable(a:string, b:long)['x', 1, 'y', 2, 'x', 1] | extend h = hash_many(a, b), r = hash_many(b, a)");
    const [x1, y2, x1again] = r.rows;
    expect(x1!.h).toBe(x1again!.h);
    expect(x1!.h).not.toBe(y2!.h);
    expect(x1!.h).not.toBe(x1!.r);
  });
});
