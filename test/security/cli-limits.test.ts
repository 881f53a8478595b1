/** The run limits as CLI flags (issue 5). */
import type { CliIo } from "../../src/cli/common.js";
import { UsageError } from "../../src/cli/common.js";
import { main } from "../../src/cli/main.js";
import { parseRunArgs } from "../../src/cli/run.js";

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
  } as CliIo & { stdout: string; stderr: string };
  return io;
}

describe("limit flags", () => {
  test("map to RunOptions fields", () => {
    const args = parseRunArgs(["-q", "print 1", "--max-rows", "10", "--max-intermediate-rows", "1000", "--max-mv-expand-rows", "0", "--max-range-rows", "5", "--timeout", "250"]);
    expect(args!.limits).toEqual({ maxResultRows: 10, maxIntermediateRows: 1000, maxMvExpandRows: 0, maxRangeRows: 5, timeoutMs: 250 });
    expect(parseRunArgs(["-q", "print 1"])!.limits).toBeUndefined();
  });

  test.each([
    ["--max-rows", "-1"],
    ["--max-rows", "ten"],
    ["--timeout", "1.5"],
    ["--max-intermediate-rows", "0"],
    ["--max-range-rows", ""],
  ])("%s %s is a usage error", (flag, value) => {
    expect(() => parseRunArgs(["-q", "print 1", flag, value])).toThrow(UsageError);
  });

  test("--max-rows truncates the output and warns on stderr", async () => {
    const io = collect();
    const code = await main(["run", "-q", "range x from 1 to 10 step 1", "--max-rows", "3", "-f", "jsonl"], io);
    expect(code).toBe(0);
    expect(io.stdout.trim().split("\n")).toHaveLength(3);
    expect(io.stderr).toMatch(/truncated to 3 of 10 rows/);
  });

  test("--max-range-rows and --timeout fail with the engine's limit errors", async () => {
    const io = collect();
    expect(await main(["run", "-q", "range x from 1 to 100 step 1", "--max-range-rows", "10"], io)).toBe(1);
    expect(io.stderr).toMatch(/range would make more than 10 rows \(maxRangeRows\)/);
    const io2 = collect();
    expect(await main(["run", "-q", "range x from 1 to 100000 step 1 | where x > 1", "--timeout", "0"], io2)).toBe(1);
    expect(io2.stderr).toMatch(/timeout/);
  });

  test("the help lists them", async () => {
    const io = collect();
    await main(["run", "--help"], io);
    for (const flag of ["--max-rows", "--max-intermediate-rows", "--max-mv-expand-rows", "--max-range-rows", "--timeout"]) expect(io.stdout).toContain(flag);
  });
});
