import { both, call, callDyn, CTX, returnType } from "./helpers.js";
import { findScalarFunction } from "../../src/functions/registry.js";

describe("basics", () => {
  test("strcat / strcat_delim", () => {
    expect(both("strcat", ["a", "string"], [1, "long"], [null, "long"], [true, "bool"])).toBe("a1true");
    expect(both("strcat_delim", ["-", "string"], ["a", "string"], ["b", "string"])).toBe("a-b");
  });
  test("strlen counts code points; string_size counts UTF-8 bytes", () => {
    expect(both("strlen", ["hello", "string"])).toBe(5);
    expect(both("strlen", ["😀", "string"])).toBe(1);
    expect(both("strlen", ["", "string"])).toBe(0);
    expect(both("string_size", ["😀", "string"])).toBe(4);
    expect(both("string_size", ["é", "string"])).toBe(2);
  });
  test("tolower / toupper / reverse", () => {
    expect(both("tolower", ["AbC", "string"])).toBe("abc");
    expect(both("toupper", ["AbC", "string"])).toBe("ABC");
    expect(both("reverse", ["ab😀", "string"])).toBe("😀ba");
  });
  test("substring", () => {
    expect(both("substring", ["123456", "string"], [1, "long"])).toBe("23456");
    expect(both("substring", ["123456", "string"], [2, "long"], [2, "long"])).toBe("34");
    expect(both("substring", ["123456", "string"], [-2, "long"], [2, "long"])).toBe("56");
    expect(both("substring", ["abc", "string"], [-1, "long"])).toBe("c");
    expect(both("substring", ["abc", "string"], [-10, "long"], [2, "long"])).toBe("ab");
    expect(both("substring", ["abc", "string"], [5, "long"])).toBe("");
    expect(both("substring", ["a😀b", "string"], [1, "long"], [1, "long"])).toBe("😀");
  });
});

describe("regex functions", () => {
  test("extract", () => {
    expect(both("extract", ["x=([0-9.]+)", "string"], [1, "long"], ["a x=3.14 b", "string"])).toBe("3.14");
    expect(both("extract", ["x=([0-9.]+)", "string"], [0, "long"], ["a x=3.14 b", "string"])).toBe("x=3.14");
    expect(both("extract", ["y=(\\d+)", "string"], [1, "long"], ["a x=3 b", "string"])).toBe("");
    expect(both("extract", ["(a)|(b)", "string"], [2, "long"], ["a", "string"])).toBe("");
    expect(call("extract", ["x=(\\d+)", "string"], [1, "long"], ["x=42", "string"], ["long", "string"])).toBe(42);
    expect(returnType("extract", ["x", "string"], [1, "long"], ["x", "string"], ["long", "string"])).toBe("long");
    expect(() => call("extract", ["(a", "string"], [1, "long"], ["x", "string"])).toThrow(expect.objectContaining({ code: "KQL_ARGUMENTS" }));
    expect(() => call("extract", ["(?=a)", "string"], [1, "long"], ["x", "string"])).toThrow(expect.objectContaining({ code: "KQL_ARGUMENTS" }));
  });
  test("extract_all", () => {
    expect(both("extract_all", ["(\\d+)", "string"], ["a1 b22 c333", "string"])).toEqual(["1", "22", "333"]);
    expect(both("extract_all", ["(\\w)(\\d)", "string"], ["a1 b2", "string"])).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
    expect(both("extract_all", ["(\\w)(\\w+)(\\w)", "string"], [[1, 3], "dynamic"], ["The quick", "string"])).toEqual([
      ["T", "e"],
      ["q", "k"],
    ]);
    expect(both("extract_all", ["(\\d+)", "string"], ["none", "string"])).toBeNull();
  });
  test("replace_regex / replace / replace_string", () => {
    expect(both("replace_regex", ["a1b22", "string"], ["(\\d+)", "string"], ["<\\1>", "string"])).toBe("a<1>b<22>");
    expect(both("replace", ["is (\\w+)", "string"], ["was \\1", "string"], ["this is it", "string"])).toBe("thwas is it");
    expect(both("replace_regex", ["abc", "string"], ["", "string"], ["-", "string"])).toBe("-a-b-c-");
    expect(both("replace_string", ["a.b.c", "string"], [".", "string"], ["::", "string"])).toBe("a::b::c");
  });
  test("trim", () => {
    expect(both("trim", ["--", "string"], ["--ab--", "string"])).toBe("ab");
    expect(both("trim", ["\\s+", "string"], ["  x y  ", "string"])).toBe("x y");
    expect(both("trim_start", ["[0-9]", "string"], ["123abc456", "string"])).toBe("abc456");
    expect(both("trim_end", ["[0-9]", "string"], ["123abc456", "string"])).toBe("123abc");
  });
  test("countof / indexof / indexof_regex", () => {
    expect(both("countof", ["aaa", "string"], ["aa", "string"])).toBe(2);
    expect(both("countof", ["aaa", "string"], ["aa", "string"], ["regex", "string"])).toBe(1);
    expect(both("countof", ["abc", "string"], ["", "string"])).toBe(0);
    expect(both("indexof", ["abcdefg", "string"], ["cde", "string"])).toBe(2);
    expect(both("indexof", ["abcdefg", "string"], ["cde", "string"], [1, "long"], [4, "long"])).toBe(2);
    expect(both("indexof", ["abcdefg", "string"], ["cde", "string"], [1, "long"], [2, "long"])).toBe(-1);
    expect(both("indexof", ["abcabc", "string"], ["bc", "string"], [0, "long"], [-1, "long"], [2, "long"])).toBe(4);
    expect(both("indexof", ["abc", "string"], ["z", "string"])).toBe(-1);
    expect(call("indexof_regex", ["abcabc", "string"], ["b.", "string"], [2, "long"])).toBe(4);
    // A negative start offsets from the end for indexof, but is null for indexof_regex.
    expect(both("indexof", ["abcabc", "string"], ["bc", "string"], [-2, "long"])).toBe(4);
    expect(call("indexof_regex", ["abcabc", "string"], ["b.", "string"], [-2, "long"])).toBeNull();
    expect(call("indexof_regex", ["abcabc", "string"], ["b.", "string"], [0, "long"], [-2, "long"])).toBeNull();
    expect(call("indexof_regex", ["abcabc", "string"], ["x", "string"])).toBe(-1);
  });
});

