import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../src/cli/common.js";
import { main } from "../../src/cli/main.js";
import { parseRunArgs, runCommand } from "../../src/cli/run.js";
import { UsageError } from "../../src/cli/common.js";

function collect(columns?: number): CliIo & { stdout: string; stderr: string } {
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
  if (columns !== undefined) io.columns = columns;
  return io;
}

describe("parseRunArgs", () => {
  it("reads the rule file, tables, now, schemas and format", () => {
    expect(parseRunArgs(["rule.yaml", "--table", "a/T.jsonl", "-t", "U=b.csv", "--now", "2026-11-28T12:00:00Z", "-s", "s.json", "-f", "csv"])).toEqual({
      source: { kind: "file", path: "rule.yaml" },
      tables: [
        { name: "T", path: "a/T.jsonl" },
        { name: "U", path: "b.csv" },
      ],
      now: "2026-11-28T12:00:00Z",
      schemas: ["s.json"],
      format: "csv",
    });
  });

  it("takes inline query text and defaults to the table format", () => {
    expect(parseRunArgs(["-q", "print 1"])).toEqual({ source: { kind: "text", query: "print 1" }, tables: [], schemas: [], format: "table" });
  });

  it("returns undefined for --help", () => {
    expect(parseRunArgs(["--help"])).toBeUndefined();
  });

  it("rejects bad calls with usage errors", () => {
    expect(() => parseRunArgs([])).toThrow(UsageError);
    expect(() => parseRunArgs(["a.kql", "b.kql"])).toThrow("run takes one rule or query file, got 2");
    expect(() => parseRunArgs(["a.kql", "-q", "x"])).toThrow("give either a rule/query file or --query, not both");
    expect(() => parseRunArgs(["a.kql", "-f", "xml"])).toThrow("unknown --format xml; use one of table, json, jsonl, csv");
    expect(() => parseRunArgs(["a.kql", "--nope"])).toThrow("Unknown option '--nope' (see: kql-replay run --help)");
    expect(() => parseRunArgs(["a.kql", "-t", "T=x.csv", "-t", "T=y.csv"])).toThrow("table T is given twice");
  });
});

describe("run over files", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kql-cli-run-"));
    writeFileSync(
      join(dir, "Logins.jsonl"),
      ['{"TimeGenerated":"2026-11-28T11:30:00.0000000Z","User":"alice","Ok":false}', '{"TimeGenerated":"2026-11-28T11:40:00.0000000Z","User":"alice","Ok":false}', '{"TimeGenerated":"2026-11-27T11:40:00.0000000Z","User":"bob","Ok":false}'].join("\n"),
    );
    writeFileSync(
      join(dir, "rule.yaml"),
      ["id: 00000000-0000-0000-0000-000000000001", "name: Failed logins", "kind: Scheduled", "query: |", "  Logins", "  | where TimeGenerated > ago(1h) and not(Ok)", "  | summarize Failures = count() by User"].join("\n"),
    );
    writeFileSync(join(dir, "broken.yaml"), ["id: 1", "query: |", "  Logins", "  | summarize by Nope"].join("\n"));
    writeFileSync(join(dir, "q.kql"), "Logins | where Userr == 'x'");
    writeFileSync(join(dir, "schema.json"), JSON.stringify({ Logins: [{ name: "TimeGenerated", type: "datetime" }, { name: "User", type: "string" }, { name: "Ok", type: "bool" }] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("replays a rule file at a pinned now and prints CSV", async () => {
    const io = collect();
    const code = await runCommand([join(dir, "rule.yaml"), "-t", join(dir, "Logins.jsonl"), "--now", "2026-11-28T12:00:00Z", "-s", join(dir, "schema.json"), "-f", "csv"], io);
    expect(io.stderr).toBe("");
    expect(code).toBe(0);
    expect(io.stdout).toBe("User,Failures\r\nalice,2\r\n");
  });

  it("points a rule's query error at the line of the YAML file", async () => {
    const io = collect();
    const file = join(dir, "broken.yaml");
    expect(await main(["run", file, "-t", join(dir, "Logins.jsonl")], io)).toBe(1);
    expect(io.stderr.split("\n")[0]).toMatch(new RegExp(`^error\\[KQL_UNKNOWN_COLUMN\\]: ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:4:18: `));
    expect(io.stderr).toContain("4 |   | summarize by Nope");
    expect(io.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("names a .kql file in its errors", async () => {
    const io = collect();
    const file = join(dir, "q.kql");
    expect(await main(["run", file, "-t", join(dir, "Logins.jsonl")], io)).toBe(1);
    expect(io.stderr.startsWith(`error[KQL_UNKNOWN_COLUMN]: ${file}:1:16: `)).toBe(true);
  });

  it("reports a missing rule file and a bad --now as user errors", async () => {
    const io = collect();
    expect(await main(["run", join(dir, "none.yaml")], io)).toBe(1);
    expect(io.stderr).toContain("none.yaml: cannot read the file: ENOENT");
    const io2 = collect();
    expect(await main(["run", "-q", "print 1", "--now", "yesterday"], io2)).toBe(1);
    expect(io2.stderr).toContain("error[KQL_ARGUMENTS]");
  });
});

describe("main", () => {
  it("prints help for no arguments, --help and help <command>", async () => {
    for (const args of [[], ["--help"], ["help"]]) {
      const io = collect();
      expect(await main(args, io)).toBe(0);
      expect(io.stdout).toContain("Usage: kql-replay <command>");
    }
    const io = collect();
    expect(await main(["help", "run"], io)).toBe(0);
    expect(io.stdout).toContain("Usage: kql-replay run <rule.yaml | query.kql>");
    const io2 = collect();
    expect(await main(["run", "--help"], io2)).toBe(0);
    expect(io2.stdout).toBe(io.stdout);
  });

  it("prints the package version", async () => {
    const io = collect();
    expect(await main(["--version"], io)).toBe(0);
    expect(io.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("rejects an unknown command", async () => {
    const io = collect();
    expect(await main(["frobnicate"], io)).toBe(1);
    expect(io.stderr.startsWith("kql-replay: unknown command 'frobnicate'")).toBe(true);
  });
});
