import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { both } from "./helpers.js";
import { ipv4sInText, parseIpv4Strict } from "../../src/functions/ip.js";

const priv = (s: string) => both("ipv4_is_private", [s, "string"]);

describe("ipv4_is_private", () => {
  test("range edges", () => {
    expect(priv("10.0.0.0")).toBe(true);
    expect(priv("10.255.255.255")).toBe(true);
    expect(priv("11.0.0.0")).toBe(false);
    expect(priv("172.15.255.255")).toBe(false);
    expect(priv("172.16.0.0")).toBe(true);
    expect(priv("172.31.255.255")).toBe(true);
    expect(priv("172.32.0.0")).toBe(false);
    expect(priv("192.168.0.1")).toBe(true);
    expect(priv("192.169.0.1")).toBe(false);
    expect(priv("192.167.255.255")).toBe(false);
  });
  test("not private: loopback, link-local, public", () => {
    expect(priv("127.0.0.1")).toBe(false);
    expect(priv("169.254.1.1")).toBe(false);
    expect(priv("8.8.8.8")).toBe(false);
  });
  test("CIDR input", () => {
    expect(priv("192.168.1.1/24")).toBe(true);
    expect(priv("10.0.0.0/8")).toBe(true);
    expect(priv("8.8.8.0/24")).toBe(false);
    expect(priv("10.0.0.0/33")).toBeNull();
  });
  test("null for anything that is not IPv4", () => {
    expect(priv("::1")).toBeNull();
    expect(priv("2001:db8::1")).toBeNull();
    expect(priv("")).toBeNull();
    expect(priv("garbage")).toBeNull();
    expect(priv("10.0.0")).toBeNull();
    expect(priv("10.0.0.256")).toBeNull();
    expect(priv("010.0.0.1")).toBeNull();
  });
});

describe("strict parser agrees with ipaddr.js", () => {
  test("property: random dotted strings", () => {
    const part = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom("00", "01", "", "a", "0x1", "255", "256", "-1"));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const s = parts.join(".");
        expect(parseIpv4Strict(s) >= 0).toBe(ipaddr.IPv4.isValidFourPartDecimal(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("other IPv4 functions", () => {
  test("parse_ipv4", () => {
    expect(both("parse_ipv4", ["127.0.0.1", "string"])).toBe(2130706433);
    expect(both("parse_ipv4", ["192.1.168.1/16", "string"])).toBe(3221291008);
    expect(both("parse_ipv4", ["nope", "string"])).toBeNull();
  });
  test("ipv4_compare and ipv4_is_match", () => {
    expect(both("ipv4_compare", ["127.0.0.1", "string"], ["127.0.0.2", "string"])).toBe(-1);
    expect(both("ipv4_compare", ["192.168.1.1", "string"], ["192.168.1.255", "string"], [24, "long"])).toBe(0);
    expect(both("ipv4_compare", ["192.168.1.1/24", "string"], ["192.168.1.255", "string"])).toBe(0);
    expect(both("ipv4_is_match", ["192.168.1.1", "string"], ["192.168.1.1", "string"])).toBe(true);
    expect(both("ipv4_is_match", ["192.168.1.1", "string"], ["x", "string"])).toBeNull();
  });
  test("ipv4_is_in_range / any range", () => {
    expect(both("ipv4_is_in_range", ["10.1.2.3", "string"], ["10.1.0.0/16", "string"])).toBe(true);
    expect(both("ipv4_is_in_range", ["10.2.2.3", "string"], ["10.1.0.0/16", "string"])).toBe(false);
    expect(both("ipv4_is_in_range", ["10.1.2.3", "string"], ["10.1.2.3", "string"])).toBe(true);
    expect(both("ipv4_is_in_any_range", ["10.1.2.3", "string"], ["1.0.0.0/8", "string"], ["10.0.0.0/8", "string"])).toBe(true);
    expect(both("ipv4_is_in_any_range", ["10.1.2.3", "string"], [["1.0.0.0/8", "172.16.0.0/12"], "dynamic"])).toBe(false);
  });
  test("has_ipv4 and prefixes", () => {
    expect(both("has_ipv4", ["These requests came from: 192.168.1.1, 10.1.1.115 and 10.1.1.201", "string"], ["10.1.1.115", "string"])).toBe(true);
    expect(both("has_ipv4", ["id=10.1.1.1234", "string"], ["10.1.1.123", "string"])).toBe(false);
    expect(both("has_ipv4", ["host10.1.1.1", "string"], ["10.1.1.1", "string"])).toBe(false);
    expect(both("has_ipv4", ["ended at 10.1.1.1.", "string"], ["10.1.1.1", "string"])).toBe(true);
    expect(both("has_ipv4_prefix", ["from 10.1.2.3 ok", "string"], ["10.1.", "string"])).toBe(true);
    expect(both("has_ipv4_prefix", ["from 10.11.2.3 ok", "string"], ["10.1.", "string"])).toBe(false);
    expect(both("has_any_ipv4", ["a 1.2.3.4 b", "string"], [["5.6.7.8", "1.2.3.4"], "dynamic"])).toBe(true);
    expect(both("has_any_ipv4", ["a 1.2.3.4 b", "string"], ["5.6.7.8", "string"])).toBe(false);
    expect(both("has_any_ipv4_prefix", ["a 1.2.3.4 b", "string"], ["9.", "string"], ["1.2.", "string"])).toBe(true);
    expect(ipv4sInText("1.2.3.4,5.6.7.8;999.1.1.1")).toEqual([16909060, 84281096]);
  });
  test("format_ipv4 / netmask", () => {
    expect(both("format_ipv4", ["192.168.1.255", "string"], [24, "long"])).toBe("192.168.1.0");
    expect(both("format_ipv4", [3232236031, "long"])).toBe("192.168.1.255");
    expect(both("format_ipv4_mask", ["192.168.1.255", "string"], [24, "long"])).toBe("192.168.1.0/24");
    expect(both("ipv4_netmask_suffix", ["10.0.0.0/8", "string"])).toBe(8);
    expect(both("ipv4_netmask_suffix", ["10.0.0.1", "string"])).toBe(32);
  });
});
