import { both, dt } from "./helpers.js";

const toLocal = (t: string | null, z: string) => both("datetime_utc_to_local", [t === null ? null : dt(t), "datetime"], [z, "string"]);
const toUtc = (t: string | null, z: string) => both("datetime_local_to_utc", [t === null ? null : dt(t), "datetime"], [z, "string"]);

describe("datetime_utc_to_local / datetime_local_to_utc", () => {
  test("fixed offsets, summer and winter, sub-millisecond ticks kept", () => {
    expect(toLocal("2021-01-15T12:00:00Z", "Asia/Kolkata")).toBe(dt("2021-01-15T17:30:00Z"));
    expect(toLocal("2021-07-01T12:00:00.1234567Z", "America/New_York")).toBe(dt("2021-07-01T08:00:00.1234567Z"));
    expect(toLocal("2021-12-01T12:00:00Z", "America/New_York")).toBe(dt("2021-12-01T07:00:00Z"));
    expect(toUtc("2021-12-01T07:00:00Z", "America/New_York")).toBe(dt("2021-12-01T12:00:00Z"));
    expect(toLocal("2021-06-01T00:00:00Z", "UTC")).toBe(dt("2021-06-01T00:00:00Z"));
  });
  test("spring-forward gap takes the summer offset; round trips outside transitions", () => {
    // Europe/Berlin moved from +1 to +2 at 2023-03-26 01:00 UTC (02:00 local).
    expect(toUtc("2023-03-26T01:59:00Z", "Europe/Berlin")).toBe(dt("2023-03-26T00:59:00Z"));
    expect(toUtc("2023-03-26T02:30:00Z", "Europe/Berlin")).toBe(dt("2023-03-26T00:30:00Z"));
    expect(toUtc("2023-03-26T03:00:00Z", "Europe/Berlin")).toBe(dt("2023-03-26T01:00:00Z"));
    for (const t of ["2023-01-10T10:00:00Z", "2023-08-10T23:15:00Z", "2023-11-01T00:00:00Z"]) {
      expect(toUtc(new Date(Number(toLocal(t, "Europe/Berlin")! as bigint / 10000n)).toISOString(), "Europe/Berlin")).toBe(dt(t));
    }
  });
  test("autumn overlap takes the earlier (summer) offset", () => {
    // 2023-10-29: 03:00 CEST -> 02:00 CET; 02:30 local happens twice.
    expect(toUtc("2023-10-29T02:30:00Z", "Europe/Berlin")).toBe(dt("2023-10-29T00:30:00Z"));
  });
  test("null for unknown zones and null datetimes", () => {
    expect(toLocal("2021-01-01T00:00:00Z", "Mars/Olympus")).toBeNull();
    expect(toUtc("2021-01-01T00:00:00Z", "")).toBeNull();
    expect(toUtc(null, "UTC")).toBeNull();
  });
});