describe("other string functions", () => {
  test("split", () => {
    expect(both("split", ["aa_bb_cc", "string"], ["_", "string"])).toEqual(["aa", "bb", "cc"]);
    expect(both("split", ["aa_bb_cc", "string"], ["_", "string"], [1, "long"])).toEqual(["bb"]);
    expect(both("split", ["aa_bb", "string"], ["_", "string"], [5, "long"])).toEqual([]);
    expect(both("split", ["", "string"], ["_", "string"])).toEqual([""]);
  });
  test("strrep / strcmp / translate / isascii", () => {
    expect(both("strrep", ["ab", "string"], [3, "long"], [",", "string"])).toBe("ab,ab,ab");
    expect(both("strcmp", ["a", "string"], ["b", "string"])).toBe(-1);
    expect(both("translate", ["abc", "string"], ["x", "string"], ["abcd", "string"])).toBe("xxxd");
    expect(both("translate", ["ab", "string"], ["", "string"], ["abcd", "string"])).toBe("cd");
    expect(both("translate", ["ab", "string"], ["xy", "string"], ["abcd", "string"])).toBe("xycd");
    expect(both("isascii", ["abc", "string"])).toBe(true);
    expect(both("isascii", ["abé", "string"])).toBe(false);
  });
  test("url and base64", () => {
    // .NET HttpUtility.UrlEncode: a space is '+', hex is lower case, -_.!*() stay, ' and ~ are encoded.
    expect(both("url_encode", ["http://ex.org/a b?q=1&r=é", "string"])).toBe("http%3a%2f%2fex.org%2fa+b%3fq%3d1%26r%3d%c3%a9");
    expect(both("url_encode", ["(x)!*-_.~'", "string"])).toBe("(x)!*-_.%7e%27");
    expect(both("url_encode_component", ["a b+c", "string"])).toBe("a%20b%2bc");
    expect(both("url_decode", ["https%3a%2f%2fwww.bing.com%2f%E2%82%AC+x", "string"])).toBe("https://www.bing.com/€ x");
    expect(both("url_decode", ["100%", "string"])).toBe("100%");
    expect(both("base64_encode_tostring", ["Kusto1", "string"])).toBe("S3VzdG8x");
    expect(both("base64_decode_tostring", ["S3VzdG8x", "string"])).toBe("Kusto1");
    expect(both("base64_decodestring", ["***", "string"])).toBe("");
    expect(both("base64_decode_toarray", ["S3VzdG8=", "string"])).toEqual([75, 117, 115, 116, 111]);
    // Missing padding (a length that is not a multiple of 4) is invalid, as in .NET.
    expect(both("base64_decode_toarray", ["S3VzdG8", "string"])).toBeNull();
    expect(both("base64_decode_tostring", ["S3VzdG8", "string"])).toBe("");
    expect(both("base64_encode_fromarray", [null, "dynamic"])).toBe("");
    expect(both("base64_encode_fromarray", [[], "dynamic"])).toBe("");
    expect(both("base64_encode_fromarray", [[75, 256], "dynamic"])).toBe("");
    expect(both("base64_encode_fromarray", [[75, 117], "dynamic"])).toBe("S3U=");
  });
  test("hashes", () => {
    expect(both("hash_sha256", ["World", "string"])).toBe("78ae647dc5544d227130a0682a51e30bc7777fbb6d8a8f17007463a3ecd1d524");
    expect(both("hash_md5", ["World", "string"])).toBe("f5a7924e621e84c9280a9a27e1bcb7f6");
  });
  test("parse_url / parse_urlquery", () => {
    expect(both("parse_url", ["scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment", "string"])).toEqual({
      Scheme: "scheme",
      Host: "host",
      Port: "1234",
      Path: "/this/is/a/path",
      Username: "username",
      Password: "password",
      "Query Parameters": { k1: "v1", k2: "v2" },
      Fragment: "fragment",
    });
    expect((both("parse_url", ["https://contoso.com/a?x=%20y", "string"]) as Record<string, unknown>)["Query Parameters"]).toEqual({ x: " y" });
    // Groups that take no part (user, password, port, query, fragment) are empty, as is every field of a non-URL.
    expect(both("parse_url", ["  https://[::1]/p  ", "string"])).toEqual({
      Scheme: "https",
      Host: "[::1]",
      Port: "",
      Path: "/p",
      Username: "",
      Password: "",
      "Query Parameters": {},
      Fragment: "",
    });
    expect(both("parse_url", ["not a url", "string"])).toEqual({ Scheme: "", Host: "", Port: "", Path: "", Username: "", Password: "", "Query Parameters": {}, Fragment: "" });
    expect(both("parse_urlquery", ["k1=v1&k2=v2&k3=v3", "string"])).toEqual({ "Query Parameters": { k1: "v1", k2: "v2", k3: "v3" } });
  });
  test("parse_path", () => {
    expect(both("parse_path", ["C:\\temp\\file.txt", "string"])).toEqual({
      Scheme: "",
      RootPath: "C:",
      DirectoryPath: "C:\\temp",
      DirectoryName: "temp",
      Filename: "file.txt",
      Extension: "txt",
      AlternateDataStreamName: "",
    });
    expect((both("parse_path", ["C:\\temp\\file.txt:ads", "string"]) as Record<string, unknown>)["AlternateDataStreamName"]).toBe("ads");
    const unc = both("parse_path", ["\\\\srv\\share\\dir\\f.tar.gz", "string"]) as Record<string, unknown>;
    expect(unc["RootPath"]).toBe("");
    expect(unc["DirectoryPath"]).toBe("\\\\srv\\share\\dir");
    expect(unc["DirectoryName"]).toBe("dir");
    expect(unc["Extension"]).toBe("gz");
    expect((both("parse_path", ["/usr/lib/x.so", "string"]) as Record<string, unknown>)["RootPath"]).toBe("");
    expect((both("parse_path", ["file://C:/temp/a.txt", "string"]) as Record<string, unknown>)["RootPath"]).toBe("C:");
  });
  test("parse_command_line", () => {
    expect(both("parse_command_line", ['"C:\\Program Files\\x.exe" /c "a b" c\\"d e\\\\', "string"], ["windows", "string"])).toEqual([
      "C:\\Program Files\\x.exe",
      "/c",
      "a b",
      'c"d',
      "e\\\\",
    ]);
    expect(() => call("parse_command_line", ["x", "string"], ["linux", "string"])).toThrow(expect.objectContaining({ code: "KQL_ARGUMENTS" }));
  });
  test("new_guid is a fresh lower-case guid", () => {
    const g = callDyn("new_guid") as string;
    expect(g).toHaveLength(36);
    expect(g).toBe(g.toLowerCase());
    expect(callDyn("new_guid")).not.toBe(g);
  });
});

