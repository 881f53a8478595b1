import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  formatFromPath,
  JSONL_BLOCK_BYTES,
  JsonlReader,
  parseTableSpec,
  readLogFile,
  rowsFromCsv,
  rowsFromJson,
  rowsFromJsonl,
  rowsFromJsonlChunks,
  tableNameFromPath,
} from "../../src/cli/input.js";
import { KqlError } from "../../src/errors.js";

function dataErr(fn: () => unknown): KqlError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(KqlError);
    expect((e as KqlError).code).toBe("KQL_DATA");
    return e as KqlError;
  }
  throw new Error("expected a KqlError");
}

describe("table specs", () => {
  it("names a table after its file unless told", () => {
    expect(parseTableSpec("logs/AzureDiagnostics.jsonl")).toEqual({ name: "AzureDiagnostics", path: "logs/AzureDiagnostics.jsonl" });
    expect(parseTableSpec("T=logs/x.csv")).toEqual({ name: "T", path: "logs/x.csv" });
    expect(parseTableSpec("logs/a=b.jsonl")).toEqual({ name: "a=b", path: "logs/a=b.jsonl" });
    expect(tableNameFromPath("/x/SigninLogs.2026-11-28.jsonl")).toBe("SigninLogs");
  });

  it("knows the formats by extension", () => {
    expect(formatFromPath("a.JSONL")).toBe("jsonl");
    expect(formatFromPath("a.ndjson")).toBe("jsonl");
    expect(formatFromPath("a.json")).toBe("json");
    expect(formatFromPath("a.csv")).toBe("csv");
    expect(formatFromPath("a.txt")).toBeUndefined();
  });
});

describe("parsing rows", () => {
  it("JSON Lines, skipping blank lines", () => {
    expect(rowsFromJsonl('{"a":1}\n\n{"a":2}\r\n', "f.jsonl")).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("JSON Lines errors name the file and line", () => {
    expect(dataErr(() => rowsFromJsonl('{"a":1}\n{oops}\n', "f.jsonl")).message).toMatch(/^f\.jsonl: line 2: invalid JSON: /);
    expect(dataErr(() => rowsFromJsonl("[1,2]\n", "f.jsonl")).message).toBe("f.jsonl: line 1: expected a JSON object (one row), found an array");
  });

  it("a JSON array, or {rows: [...]}", () => {
    expect(rowsFromJson('[{"a":1},{"a":2}]', "f.json")).toEqual([{ a: 1 }, { a: 2 }]);
    expect(rowsFromJson('{"rows":[{"a":1}]}', "f.json")).toEqual([{ a: 1 }]);
    expect(dataErr(() => rowsFromJson('{"a":1}', "f.json")).message).toContain("must hold an array of row objects");
    expect(dataErr(() => rowsFromJson("[1]", "f.json")).message).toBe("f.json: item 1: expected a JSON object (one row), found number");
  });

  it("CSV with a header, quoted fields and a BOM", () => {
    expect(rowsFromCsv('\uFEFFUser,Note\nalice,"a, b"\nbob,"say ""hi"""\n', "f.csv")).toEqual([
      { User: "alice", Note: "a, b" },
      { User: "bob", Note: 'say "hi"' },
    ]);
    expect(dataErr(() => rowsFromCsv("a,b\n1,2,3\n", "f.csv")).message).toMatch(/^f\.csv: invalid CSV/);
  });
});

describe("JSON Lines as a stream", () => {
  it("turns each completed line into a row at once and holds only the unfinished one", () => {
    const reader = new JsonlReader("f.jsonl");
    reader.push('{"a":1}\r\n{"a"');
    expect(reader.rows).toEqual([{ a: 1 }]);
    expect(reader.pending).toBe('{"a"'.length);
    reader.push(":2");
    expect(reader.rows).toHaveLength(1);
    reader.push('}\n\n{"a":3}\n{"b":');
    expect(reader.rows).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(reader.pending).toBe('{"b":'.length);
    reader.push('"x"}');
    expect(reader.end()).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }, { b: "x" }]);
    expect(reader.pending).toBe(0);
  });

  it("counts lines across chunks for its errors", () => {
    const reader = new JsonlReader("f.jsonl");
    reader.push('{"a":1}\n\n{"a":');
    expect(dataErr(() => reader.push("}\n")).message).toMatch(/^f\.jsonl: line 3: invalid JSON: /);
  });

  it("decodes UTF-8 bytes whose characters are cut between chunks and inside a chunk", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ i, s: "\u20ac\u{1F600}".repeat(i % 7) }));
    const bytes = Buffer.from(rows.map((r) => JSON.stringify(r)).join("\n"), "utf8");
    // Chunks of odd sizes (up to 200 KB, more than one decoding piece), so boundaries land inside characters.
    async function* chunks(): AsyncGenerator<Uint8Array> {
      let size = 1;
      for (let off = 0; off < bytes.length; off += size) {
        size = Math.min(size * 7 + 1, 200_001);
        yield bytes.subarray(off, off + size);
      }
    }
    await expect(rowsFromJsonlChunks(chunks(), "f.jsonl")).resolves.toEqual(rows);
  });

  it("parses each chunk before asking for the next, so a bad line stops the read there", async () => {
    let pulled = 0;
    let closed = false;
    async function* chunks(): AsyncGenerator<string> {
      try {
        for (const c of ['{"x":1}\n{"x":2', "}\n{oops}\n", '{"x":4}\n', '{"x":5}\n']) {
          pulled++;
          yield c;
        }
      } finally {
        closed = true;
      }
    }
    await expect(rowsFromJsonlChunks(chunks(), "f.jsonl")).rejects.toThrow(/f\.jsonl: line 3: invalid JSON/);
    expect(pulled).toBe(2);
    expect(closed).toBe(true);
  });
});

