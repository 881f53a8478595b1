import { NOW, both, call, dt } from "./helpers.js";
import { TICKS_PER_DAY, TICKS_PER_HOUR, formatDateTime } from "../../src/runtime/values.js";

const fmt = (v: unknown) => (typeof v === "bigint" ? formatDateTime(v) : v);
const D = (s: string): [bigint, "datetime"] => [dt(s), "datetime"];

describe("now / ago", () => {
  test("now is the query's instant; ago subtracts", () => {
    expect(call("now")).toBe(NOW);
    expect(both("now", [-TICKS_PER_HOUR, "timespan"])).toBe(NOW - TICKS_PER_HOUR);
    expect(both("ago", [TICKS_PER_DAY, "timespan"])).toBe(NOW - TICKS_PER_DAY);
    expect(both("ago", [null, "timespan"])).toBeNull();
  });
});

describe("start/end of periods", () => {
  test("startof*", () => {
    expect(fmt(both("startofday", D("2024-05-15T12:34:56Z")))).toBe("2024-05-15T00:00:00.0000000Z");
    expect(fmt(both("startofday", D("2024-05-15T12:34:56Z"), [-1, "long"]))).toBe("2024-05-14T00:00:00.0000000Z");
    expect(fmt(both("startofweek", D("2024-05-15T12:00:00Z")))).toBe("2024-05-12T00:00:00.0000000Z");
    expect(fmt(both("startofweek", D("2024-05-12T00:00:00Z")))).toBe("2024-05-12T00:00:00.0000000Z");
    expect(fmt(both("startofmonth", D("2024-05-15T12:00:00Z"), [-5, "long"]))).toBe("2023-12-01T00:00:00.0000000Z");
    expect(fmt(both("startofyear", D("2024-05-15T12:00:00Z"), [1, "long"]))).toBe("2025-01-01T00:00:00.0000000Z");
    expect(fmt(both("startofday", D("1969-12-31T23:00:00Z")))).toBe("1969-12-31T00:00:00.0000000Z");
  });
  test("endof*", () => {
    expect(fmt(both("endofday", D("2024-05-15T12:34:56Z")))).toBe("2024-05-15T23:59:59.9999999Z");
    expect(fmt(both("endofmonth", D("2024-02-10T00:00:00Z")))).toBe("2024-02-29T23:59:59.9999999Z");
    expect(fmt(both("endofweek", D("2024-05-15T00:00:00Z")))).toBe("2024-05-18T23:59:59.9999999Z");
    expect(fmt(both("endofyear", D("2024-05-15T00:00:00Z")))).toBe("2024-12-31T23:59:59.9999999Z");
  });
});

describe("datetime_add / datetime_diff / datetime_part", () => {
  test("datetime_add clamps month ends", () => {
    expect(fmt(both("datetime_add", ["month", "string"], [1, "long"], D("2024-01-31T10:00:00Z")))).toBe("2024-02-29T10:00:00.0000000Z");
    expect(fmt(both("datetime_add", ["year", "string"], [-1, "long"], D("2024-02-29T00:00:00Z")))).toBe("2023-02-28T00:00:00.0000000Z");
    expect(fmt(both("datetime_add", ["hour", "string"], [25, "long"], D("2024-01-01T00:00:00Z")))).toBe("2024-01-02T01:00:00.0000000Z");
    expect(fmt(both("datetime_add", ["week", "string"], [1, "long"], D("2024-01-01T00:00:00Z")))).toBe("2024-01-08T00:00:00.0000000Z");
  });
  test("datetime_diff counts calendar boundaries", () => {
    expect(both("datetime_diff", ["year", "string"], D("2017-01-01T00:00:00Z"), D("2000-12-31T00:00:00Z"))).toBe(17);
    expect(both("datetime_diff", ["quarter", "string"], D("2017-07-01T00:00:00Z"), D("2017-03-30T00:00:00Z"))).toBe(2);
    expect(both("datetime_diff", ["month", "string"], D("2017-01-01T00:00:00Z"), D("2015-12-30T00:00:00Z"))).toBe(13);
    expect(both("datetime_diff", ["week", "string"], D("2017-10-29T00:00:00Z"), D("2017-09-30T00:00:00Z"))).toBe(5);
    expect(both("datetime_diff", ["day", "string"], D("2017-10-29T00:00:00Z"), D("2017-09-30T23:59:59Z"))).toBe(29);
    expect(both("datetime_diff", ["hour", "string"], D("2017-10-31T01:00:00Z"), D("2017-10-30T23:59:59Z"))).toBe(2);
    expect(both("datetime_diff", ["minute", "string"], D("2017-10-30T23:05:01Z"), D("2017-10-30T23:00:59Z"))).toBe(5);
    expect(both("datetime_diff", ["second", "string"], D("2017-10-30T23:00:10.100Z"), D("2017-10-30T23:00:00.900Z"))).toBe(10);
    expect(both("datetime_diff", ["millisecond", "string"], D("2017-10-30T23:00:00.2023Z"), D("2017-10-30T23:00:00.0000Z"))).toBe(202);
    expect(both("datetime_diff", ["day", "string"], D("2024-01-01T00:00:00Z"), D("2024-01-03T00:00:00Z"))).toBe(-2);
  });
  test("datetime_part and getters", () => {
    const d = D("2017-10-30T01:02:03.7654321Z");
    expect(both("datetime_part", ["year", "string"], d)).toBe(2017);
    expect(both("datetime_part", ["Quarter", "string"], d)).toBe(4);
    expect(both("datetime_part", ["week_of_year", "string"], d)).toBe(44);
    expect(both("datetime_part", ["dayOfYear", "string"], d)).toBe(303);
    expect(both("datetime_part", ["millisecond", "string"], d)).toBe(765);
    expect(both("datetime_part", ["microsecond", "string"], d)).toBe(765432);
    expect(both("datetime_part", ["nanosecond", "string"], d)).toBe(765432100);
    expect(both("dayofmonth", d)).toBe(30);
    expect(both("hourofday", d)).toBe(1);
    expect(both("getmonth", d)).toBe(10);
    expect(both("getyear", d)).toBe(2017);
    expect(both("dayofweek", D("2024-05-15T10:00:00Z"))).toBe(3n * TICKS_PER_DAY);
    expect(both("dayofweek", D("2024-05-12T10:00:00Z"))).toBe(0n);
    expect(() => call("datetime_part", ["fortnight", "string"], d)).toThrow(expect.objectContaining({ code: "KQL_ARGUMENTS" }));
  });
});

