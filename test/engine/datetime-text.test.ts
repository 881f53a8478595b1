import { formatDateTime, parseDateTime } from "../../src/runtime/values.js";

describe("reading datetime text", () => {
  it.each([
    ["2024-02-29T23:59:59.9999999Z", "2024-02-29T23:59:59.9999999Z"],
    ["2024-01-01T00:00:00Z", "2024-01-01T00:00:00.0000000Z"],
    ["2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00.5000000Z"],
    ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000Z"],
    ["1969-12-31T23:59:59.9999999Z", "1969-12-31T23:59:59.9999999Z"],
  ])("%s keeps every tick", (text, iso) => {
    const t = parseDateTime(text);
    expect(t).not.toBeNull();
    expect(formatDateTime(t!)).toBe(iso);
  });
  it.each(["2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "0000-01-01T00:00:00Z", "2024-0a-01T00:00:00Z", "2024-01-01T00:00:00.Z"])(
    "%s is not a datetime",
    (text) => expect(parseDateTime(text)).toBeNull(),
  );
  it("a run of the same day and then another day both come out right", () => {
    expect(formatDateTime(parseDateTime("2024-03-01T10:00:00Z")!)).toBe("2024-03-01T10:00:00.0000000Z");
    expect(formatDateTime(parseDateTime("2024-03-01T11:00:00Z")!)).toBe("2024-03-01T11:00:00.0000000Z");
    expect(formatDateTime(parseDateTime("2025-03-01T11:00:00Z")!)).toBe("2025-03-01T11:00:00.0000000Z");
  });
});

describe("canonical datetime text", () => {
  it("accepts exactly the valid 28-character form formatDateTime writes", async () => {
    const { isCanonicalIso } = await import("../../src/runtime/values.js");
    expect(isCanonicalIso("2024-02-29T23:59:59.9999999Z")).toBe(true);
    for (const bad of ["2023-02-29T00:00:00.0000000Z", "2024-13-01T00:00:00.0000000Z", "2024-01-01T24:00:00.0000000Z", "2024-01-01T00:60:00.0000000Z", "2024-01-01T00:00:60.0000000Z", "0000-01-01T00:00:00.0000000Z", "2024-01-01T00:00:00.000000Z", "2024-01-01 00:00:00.0000000Z", "2024-01-01T00:00:00.00000a0Z"]) {
      expect([bad, isCanonicalIso(bad)]).toEqual([bad, false]);
    }
  });

  it("agrees with parsing and printing back, on valid texts with one character changed", async () => {
    const { isCanonicalIso } = await import("../../src/runtime/values.js");
    const fc = (await import("fast-check")).default;
    const valid = fc.bigInt({ min: 0n, max: 3_155_378_975_999_999_999n }).map((t) => formatDateTime(t));
    fc.assert(
      fc.property(valid, fc.nat(27), fc.constantFrom(..."0123456789-:.TZ /a+"), (text, at, ch) => {
        const s = text.slice(0, at) + ch + text.slice(at + 1);
        const parsed = parseDateTime(s);
        expect(isCanonicalIso(s)).toBe(parsed !== null && formatDateTime(parsed) === s);
      }),
      { numRuns: 3000 },
    );
  });
});
