import { KqlError } from "../../src/errors.js";
import { literal } from "./helpers.js";

describe("datetime literal forms Kusto's literal parser accepts beyond ISO text", () => {
  test.each([
    ["datetime(2019, 3, 7)", "datetime(2019-03-07)"],
    ["datetime(2019,11,30)", "datetime(2019-11-30)"],
    ["datetime(2019, 3, 7, 8, 45)", "datetime(2019-03-07 08:45)"],
    ["datetime(2019, 3, 7, 8, 45, 9)", "datetime(2019-03-07 08:45:09)"],
    ['datetime("03-07-2019")', "datetime(2019-03-07)"],
    ["datetime('12-25-2030')", "datetime(2030-12-25)"],
  ])("%s is %s", (form, iso) => {
    const a = literal(form);
    expect(a.type).toBe("datetime");
    expect(a.value).toBe(literal(iso).value);
  });

  test.each(["datetime(2019, 13, 7)", "datetime(2019, 2, 30)", 'datetime("13-07-2019")', "datetime(2019, 3)"])("%s is still rejected", (form) => {
    expect(() => literal(form)).toThrow(KqlError);
  });
});
