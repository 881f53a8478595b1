import { run, scalar } from "./helpers.js";

describe("null semantics", () => {
  it("== with one null is false, with two nulls is null", () => {
    expect(scalar("print int(null) == 1")).toBe(false);
    expect(scalar("print int(null) == int(null)")).toBeNull();
  });
  it("!= with one null is true, with two nulls is null", () => {
    expect(scalar("print int(null) != 1")).toBe(true);
    expect(scalar("print int(null) != int(null)")).toBeNull();
  });
  it("ordering comparisons and arithmetic are sticky", () => {
    expect(scalar("print 5 > int(null)")).toBeNull();
    expect(scalar("print int(null) + 1")).toBeNull();
  });
  it("and/or short-circuit nulls the three-valued way", () => {
    expect(scalar("print false and bool(null)")).toBe(false);
    expect(scalar("print true and bool(null)")).toBeNull();
    expect(scalar("print true or bool(null)")).toBe(true);
    expect(scalar("print false or bool(null)")).toBeNull();
    expect(scalar("print not(bool(null))")).toBeNull();
  });
  it("strings have no null: a missing string field reads as empty", () => {
    const r = run("T | extend e = isempty(s), n = isnull(s)", { T: [{ s: "x" }, { s: null }, {}] });
    expect(r.rows.map((x) => [x.s, x.e, x.n])).toEqual([
      ["x", false, false],
      ["", true, false],
      ["", true, false],
    ]);
  });
  it("ipv4_is_private(...) == false drops IPv6, as the seed rule relies on", () => {
    const r = run("T | where ipv4_is_private(ip) == false", { T: [{ ip: "8.8.8.8" }, { ip: "2001:db8::1" }, { ip: "10.1.1.1" }] });
    expect(r.rows.map((x) => x.ip)).toEqual(["8.8.8.8"]);
  });
});

describe("numbers and time", () => {
  it("integer division truncates and % is a mathematical modulo", () => {
    expect(scalar("print 7 / 2")).toBe(3);
    expect(scalar("print -7 / 2")).toBe(-3);
    expect(scalar("print -14 % 12")).toBe(10);
    expect(scalar("print 7.0 / 2")).toBe(3.5);
  });
  it("datetime arithmetic keeps 100 ns ticks", () => {
    expect(scalar("print datetime(2024-01-01T00:00:00.1234567Z) + 1tick")).toBe("2024-01-01T00:00:00.1234568Z");
    expect(scalar("print datetime(2024-01-02) - datetime(2024-01-01)")).toBe("1.00:00:00");
    expect(scalar("print 1h / 30m")).toBe(2);
    expect(scalar("print 2 * 1h")).toBe("02:00:00");
  });
  it("rows keep all seven fractional digits end to end", () => {
    const r = run("T | where t > datetime(2024-01-01T00:00:00.1234566Z)", { T: [{ t: "2024-01-01T00:00:00.1234567Z" }, { t: "2024-01-01T00:00:00.1234566Z" }] });
    expect(r.rows).toEqual([{ t: "2024-01-01T00:00:00.1234567Z" }]);
  });
  it("now() is one instant for the whole query and comes from options.now", () => {
    expect(scalar("print now()")).toBe("2026-11-28T12:00:00.0000000Z");
    expect(scalar("print now() - ago(1d)")).toBe("1.00:00:00");
  });
});

describe("string operators", () => {
  it("=~ and in~ ignore case, == and in do not", () => {
    expect(scalar('print "VAULTS" =~ "vaults"')).toBe(true);
    expect(scalar('print "VAULTS" == "vaults"')).toBe(false);
    expect(scalar('print "A" in~ ("a", "b")')).toBe(true);
    expect(scalar('print "A" in ("a", "b")')).toBe(false);
    expect(scalar('print "A" !in ("a", "b")')).toBe(true);
  });
  it("has matches whole terms, contains substrings", () => {
    expect(scalar('print "North America" has "america"')).toBe(true);
    expect(scalar('print "North America" has "ameri"')).toBe(false);
    expect(scalar('print "North America" contains "ameri"')).toBe(true);
    expect(scalar('print "North America" has_cs "america"')).toBe(false);
  });
  it("startswith and its negation", () => {
    expect(scalar('print "fe80::1" !startswith "FE80"')).toBe(false);
    expect(scalar('print "127.0.0.1" startswith "127."')).toBe(true);
  });
  it("matches regex uses RE2 and between includes both ends", () => {
    expect(scalar('print "abc123" matches regex @"^[a-z]+\\d+$"')).toBe(true);
    expect(scalar("print 5 between (1 .. 5)")).toBe(true);
    expect(scalar("print 6 !between (1 .. 5)")).toBe(true);
  });
  it("has_any and has_all take term lists", () => {
    expect(scalar('print "cmd.exe /c whoami" has_any ("whoami", "net")')).toBe(true);
    expect(scalar('print "cmd.exe /c whoami" has_all ("whoami", "net")')).toBe(false);
  });
});

describe("dynamic", () => {
  it("reads members and indexes of JSON values", () => {
    const r = run("T | extend a = d.a, b = d['b'][1], c = tostring(d.a)", { T: [{ d: { a: "x", b: [1, 2] } }] });
    expect(r.rows[0]).toMatchObject({ a: "x", b: 2, c: "x" });
  });
  it("JSON text in a dynamic column is parsed; invalid JSON is null", () => {
    const r = run("T | extend a = d.a", { T: [{ d: '{"a": 1}' }, { d: "{bad" }] }, { schemas: { T: [{ name: "d", type: "dynamic" }] } });
    expect(r.rows.map((x) => x.a)).toEqual([1, null]);
  });
  it("__proto__ keys are ordinary data", () => {
    const row = JSON.parse('{"d": {"__proto__": {"polluted": true}, "k": 1}}') as Record<string, unknown>;
    const r = run("T | extend p = d['__proto__'].polluted", { T: [row] });
    expect(r.rows[0]!.p).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("literals", () => {
  it("reads True and FALSE as bool literals when no column has that name", () => {
    expect(scalar("print True and not(FALSE)")).toBe(true);
    expect(run("T | where flag == False", { T: [{ flag: false }, { flag: true }] }).rows).toEqual([{ flag: false }]);
  });
});
