/**
 * Every micro-suite case with a reference answer gives that answer on a small generated data set, so
 * the benchmark's own check (bench/micro.ts fails on a wrong answer) cannot first fail at 1M rows, and
 * each reference is held to the engine on rows it was not written against.
 */
import { runQuerySync } from "../../src/api.js";
import { answerOf, MICRO_CASES } from "../../bench/micro-cases.js";
import { generateIndicators, generateKeyVaultLogs, indicatorIps } from "../../bench/generate.js";

const NOW = "2026-11-28T12:00:00.0000000Z";
const indicators = generateIndicators(800, 17, NOW);
const logs = generateKeyVaultLogs(6_000, 18, NOW, indicatorIps(indicators));
const tables = { ThreatIntelligenceIndicator: indicators, AzureDiagnostics: logs };

describe("micro-suite answers", () => {
  it("checks most cases", () => {
    expect(MICRO_CASES.filter((c) => c.expected).length).toBeGreaterThanOrEqual(MICRO_CASES.length - 1);
  });

  it.each(MICRO_CASES.filter((c) => c.expected).map((c) => [c.name, c] as const))("%s", (_, spec) => {
    const expected = spec.expected!({ indicators, logs }, NOW);
    expect(expected).toBeGreaterThan(0);
    expect(answerOf(spec, runQuerySync(spec.query, tables, { now: NOW }))).toBe(expected);
  });
});
