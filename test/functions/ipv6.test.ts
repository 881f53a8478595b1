import { both } from "./helpers.js";
import { ipv4RangeToCidrs } from "../../src/functions/ipv6.js";

const s = (v: string): [string, "string"] => [v, "string"];
const l = (v: number): [number, "long"] => [v, "long"];

describe("parse_ipv6 / parse_ipv6_mask", () => {
  test("canonical text, IPv4 mapped, prefixes mask", () => {
    expect(both("parse_ipv6", s("::1"))).toBe("0000:0000:0000:0000:0000:0000:0000:0001");
    expect(both("parse_ipv6", s("10.0.0.1"))).toBe("0000:0000:0000:0000:0000:ffff:0a00:0001");
    expect(both("parse_ipv6", s("10.0.0.1/8"))).toBe("0000:0000:0000:0000:0000:ffff:0a00:0000");
    expect(both("parse_ipv6", s(" ABCD::1/16 "))).toBe("abcd:0000:0000:0000:0000:0000:0000:0000");
    expect(both("parse_ipv6", s("::10.0.0.1"))).toBe("0000:0000:0000:0000:0000:ffff:0a00:0001");
  });
  test("invalid text gives an empty string", () => {
    for (const bad of ["", "nope", "1::2::3", "10.0.0.256", "::1/129", "10.0.0.1/33", "::1/", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9"]) {
      expect(both("parse_ipv6", s(bad))).toBe("");
    }
    expect(both("parse_ipv6_mask", s("::1"), l(129))).toBe("");
    expect(both("parse_ipv6_mask", s("::1"), [null, "long"])).toBe("");
  });
  test("parse_ipv6_mask uses the smaller prefix", () => {
    expect(both("parse_ipv6_mask", s("ffff::ffff"), l(0))).toBe("0000:0000:0000:0000:0000:0000:0000:0000");
    expect(both("parse_ipv6_mask", s("ffff::ffff/8"), l(120))).toBe("ff00:0000:0000:0000:0000:0000:0000:0000");
    expect(both("parse_ipv6_mask", s("1.2.3.4"), l(112))).toBe("0000:0000:0000:0000:0000:ffff:0102:0000");
  });
});

describe("ipv6_compare / ipv6_is_match", () => {
  test("order and prefixes", () => {
    expect(both("ipv6_compare", s("::1"), s("::2"))).toBe(-1);
    expect(both("ipv6_compare", s("::2"), s("::1"))).toBe(1);
    expect(both("ipv6_compare", s("::2"), s("::1"), l(126))).toBe(0);
    expect(both("ipv6_compare", s("::2/126"), s("::1"))).toBe(0);
    expect(both("ipv6_compare", s("ffff::"), s("::1"))).toBe(1);
    expect(both("ipv6_is_match", s("1.2.3.4"), s("::ffff:102:304"))).toBe(true);
    expect(both("ipv6_is_match", s("1.2.3.4"), s("1.2.3.5"))).toBe(false);
    expect(both("ipv6_is_match", s("1.2.3.4/24"), s("1.2.3.5"))).toBe(true);
  });
  test("null for invalid input or prefix", () => {
    expect(both("ipv6_compare", s("::1"), s("bad"))).toBeNull();
    expect(both("ipv6_is_match", s("::1"), s("::1"), l(200))).toBeNull();
    expect(both("ipv6_is_match", s("::1"), s("::1"), l(-1))).toBeNull();
    expect(both("ipv6_is_match", s("::1"), s("::1"), [null, "long"])).toBeNull();
  });
});

describe("ipv6_is_in_range / ipv6_is_in_any_range", () => {
  test("ranges", () => {
    expect(both("ipv6_is_in_range", s("2001:db8::5"), s("2001:db8::/32"))).toBe(true);
    expect(both("ipv6_is_in_range", s("2001:db9::5"), s("2001:db8::/32"))).toBe(false);
    expect(both("ipv6_is_in_range", s("2001:db8::5"), s("2001:db8::5"))).toBe(true);
    expect(both("ipv6_is_in_range", s("10.1.2.3"), s("10.0.0.0/8"))).toBe(true);
    expect(both("ipv6_is_in_range", s("x"), s("::/0"))).toBeNull();
    expect(both("ipv6_is_in_range", s("::1"), s("::/0"))).toBe(true);
  });
  test("any range: array or several strings; invalid ranges are skipped", () => {
    expect(both("ipv6_is_in_any_range", s("::5"), [["bad", 7, "::4/126"], "dynamic"])).toBe(true);
    expect(both("ipv6_is_in_any_range", s("::5"), s("::8/126"), s("::6/127"))).toBe(false);
    expect(both("ipv6_is_in_any_range", s("::5"), s("::8/126"), s("::4/126"))).toBe(true);
    expect(both("ipv6_is_in_any_range", s("::5"), [[], "dynamic"])).toBe(false);
    expect(both("ipv6_is_in_any_range", s("nope"), s("::/0"))).toBeNull();
  });
});

describe("ipv4_range_to_cidr_list", () => {
  test("blocks", () => {
    expect(both("ipv4_range_to_cidr_list", s("10.0.0.0"), s("10.0.0.255"))).toEqual(["10.0.0.0/24"]);
    expect(both("ipv4_range_to_cidr_list", s("10.0.0.1"), s("10.0.0.6"))).toEqual(["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"]);
    expect(both("ipv4_range_to_cidr_list", s("0.0.0.0"), s("255.255.255.255"))).toEqual(["0.0.0.0/0"]);
    expect(both("ipv4_range_to_cidr_list", s("255.255.255.255"), s("255.255.255.255"))).toEqual(["255.255.255.255/32"]);
    expect(both("ipv4_range_to_cidr_list", s("10.0.0.2"), s("10.0.0.1"))).toEqual([]);
    expect(both("ipv4_range_to_cidr_list", s("10.0.0"), s("10.0.0.1"))).toBeNull();
  });
  test("the blocks cover exactly the range (property over small ranges)", () => {
    for (let start = 0; start < 70; start += 3) {
      for (let end = start; end < 140; end += 7) {
        let covered = 0;
        let next = start;
        for (const c of ipv4RangeToCidrs(start, end)) {
          const [ip, p] = c.split("/");
          const v = ip!.split(".").reduce((acc, x) => acc * 256 + Number(x), 0);
          expect(v).toBe(next);
          next += 2 ** (32 - Number(p));
          covered += 2 ** (32 - Number(p));
        }
        expect(covered).toBe(end - start + 1);
      }
    }
  });
});
