import { readFileSync } from "node:fs";
import type { CliIo } from "../../src/cli/common.js";
import { DEMO_COLUMNS, DEMO_RULE_DIR, demoCommand, demoSummary, replayDemo } from "../../src/cli/demo.js";

interface Expected {
  IndicatorId: string;
  ClientIP: string;
  KeyVaultEvents_TimeGenerated: string;
}
const EXPECTED = JSON.parse(readFileSync(new URL("samples/expected-alerts.json", DEMO_RULE_DIR), "utf8")) as Expected[];

function collect(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

describe("demo", () => {
  it("raises exactly the alerts a hand evaluation of the rule expects", async () => {
    const run = await replayDemo();
    const got = run.result.rows
      .map((r) => ({ IndicatorId: r.IndicatorId, ClientIP: r.ClientIP, KeyVaultEvents_TimeGenerated: r.KeyVaultEvents_TimeGenerated }))
      .sort((a, b) => String(a.IndicatorId).localeCompare(String(b.IndicatorId)));
    expect(EXPECTED.length).toBeGreaterThan(0);
    expect(got).toEqual([...EXPECTED].sort((a, b) => a.IndicatorId.localeCompare(b.IndicatorId)));
    expect(run.result.columns.map((c) => c.name)).toEqual(expect.arrayContaining([...DEMO_COLUMNS, "timestamp", "TI_ipEntity"]));
    expect(run.rowCounts).toEqual({ ThreatIntelligenceIndicator: 300, AzureDiagnostics: 600 });
  });

  it("prints a summary that says whether the trigger fires, then the table", async () => {
    const io = collect();
    expect(await demoCommand([], io)).toBe(0);
    expect(io.stderr).toBe("");
    expect(io.stdout).toContain("Rule:  TI map IP entity to Azure Key Vault logs (version 1.3.4)");
    expect(io.stdout).toContain(`Result: ${EXPECTED.length} rows; trigger "gt 0" fires`);
    expect(io.stdout).toContain(`(${EXPECTED.length} rows)`);
    for (const a of EXPECTED) expect(io.stdout).toContain(a.ClientIP);
    const header = io.stdout.split("\n").find((l) => l.startsWith("KeyVaultEvents_TimeGenerated"))!;
    expect(header.split("|").map((s) => s.trim())).toEqual(DEMO_COLUMNS);
  });

  it("prints every column as JSON Lines with --format jsonl", async () => {
    const io = collect();
    expect(await demoCommand(["--format", "jsonl"], io)).toBe(0);
    const rows = io.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(EXPECTED.length);
    expect(Object.keys(rows[0]!)).toHaveLength(22);
  });

  it("says when the trigger does not fire", () => {
    const text = demoSummary({ ruleName: "r", version: undefined, now: "n", rowCounts: { T: 1 }, result: { columns: [], rows: [], warnings: [] }, triggerOperator: "gt", triggerThreshold: 0 });
    expect(text).toContain('Result: 0 rows; trigger "gt 0" does not fire.');
  });
});
