/**
 * The bench prints each target's ratio to two decimals, but never as the limit itself when the ratio is on
 * the other side of it: 1.504 against 1.5x printed "1.50x -> MISS".
 */
import { handwrittenVerdict, ratioText } from "../../bench/scenario.js";

describe("ratioText", () => {
  test("two decimals, or three where two would print the limit for a ratio that is not the limit", () => {
    expect(ratioText(1.62, 1.5)).toBe("1.62");
    expect(ratioText(1.504, 1.5)).toBe("1.504");
    expect(ratioText(1.4996, 1.5)).toBe("1.500");
    expect(ratioText(1.5, 1.5)).toBe("1.50");
    expect(ratioText(0.27, 0.5)).toBe("0.27");
  });
});

describe("handwrittenVerdict", () => {
  test("judges the ratio at M, where issue 4 sets the target, and gives no verdict elsewhere", () => {
    expect(handwrittenVerdict("M", 1.42)).toBe("PASS");
    expect(handwrittenVerdict("M", 1.5)).toBe("PASS");
    expect(handwrittenVerdict("M", 1.57)).toBe("MISS (within hard limit)");
    expect(handwrittenVerdict("M", 2.01)).toBe("FAIL");
    expect(handwrittenVerdict("S", 3.57)).toBe("no target at S (set at M)");
    expect(handwrittenVerdict("L", 1.73)).toBe("no target at L (set at M)");
  });
});