describe("formatting", () => {
  test("format_datetime", () => {
    const d = D("2017-01-29T09:00:05.123456Z");
    expect(both("format_datetime", d, ["yy-MM-dd [HH:mm:ss]", "string"])).toBe("17-01-29 [09:00:05]");
    expect(both("format_datetime", d, ["yyyy-M-dd [H:mm:ss.fff]", "string"])).toBe("2017-1-29 [9:00:05.123]");
    expect(both("format_datetime", d, ["MM/dd/yyyy hh:mm tt", "string"])).toBe("01/29/2017 09:00 AM");
    expect(both("format_datetime", D("2017-01-29T15:00:05Z"), ["h tt FFF", "string"])).toBe("3 PM ");
    expect(() => call("format_datetime", d, ["yyyy-qq", "string"])).toThrow(expect.objectContaining({ code: "KQL_ARGUMENTS" }));
  });
  test("format_timespan", () => {
    const t = BigInt(864e9 * 29 + 36e9 * 9 + 5e7 + 1234567);
    expect(both("format_timespan", [t, "timespan"], ["d:hh:mm:ss", "string"])).toBe("29:09:00:05");
    expect(both("format_timespan", [t, "timespan"], ["dd.hh:mm:ss.fff", "string"])).toBe("29.09:00:05.123");
  });
});

describe("constructors", () => {
  test("make_datetime / make_timespan", () => {
    expect(fmt(both("make_datetime", [2017, "long"], [10, "long"], [1, "long"]))).toBe("2017-10-01T00:00:00.0000000Z");
    expect(fmt(both("make_datetime", [2017, "long"], [10, "long"], [1, "long"], [12, "long"], [10, "long"], [0.1234567, "real"]))).toBe("2017-10-01T12:10:00.1234567Z");
    expect(both("make_datetime", [2017, "long"], [2, "long"], [30, "long"])).toBeNull();
    expect(both("make_timespan", [1, "long"], [12, "long"], [30, "long"], [55.5, "real"])).toBe(BigInt(864e9 + 12 * 36e9 + 30 * 6e8 + 555e6));
    expect(both("make_timespan", [12, "long"], [30, "long"])).toBe(BigInt(12 * 36e9 + 30 * 6e8));
  });
  test("unixtime", () => {
    expect(fmt(both("unixtime_seconds_todatetime", [1546300800, "long"]))).toBe("2019-01-01T00:00:00.0000000Z");
    expect(fmt(both("unixtime_milliseconds_todatetime", [1546300800123, "long"]))).toBe("2019-01-01T00:00:00.1230000Z");
    expect(fmt(both("unixtime_seconds_todatetime", [-1, "long"]))).toBe("1969-12-31T23:59:59.0000000Z");
  });
});

describe("argument coercion", () => {
  test("dynamic and string arguments are converted to the parameter type", () => {
    expect(fmt(both("startofday", ["2024-05-15T12:34:56Z", "dynamic"]))).toBe("2024-05-15T00:00:00.0000000Z");
    expect(fmt(both("startofday", ["2024-05-15T12:34:56Z", "string"]))).toBe("2024-05-15T00:00:00.0000000Z");
    expect(both("datetime_diff", ["day", "string"], ["2024-01-03", "string"], D("2024-01-01T00:00:00Z"))).toBe(2);
    expect(both("ago", ["1d", "string"])).toBe(NOW - TICKS_PER_DAY);
    expect(both("startofday", [5, "dynamic"])).toBeNull();
    expect(both("substring", ["abcdef", "string"], [2, "dynamic"], ["2", "dynamic"])).toBe("cd");
  });
});

describe("ingestion_time", () => {
  it("is null for replayed rows, so a filter on it matches nothing", async () => {
    const { runQuerySync } = await import("../../src/api.js");
    const r = runQuerySync("T | extend i = ingestion_time() | where isnull(i) | count", { T: [{ a: 1 }, { a: 2 }] });
    expect(r.rows).toEqual([{ Count: 2 }]);
    expect(runQuerySync("T | where ingestion_time() > ago(1h)", { T: [{ a: 1 }] }).rows).toEqual([]);
  });
});
