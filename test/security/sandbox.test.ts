/** Queries never reach the network, the file system, a shell or an evaluator (issue 5). */
import { runQuerySync } from "../../src/api.js";
import { sourceFiles } from "../source-files.js";

const NOW = "2026-11-28T12:00:00Z";

const files = sourceFiles();

describe("the source never evaluates text or opens a shell or a socket", () => {
  test.each([
    ["eval(", /\beval\s*\(/],
    ["new Function", /\bnew\s+Function\b/],
    ["Function(...) constructor", /(^|[^.\w])Function\s*\(/],
    ["child_process", /child_process/],
    ["node:vm", /["'](node:)?vm["']/],
    ["network modules", /["'](node:)?(http|https|http2|net|tls|dgram|dns)["']/],
    ["fetch", /\bfetch\s*\(/],
    ["WebSocket / XMLHttpRequest", /\b(WebSocket|XMLHttpRequest)\b/],
    ["setTimeout/setInterval with a string", /set(Timeout|Interval)\s*\(\s*["'`]/],
  ])("no %s in src/", (_what, pattern) => {
    expect(files.filter((f) => pattern.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  test("only the CLI, the tools, schema-file loading and the parser's own bundle lookup touch the file system", () => {
    const allowed = (p: string) => p.startsWith("cli/") || p.startsWith("tools/") || p === "sentinel/schemas.ts" || p === "parser/chevrotain.ts";
    const usesFs = files.filter((f) => /["'](node:)?fs(\/promises)?["']/.test(f.text)).map((f) => f.path);
    expect(usesFs.filter((p) => !allowed(p))).toEqual([]);
  });

  test("dynamic import() only loads the parser library", () => {
    const importers = files.filter((f) => /\bimport\s*\(\s*[^"')]/.test(f.text) || /\bimport\s*\(\s*"(?!chevrotain"|re2js")/.test(f.text)).map((f) => f.path);
    expect(importers).toEqual(["parser/chevrotain.ts"]);
  });
  test("createRequire loads only named libraries, never a computed path", () => {
    const loads = files.flatMap((f) => [...f.text.matchAll(/createRequire\([^)]*\)(?:\.resolve)?\(\s*([^)]*)\)/g)].map((m) => `${f.path}: ${m[1]}`));
    expect(loads.sort()).toEqual([
      'binder/binder.ts: "fastest-levenshtein"',
      'functions/ipv6.ts: "ipaddr.js"',
      'functions/re2.ts: "re2js"',
      'functions/timezone.ts: "luxon"',
      'parser/chevrotain.ts: "chevrotain"',
    ]);
  });
});

describe("queries that name URLs and paths read only the caller's tables", () => {
  const realFetch = globalThis.fetch;
  let fetchCalls = 0;
  beforeAll(() => {
    globalThis.fetch = (() => {
      fetchCalls++;
      throw new Error("network access from a query");
    }) as typeof fetch;
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });
  afterEach(() => expect(fetchCalls).toBe(0));

  const hostile = ["https://evil.example/list.csv", "file:///etc/passwd", "/etc/passwd", "../../package.json", "\\\\server\\share\\x.csv", "C:\\Windows\\win.ini"];

  test.each(hostile)("externaldata [%s] is the caller's table of that name, or empty", (url) => {
    const q = `externaldata(line:string) [@"${url}"] with (format="txt")`;
    expect(runQuerySync(q, {}, { now: NOW }).rows).toEqual([]);
    const rows = runQuerySync(q, { [url]: [{ line: "from the caller" }] }, { now: NOW }).rows;
    expect(rows.map((r) => r.line)).toEqual(["from the caller"]);
  });

  test.each(hostile)("table(%s) is only ever a table name", (name) => {
    const q = `table(@"${name}") | count`;
    try {
      expect(runQuerySync(q, { [name]: [{ a: 1 }] }, { now: NOW }).rows[0]!.Count).toBe(1);
    } catch (e) {
      // An unknown table is a clean bind error, never a file read.
      expect((e as Error).name).toBe("KqlError");
    }
  });

  test("_GetWatchlist reads the caller's watchlist table only", () => {
    const q = `_GetWatchlist('../../etc/passwd') | count`;
    expect(runQuerySync(q, {}, { now: NOW }).rows[0]!.Count).toBe(0);
  });
});
