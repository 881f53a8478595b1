import { gunzipSync } from "node:zlib";
import { both } from "./helpers.js";
import { punycodeDecode, punycodeEncode } from "../../src/functions/encoding.js";

const s = (v: string): [string, "string"] => [v, "string"];

describe("punycode", () => {
  test("RFC 3492 sample strings round-trip", () => {
    expect(punycodeEncode("bücher")).toBe("bcher-kva");
    expect(punycodeEncode("他们为什么不说中文")).toBe("ihqwcrb4cv8a8dqg056pqjye");
    expect(punycodeEncode("abc")).toBe("abc-");
    expect(punycodeEncode("")).toBe("");
    expect(punycodeDecode("bcher-kva")).toBe("bücher");
    expect(punycodeDecode("ihqwcrb4cv8a8dqg056pqjye")).toBe("他们为什么不说中文");
    for (const t of ["München-Ost", "😀 smile", "ÀÉÎ", "a-b-ü"]) expect(punycodeDecode(punycodeEncode(t)!)).toBe(t);
  });
  test("functions; invalid input gives empty", () => {
    expect(both("punycode_from_string", s("bücher"))).toBe("bcher-kva");
    expect(both("punycode_to_string", s("bcher-kva"))).toBe("bücher");
    expect(both("punycode_to_string", s("bcher-kv!"))).toBe("");
    expect(both("punycode_to_string", s("ü"))).toBe("");
  });
  test("domains keep case and ASCII labels, and accept ideographic dots", () => {
    expect(both("punycode_domain_to_string", s("Bücher。Example.com"))).toBe("xn--Bcher-kva.Example.com");
    expect(both("punycode_domain_to_string", s("plain.org"))).toBe("plain.org");
    expect(both("punycode_domain_from_string", s("XN--Bcher-kva.Example.com"))).toBe("Bücher.Example.com");
    expect(both("punycode_domain_from_string", s("xn--bcher-kv!.com"))).toBe("");
    expect(both("punycode_domain_from_string", s("ü.com"))).toBe("");
    expect(both("punycode_domain_from_string", s(""))).toBe("");
  });
});

describe("gzip to/from base64", () => {
  test("round trip, empty, invalid", () => {
    const z = both("gzip_compress_to_base64_string", s("hello hello hello ✓")) as string;
    expect(gunzipSync(Buffer.from(z, "base64")).toString("utf8")).toBe("hello hello hello ✓");
    expect(both("gzip_decompress_from_base64_string", s(z))).toBe("hello hello hello ✓");
    expect(both("gzip_compress_to_base64_string", s(""))).toBe("");
    expect(both("gzip_decompress_from_base64_string", s(""))).toBe("");
    expect(both("gzip_decompress_from_base64_string", s("bm90IGd6aXA="))).toBe("");
    expect(both("gzip_decompress_from_base64_string", s("x0x0x0"))).toBe("");
    // FLG must be zero: a header with FNAME set is refused.
    const named = Buffer.from(z, "base64");
    named[3] = 8;
    expect(both("gzip_decompress_from_base64_string", s(named.toString("base64")))).toBe("");
  });
  test("zlib round trip, empty, invalid", () => {
    const z = both("zlib_compress_to_base64_string", s("Test string 123")) as string;
    expect(both("zlib_decompress_from_base64_string", s(z))).toBe("Test string 123");
    expect(both("zlib_compress_to_base64_string", s(""))).toBe("");
    expect(both("zlib_decompress_from_base64_string", s("x0x0x0"))).toBe("");
    expect(both("zlib_decompress_from_base64_string", s(""))).toBe("");
  });
});

describe("GUIDs and base64", () => {
  test(".NET byte order both ways", () => {
    expect(both("base64_encode_fromguid", ["00112233-4455-6677-8899-aabbccddeeff", "guid"])).toBe(Buffer.from("33221100554477668899aabbccddeeff", "hex").toString("base64"));
    const b64 = Buffer.from("33221100554477668899aabbccddeeff", "hex").toString("base64");
    expect(both("base64_decode_toguid", s(b64))).toBe("00112233-4455-6677-8899-aabbccddeeff");
    expect(both("base64_encode_fromguid", [null, "guid"])).toBe("");
  });
  test("not 16 bytes gives null", () => {
    expect(both("base64_decode_toguid", s("S3VzdG8="))).toBeNull();
    expect(both("base64_decode_toguid", s(""))).toBeNull();
    expect(both("base64_decode_toguid", s("!!!!!!!!!!!!!!!!!!!!!!=="))).toBeNull();
  });
});

describe("format_bytes", () => {
  const fb = (...args: [number | null, ...(number | string)[]]) =>
    both("format_bytes", [args[0], "real"], ...args.slice(1).map((v): [number | string, "long" | "string"] => [v as number | string, typeof v === "number" ? "long" : "string"]));
  test("auto units, precision, explicit units", () => {
    expect(fb(0)).toBe("0 Bytes");
    expect(fb(1023)).toBe("1023 Bytes");
    expect(fb(1024)).toBe("1 KB");
    expect(fb(1536, 1)).toBe("1.5 KB");
    expect(fb(1024 ** 3 * 3)).toBe("3 GB");
    expect(fb(1024 ** 2, 0, "kb")).toBe("1024 KB");
    expect(fb(512, 2, "KB")).toBe("0.5 KB");
  });
  test("empty for null, bad units or precision", () => {
    expect(fb(null)).toBe("");
    expect(fb(10, 0, "parsecs")).toBe("");
    expect(fb(10, -1)).toBe("");
  });
});

describe("parse_version", () => {
  test("parts are 8-digit groups, missing parts trail", () => {
    expect(both("parse_version", s("1"))).toBe(1e24);
    expect(both("parse_version", s("0.0.0.7"))).toBe(7);
    expect(both("parse_version", s("0.0.2"))).toBe(2e8);
    expect(both("parse_version", s("0.0.99999999.0"))).toBe(99999999e8);
    expect((both("parse_version", s("1.2")) as number) > (both("parse_version", s("1.1.9")) as number)).toBe(true);
    expect((both("parse_version", s(" 10.0 ")) as number) > (both("parse_version", s("9.99")) as number)).toBe(true);
  });
  test("null when invalid", () => {
    for (const bad of ["", "1.", ".1", "1.2.3.4.5", "1.a", "123456789", "-1", "1..2"]) expect(both("parse_version", s(bad))).toBeNull();
  });
});

describe("has_any_index", () => {
  test("first element found as a term, case-insensitive", () => {
    const d = (v: unknown[]): [unknown[], "dynamic"] => [v, "dynamic"];
    expect(both("has_any_index", s("Alpha beta gamma"), d(["delta", "BETA", "gamma"]) as never)).toBe(1);
    expect(both("has_any_index", s("Alpha beta gamma"), d(["bet"]) as never)).toBe(-1);
    expect(both("has_any_index", s("port 443 open"), d([80, 443]) as never)).toBe(1);
    expect(both("has_any_index", s("x"), d([]) as never)).toBe(-1);
    expect(both("has_any_index", s("x"), [null, "dynamic"])).toBeNull();
  });
});