describe("readLogFile", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kql-cli-input-"));
    writeFileSync(join(dir, "T.jsonl"), '{"x":1}\n{"x":2}\n\n{"x":3}');
    writeFileSync(join(dir, "bad.jsonl"), '{"x":1}\n\n{"x":\n');
    writeFileSync(join(dir, "T.csv"), "x,y\n1,a\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("streams JSON Lines", async () => {
    await expect(readLogFile(join(dir, "T.jsonl"))).resolves.toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
  });

  it("reads a file of several blocks, with lines and multi-byte characters cut at block boundaries", async () => {
    // Lines of varying length with a 3-byte character, so block ends fall mid-line and mid-character.
    const rows = Array.from({ length: 40_000 }, (_, i) => ({ i, s: `\u20ac${"x".repeat(i % 97)}` }));
    const text = rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * JSONL_BLOCK_BYTES);
    writeFileSync(join(dir, "big.jsonl"), text);
    writeFileSync(join(dir, "bigbad.jsonl"), `${text}{"i": nope}\n`);
    await expect(readLogFile(join(dir, "big.jsonl"))).resolves.toEqual(rows);
    await expect(readLogFile(join(dir, "bigbad.jsonl"))).rejects.toThrow(/bigbad\.jsonl: line 40001: invalid JSON/);
  });

  it("reports the bad line of a streamed file", async () => {
    await expect(readLogFile(join(dir, "bad.jsonl"))).rejects.toThrow(/bad\.jsonl: line 3: invalid JSON/);
  });

  it("reads CSV", async () => {
    await expect(readLogFile(join(dir, "T.csv"))).resolves.toEqual([{ x: "1", y: "a" }]);
  });

  it("names a missing file and an unknown extension", async () => {
    await expect(readLogFile(join(dir, "none.jsonl"))).rejects.toThrow("cannot read the file: ENOENT");
    await expect(readLogFile(join(dir, "x.parquet"))).rejects.toThrow("unknown log file type");
  });
});
