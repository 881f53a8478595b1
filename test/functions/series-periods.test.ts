/** Period detection: series_periods_detect / series_periods_validate and series_seasonal without a period. */
import { call } from "./helpers.js";
import { rowsOf, run } from "../engine/helpers.js";

/** `cycles` repetitions of `pattern`, each raised by `drift` per bin (a trend the detector must ignore). */
function repeat(pattern: number[], cycles: number, drift = 0): number[] {
  const out: number[] = [];
  for (let c = 0; c < cycles; c++) for (const v of pattern) out.push(v + drift * out.length);
  return out;
}

describe("series_periods_detect", () => {
  test("finds a 7-bin cycle on a rising series, not its multiples, and pads with zeros", () => {
    const week = repeat([3, 9, 10, 11, 9, 2, 1], 6, 0.5);
    const r = run(`print y = dynamic(${JSON.stringify(week)}) | project series_periods_detect(y, 2, 30, 3)`);
    const [[periods, scores]] = rowsOf(r) as [[number[], number[]]];
    expect(periods).toEqual([7, 0, 0]);
    expect(scores[0]).toBeGreaterThan(0.9);
    expect(scores.slice(1)).toEqual([0, 0]);
  });
  test("a period seen only twice is not found", () => {
    const twice = repeat([4, 9, 1, 3, 8, 2, 7, 5], 2);
    expect(rowsOf(run(`print y = dynamic(${JSON.stringify(twice)}) | project series_periods_detect(y, 0, 100, 1)`))).toEqual([[[0], [0]]]);
  });
  test("noise has no period", () => {
    const noise = [5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3, 8, 3, 2, 7];
    expect(rowsOf(run(`print y = dynamic(${JSON.stringify(noise)}) | project series_periods_detect(y, 4, 14, 2)`))[0]![0]).toEqual([0, 0]);
  });
});

describe("series_periods_validate", () => {
  test("scores the given periods; out of bounds (under 4, over half the length) is 0", () => {
    const y = repeat([2, 6, 9, 6, 2], 6);
    const r = run(`print y = dynamic(${JSON.stringify(y)}) | project (p, s) = series_periods_validate(y, 5, 7, 3, 16)`);
    const [[p, s]] = rowsOf(r) as [[number[], number[]]];
    expect(p).toEqual([5, 7, 3, 16]);
    expect(s[0]).toBe(1);
    expect(s[1]).toBeLessThan(0.5);
    expect(s.slice(2)).toEqual([0, 0]);
  });
});

describe("series_seasonal without a period", () => {
  test("detects the period and takes the median of each phase", () => {
    // A 4-bin cycle with one cycle a little off: the medians restore the pattern.
    const y = [1, 7, 3, 5, 1, 7, 3, 5, 2, 8, 3, 6, 1, 7, 3, 5, 1, 7, 3, 5];
    expect(call("series_seasonal", [y, "dynamic"])).toEqual(repeat([1, 7, 3, 5], 5));
    expect(call("series_seasonal", [y, "dynamic"], [-1, "long"])).toEqual(repeat([1, 7, 3, 5], 5));
  });
  test("zeros when no period is found", () => {
    expect(call("series_seasonal", [[3, 1, 4, 1, 5, 9, 2, 6], "dynamic"])).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
