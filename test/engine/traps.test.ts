/**
 * The semantic traps of KQL in one place: each test would fail on the common mistake (substring `has`,
 * case-sensitive `=~`, SQL null logic, truncated modulo, ascending default sort, ...). Expectations come
 * from the KQL reference pages named in each test; inputs are our own.
 */
import { rowsOf, run, scalar } from "./helpers.js";

const printRow = (q: string): unknown[] => rowsOf(run(q))[0]!;
const names = (q: string): string[] => run(q).columns.map((c) => c.name);

describe("string operators (datatypes-string-operators.md, has-operator.md)", () => {
  test("has matches whole terms, not substrings", () => {
    expect(printRow('print "Contoso Server Room" has "server", "Contoso Server Room" has "serv", "Contoso Server Room" contains "serv"')).toEqual([true, false, true]);
  });

  test("a term is a maximal run of alphanumerics: punctuation and spaces delimit, a term can't start mid-run", () => {
    expect(printRow('print "user=alice;host=web01" has "host", "user=alice;host=web01" has "web01", "user=alice;host=web01" has "web0", "web01.contoso.com" has "contoso"')).toEqual([true, true, false, true]);
    // a needle with punctuation matches on term boundaries only
    expect(printRow('print "run cmd.exe now" has "cmd.exe", "run xcmd.exe now" has "cmd.exe", "run cmd.exe now" has "d.ex"')).toEqual([true, false, false]);
  });

  test("has, =~, in~, contains, startswith, endswith are case-insensitive", () => {
    expect(printRow('print "Alpha Beta" has "BETA", "Alpha" =~ "ALPHA", "Alpha" in~ ("alpha", "x"), "Alpha" contains "LPH", "Alpha" startswith "AL", "Alpha" endswith "PHA", "Alpha" !~ "ALPHA"')).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  test("==, !=, in and every _cs form are case-sensitive", () => {
    expect(printRow('print "Alpha" == "alpha", "Alpha" != "alpha", "Alpha" in ("alpha"), "Alpha" has_cs "alpha", "Alpha" contains_cs "lph", "Alpha" contains_cs "LPH", "Alpha" startswith_cs "al"')).toEqual([
      false,
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
  });
});

describe("nulls (null-values.md, logical-operators.md)", () => {
  test("null == value is false, null != value is true; null against null is null", () => {
    const r = run("print a = long(null) == 1, b = long(null) != 1, c = 1 == long(null), d = long(null) == long(null), e = long(null) != long(null)");
    expect(rowsOf(r)[0]).toEqual([false, true, false, null, null]);
  });

  test("where keeps a row only when the predicate is true (null drops it)", () => {
    const r = run("datatable(v:long)[5, long(null), 1] | where v > 3 or v < 0");
    expect(rowsOf(r)).toEqual([[5]]);
    expect(rowsOf(run("datatable(v:long)[5, long(null)] | where v != 5"))).toEqual([[null]]);
  });

  test("and is false if either side is false; or is true if either side is true; otherwise null", () => {
    expect(printRow("print bool(null) and false, false and bool(null), bool(null) and true, bool(null) or true, true or bool(null), bool(null) or false")).toEqual([false, false, null, true, true, null]);
    expect(scalar("print isnull(not(bool(null)))")).toBe(true);
  });

  test("string has no null: a missing string is empty, isnull of it is false", () => {
    expect(printRow('print isnull(""), isempty(""), tostring(long(null)), isempty(tostring(long(null))), strlen(tostring(long(null)))')).toEqual([false, true, "", true, 0]);
    const r = run('datatable(s:string)["a"] | extend t = iff(s == "b", s, "")');
    expect(rowsOf(r)).toEqual([["a", ""]]);
  });

  test("sum of only nulls is 0, avg of nothing is NaN, count(x) counts non-null, dcount and make_set skip nulls", () => {
    const r = run("datatable(x:long)[long(null), long(null), 4, 4, 6] | where isnull(x) | summarize sum(x), avg(x), count(x), count()");
    expect(rowsOf(r)[0]!.slice(0, 1)).toEqual([0]);
    expect(Number.isNaN(rowsOf(r)[0]![1])).toBe(true);
    expect(rowsOf(r)[0]!.slice(2)).toEqual([0, 2]);
    const empty = run("datatable(x:long)[] | summarize avg(x)");
    expect(empty.rows).toHaveLength(1);
    expect(Number.isNaN(rowsOf(empty)[0]![0])).toBe(true);
    expect(rowsOf(run("datatable(x:long)[long(null), 4, 4, 6, long(null)] | summarize dcount(x), make_set(x), make_list(x)"))).toEqual([[2, [4, 6], [4, 4, 6]]]);
  });
});

describe("numbers (numerical-operators.md, percentiles-aggregation-function.md, bin-function.md)", () => {
  test("percentile is nearest-rank: the smallest value with at least P% of values at or below it", () => {
    const r = run("range x from 10 to 100 step 10 | summarize p50 = percentile(x, 50), p25 = percentile(x, 25), p91 = percentile(x, 91), p0 = percentile(x, 0), p100 = percentile(x, 100)");
    // interpolation would give 55 and 32.5
    expect(rowsOf(r)).toEqual([[50, 30, 100, 10, 100]]);
  });

  test("% is the mathematical modulo: never negative for a positive divisor", () => {
    expect(printRow("print -13 % 5, 13 % 5, -10 % 5, -1 % 7")).toEqual([2, 3, 0, 6]);
  });

  test("integer division truncates toward zero; a real operand gives a real", () => {
    expect(printRow("print 9 / 4, -9 / 4, 9.0 / 4, 9 / 4.0, -1 / 2")).toEqual([2, -2, 2.25, 2.25, 0]);
  });

  test("range includes its end when a step lands on it", () => {
    expect(rowsOf(run("range n from 2 to 8 step 2"))).toEqual([[2], [4], [6], [8]]);
    expect(rowsOf(run("range n from 5 to 1 step -2"))).toEqual([[5], [3], [1]]);
  });

  test("bin rounds down (floor), also for negative numbers and timespans", () => {
    expect(printRow("print bin(-3, 10), bin(-0.25, 1), bin(17, 10), bin(-30m, 1h)")).toEqual([-10, -1, 10, "-01:00:00"]);
  });

  test("bin of a datetime counts bins from the epoch, also before 1970", () => {
    expect(printRow("print bin(datetime(2023-05-06 07:59:59), 1h), bin(datetime(1969-12-31 22:10:00), 1h), bin(datetime(2023-05-06 07:59:59), 7d)")).toEqual([
      "2023-05-06T07:00:00.0000000Z",
      "1969-12-31T22:00:00.0000000Z",
      // 7-day bins from Thursday 1970-01-01
      "2023-05-04T00:00:00.0000000Z",
    ]);
  });
});

describe("sort (sort-operator.md)", () => {
  const data = "datatable(v:long)[3, long(null), 7, 5]";

  test("sort defaults to descending, nulls last", () => {
    expect(rowsOf(run(`${data} | sort by v`))).toEqual([[7], [5], [3], [null]]);
  });

  test("ascending puts nulls first; explicit nulls last overrides", () => {
    expect(rowsOf(run(`${data} | sort by v asc`))).toEqual([[null], [3], [5], [7]]);
    expect(rowsOf(run(`${data} | sort by v asc nulls last`))).toEqual([[3], [5], [7], [null]]);
  });
});

describe("datetime (tostring, todatetime)", () => {
  test("tostring of a datetime has seven fractional digits and a Z", () => {
    expect(scalar("print tostring(datetime(2022-07-08 09:10:11.5))")).toBe("2022-07-08T09:10:11.5000000Z");
  });

  test("todatetime of a time with an offset converts it to UTC; a bad string is null", () => {
    expect(printRow('print todatetime("2022-07-08T09:10:11-05:00"), todatetime("not a date")')).toEqual(["2022-07-08T14:10:11.0000000Z", null]);
  });
});

describe("join (join-operator.md, join-innerunique.md)", () => {
  const left = 'datatable(id:long, l:string)[1, "a", 1, "b", 2, "c"]';
  const right = 'datatable(id:long, r:string)[1, "x", 1, "y", 3, "z"]';

  test("the default kind innerunique keeps one left row per key before joining", () => {
    const r = run(`${left} | join (${right}) on id`);
    expect(r.rows).toHaveLength(2);
    expect(new Set(r.rows.map((x) => x["l"])).size).toBe(1);
    expect(r.rows.map((x) => x["r"]).sort()).toEqual(["x", "y"]);
  });

  test("kind=inner keeps every matching pair", () => {
    expect(run(`${left} | join kind=inner (${right}) on id`).rows).toHaveLength(4);
  });

  test("left columns first, then right; a taken right name gets the first free numeric suffix", () => {
    expect(names(`datatable(id:long, v:string, v1:string)[1, "a", "b"] | join kind=inner (datatable(id:long, v:string)[1, "x"]) on id`)).toEqual(["id", "v", "v1", "id1", "v2"]);
    expect(names(`${left} | join kind=leftsemi (${right}) on id`)).toEqual(["id", "l"]);
    expect(names(`${left} | join kind=rightanti (${right}) on id`)).toEqual(["id", "r"]);
  });
});

describe("summarize naming (summarize-operator.md)", () => {
  test("by-columns first, then aggregates with their default names", () => {
    const q =
      "datatable(k:long, s:string, n:long)[1, 'a', 2] | summarize count(), count(s), sum(n), sum(n + 1), max(n), dcount(s), make_set(s), make_list(s), countif(n > 1), take_any(s), percentile(n, 50), count() by k";
    expect(names(q)).toEqual(["k", "count_", "count_s", "sum_n", "sum_", "max_n", "dcount_s", "set_s", "list_s", "countif_", "s", "percentile_n_50", "count_1"]);
  });

  test("a by-expression over one column keeps the column's name", () => {
    expect(names("datatable(t:datetime, n:long)[datetime(2020-01-01), 1] | summarize sum(n) by bin(t, 1h)")).toEqual(["t", "sum_n"]);
  });
});