test("countof normal never compiles the search text as a regex", () => {
  expect(call("countof", ["a(b(c", "string"], ["(", "string"])).toBe(2);
  expect(() => call("countof", ["a", "string"], ["(", "string"], ["regex", "string"])).toThrow(expect.objectContaining({ code: "KQL_ARGUMENTS" }));
});

describe("extract over a column, one bound call per query", () => {
  test("rows that repeat texts and ask for other groups get their own answers (the per-text memo)", () => {
    const def = findScalarFunction("extract")!;
    const infos = [
      { type: "string" as const, constant: true, value: "(Secret|Key)(Get|Sign)?" },
      { type: "long" as const, constant: false },
      { type: "string" as const, constant: false },
    ];
    const bound = def.bind(infos, CTX);
    const rows: [number, string][] = [
      [1, "SecretGet"], [2, "SecretGet"], [0, "KeySign"], [2, "SecretGet"], [1, "KeySign"], [2, "Vault"], [1, "xKeyy"], [2, "KeySign"], [0, "SecretGet"],
    ];
    for (const [group, text] of rows) {
      const fresh = def.bind(infos, CTX)([null, group, text]);
      expect([group, text, bound([null, group, text])]).toEqual([group, text, fresh]);
    }
    expect(bound([null, 2, "SecretGet"])).toBe("Get");
    expect(bound([null, 1, "xKeyy"])).toBe("Key");
  });
});
