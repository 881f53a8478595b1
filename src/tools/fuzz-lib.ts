/**
 * Fuzzing support shared by the bounded property tests (test/security/fuzz.test.ts) and the long run
 * (`npm run fuzz`, src/tools/fuzz.ts): query mutators built on fast-check, random typed tables with
 * hostile values, and the invariant every case must keep — a result or a KqlError, within a time bound.
 * Dev-only: fast-check is a devDependency.
 */
import fc from "fast-check";
import { runQuerySync } from "../api.js";
import type { InputRow, InputTables, RunOptions, SchemaMap } from "../api-types.js";
import { KqlError } from "../errors.js";
import { parseQueryAll } from "../parser/index.js";

/** Rule-shaped queries written for the fuzzers, so `npm test` needs no corpus. They bind against SEED_SCHEMAS. */
export const SEED_QUERIES: readonly string[] = [
  `SigninLogs | where ResultType != "0" | summarize Failures = count() by UserPrincipalName, IPAddress | where Failures > 10`,
  `let threshold = 5;\nSecurityEvent\n| where EventID == 4625 and TimeGenerated > ago(1d)\n| summarize c = count(), first = min(TimeGenerated) by Account, bin(TimeGenerated, 1h)\n| where c >= threshold`,
  `SigninLogs | extend City = tostring(LocationDetails.city), Os = tostring(DeviceDetail["operatingSystem"]) | project TimeGenerated, UserPrincipalName, City, Os`,
  `SecurityEvent | where CommandLine has_any ("mimikatz", "sekurlsa") or CommandLine matches regex @"(?i)invoke-\\w+" | take 10`,
  `let ips = dynamic(["10.0.0.1", "192.168.1.1"]);\nCommonSecurityLog | where SourceIP in (ips) or DestinationIP !in ("1.1.1.1") | extend p = parse_json(AdditionalExtensions)`,
  `SigninLogs | join kind=inner (AuditLogs | where OperationName == "Add member to role" | extend UserPrincipalName = tostring(InitiatedBy.user.userPrincipalName)) on UserPrincipalName | project TimeGenerated, UserPrincipalName, OperationName`,
  `SecurityEvent | parse CommandLine with * "-user " User:string " " * | where isnotempty(User) | summarize make_set(User, 100) by Computer`,
  `AuditLogs | mv-expand TargetResources | extend Name = tostring(TargetResources.displayName) | summarize arg_max(TimeGenerated, *) by Name`,
  `range i from 1 to 20 step 1 | extend s = strcat("a", tostring(i)) | where i % 2 == 0 | order by i desc | project s, i`,
  `datatable(a:string, b:long)["x", 1, "y", 2, "__proto__", 3] | summarize sum(b) by a | sort by a asc`,
  `print x = replace_regex("aaa-bbb", @"(a+)-(b+)", @"\\2-\\1"), y = extract(@"(\\d+)", 1, "abc123"), z = split("a,b,c", ",")`,
  `SigninLogs | summarize Apps = make_set(AppDisplayName), Count = dcount(IPAddress) by UserPrincipalName | where array_length(Apps) > 3`,
  `union SigninLogs, AuditLogs | where TimeGenerated between (ago(2d) .. now()) | summarize count() by Type`,
  `let f = (t:string) { strcat("<", t, ">") };\nSecurityEvent | extend w = f(Account) | project-away CommandLine | top 5 by TimeGenerated desc`,
  `CommonSecurityLog | where isnotempty(SourceIP) and ipv4_is_private(SourceIP) == false | summarize by SourceIP, DeviceVendor`,
  `SecurityEvent | extend h = hash_sha256(CommandLine), b = base64_encode_tostring(Account) | where strlen(h) > 0 | distinct h`,
  `SigninLogs | where TimeGenerated >= startofday(ago(7d)) | extend d = format_datetime(TimeGenerated, "yyyy-MM-dd"), hr = hourofday(TimeGenerated) | count`,
  `AuditLogs | extend Props = bag_merge(pack("op", OperationName), pack("__proto__", 1)) | project Props, k = bag_keys(Props)`,
  `SecurityEvent | summarize Cmds = make_list(CommandLine) by Account | mv-expand Cmds to typeof(string) | where Cmds contains "powershell"`,
  `SigninLogs | extend Status = case(ResultType == "0", "ok", ResultType == "50126", "badpw", "other"), r = iff(isempty(IPAddress), "none", IPAddress)`,
  `SecurityEvent | where Account startswith "admin" or Account endswith "$" or Account =~ "SYSTEM" | evaluate bag_unpack(x) | take 1`,
  `let T = SigninLogs | where ResultType == "0";\nlet U = T | summarize by UserPrincipalName;\nT | join kind=leftanti U on UserPrincipalName`,
  `AuditLogs | parse-where kind=regex OperationName with @"^(Add|Remove) " Action:string @" (.*)$" Object:string | count`,
  `SigninLogs | make-series n = count() default = 0 on TimeGenerated from ago(1d) to now() step 1h by UserPrincipalName`,
  `externaldata(ip:string, score:long) ["https://example.com/bad.csv"] with (format="csv") | where score > 50 | join kind=inner (CommonSecurityLog) on $left.ip == $right.SourceIP`,
];

/** Table schemas the seed queries bind against. */
export const SEED_SCHEMAS: SchemaMap = {
  SigninLogs: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "UserPrincipalName", type: "string" },
    { name: "IPAddress", type: "string" },
    { name: "ResultType", type: "string" },
    { name: "AppDisplayName", type: "string" },
    { name: "LocationDetails", type: "dynamic" },
    { name: "DeviceDetail", type: "dynamic" },
    { name: "Type", type: "string" },
  ],
  AuditLogs: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "OperationName", type: "string" },
    { name: "InitiatedBy", type: "dynamic" },
    { name: "TargetResources", type: "dynamic" },
    { name: "Type", type: "string" },
  ],
  SecurityEvent: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "EventID", type: "int" },
    { name: "Account", type: "string" },
    { name: "Computer", type: "string" },
    { name: "CommandLine", type: "string" },
  ],
  CommonSecurityLog: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "SourceIP", type: "string" },
    { name: "DestinationIP", type: "string" },
    { name: "DeviceVendor", type: "string" },
    { name: "AdditionalExtensions", type: "string" },
  ],
};

/** A small set of rows for each seed table, some of them hostile. */
export const SEED_TABLES: InputTables = {
  SigninLogs: [
    { TimeGenerated: "2026-11-27T10:00:00Z", UserPrincipalName: "a@x.com", IPAddress: "10.0.0.1", ResultType: "50126", AppDisplayName: "Portal", LocationDetails: { city: "Paris" }, DeviceDetail: '{"operatingSystem":"Windows"}' },
    { TimeGenerated: "2026-11-27T11:00:00Z", UserPrincipalName: "__proto__", IPAddress: "", ResultType: "0", LocationDetails: JSON.parse('{"__proto__":{"polluted":1}}') as unknown, DeviceDetail: "{not json" },
  ],
  AuditLogs: [{ TimeGenerated: "2026-11-27T10:30:00Z", OperationName: "Add member to role", InitiatedBy: { user: { userPrincipalName: "a@x.com" } }, TargetResources: [{ displayName: "r1" }, { displayName: "constructor" }] }],
  SecurityEvent: [{ TimeGenerated: "2026-11-27T09:00:00Z", EventID: 4625, Account: "admin$", Computer: "pc1", CommandLine: "powershell -user bob -enc aaaa" }],
  CommonSecurityLog: [{ TimeGenerated: "2026-11-27T09:00:00Z", SourceIP: "8.8.8.8", DestinationIP: "10.0.0.2", DeviceVendor: "v", AdditionalExtensions: '{"a":[1,2]}' }],
};

/** Tokens: string literals, words, numbers, runs of blanks, then any single character. */
export function tokenize(query: string): string[] {
  return query.match(/@?"(?:[^"\\\n]|\\.)*"|@?'(?:[^'\\\n]|\\.)*'|[A-Za-z_][\w]*|\d+(?:\.\d+)?|\s+|[\s\S]/g) ?? [];
}

/** Words and symbols the mutators splice in: KQL's own vocabulary, so mutants get past the lexer. */
const VOCABULARY = [
  "|", "(", ")", "[", "]", "{", "}", ",", ";", "=", "==", "!=", "=~", "<", ">", "..", ".", ":", "*", "-", "+", "/", "%", "!", "$left", "$right",
  "where", "extend", "project", "summarize", "by", "join", "kind", "on", "let", "union", "mv-expand", "parse", "with", "range", "from", "to", "step",
  "sort", "order", "take", "top", "count", "distinct", "and", "or", "not", "in", "has", "contains", "matches regex", "between", "datatable",
  "dynamic", "todynamic(", "parse_json(", "strcat(", "toscalar(", "materialize(", "case(", "iff(", "bin(", "ago(", "now()", "datetime(", "timespan",
  "1d", "1h", "0", "1", "-1", "9223372036854775807", "1e308", "0x7f", "true", "null", '""', '"x"', "@'a\\'", "'__proto__'", "h'secret'", "```",
  "//", "\n", "\t", "\u0000", "\uFFFF", "\uD800", "😀", "é", "\u202E",
];

export type Mutation =
  | { k: "delete"; at: number; len: number }
  | { k: "duplicate"; at: number; len: number }
  | { k: "swap"; a: number; b: number }
  | { k: "truncate"; at: number }
  | { k: "insert"; at: number; text: string }
  | { k: "replace"; at: number; text: string }
  | { k: "nest"; at: number; depth: number }
  /** A slice of tokens repeated many times: long `and` chains, pipe chains, argument lists. */
  | { k: "repeat"; at: number; len: number; times: number };

/** Applies one mutation to a token list; positions are fractions so they fit any query. */
export function mutate(tokens: readonly string[], m: Mutation): string[] {
  const out = tokens.slice();
  const pos = (f: number) => Math.min(out.length, Math.floor(f * (out.length + 1)));
  switch (m.k) {
    case "delete":
      out.splice(pos(m.at), m.len);
      break;
    case "duplicate": {
      const i = pos(m.at);
      out.splice(i, 0, ...out.slice(i, i + m.len));
      break;
    }
    case "swap": {
      const i = Math.min(out.length - 1, pos(m.a));
      const j = Math.min(out.length - 1, pos(m.b));
      if (i >= 0 && j >= 0) [out[i], out[j]] = [out[j]!, out[i]!];
      break;
    }
    case "truncate":
      out.length = pos(m.at);
      break;
    case "insert":
      out.splice(pos(m.at), 0, m.text);
      break;
    case "replace":
      out.splice(pos(m.at), 1, m.text);
      break;
    case "repeat": {
      const i = pos(m.at);
      const chunk = out.slice(i, i + m.len);
      out.splice(i, 0, ...Array.from({ length: m.times }, () => chunk).flat());
      break;
    }
    case "nest": {
      const i = pos(m.at);
      out.splice(i, 0, "(".repeat(m.depth));
      out.push(")".repeat(m.depth));
      break;
    }
  }
  return out;
}

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const spliceText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VOCABULARY) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant("delete" as const), at: fraction, len: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ k: fc.constant("duplicate" as const), at: fraction, len: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ k: fc.constant("swap" as const), a: fraction, b: fraction }),
  fc.record({ k: fc.constant("truncate" as const), at: fraction }),
  fc.record({ k: fc.constant("insert" as const), at: fraction, text: spliceText }),
  fc.record({ k: fc.constant("replace" as const), at: fraction, text: spliceText }),
  fc.record({ k: fc.constant("nest" as const), at: fraction, depth: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ k: fc.constant("repeat" as const), at: fraction, len: fc.integer({ min: 1, max: 4 }), times: fc.integer({ min: 2, max: 3000 }) }),
);

/** A query from `seeds` with one to four mutations applied. */
export function mutatedQueryArb(seeds: readonly string[]): fc.Arbitrary<string> {
  const tokenized = seeds.map(tokenize);
  return fc
    .tuple(fc.integer({ min: 0, max: tokenized.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
    .map(([i, ms]) => ms.reduce((tokens, m) => mutate(tokens, m), tokenized[i]!).join(""));
}

/** Arbitrary text: random unicode, raw UTF-16 (lone surrogates) and KQL-vocabulary soup. */
export const randomTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.array(fc.constantFrom(...VOCABULARY, " ", "T", "x", "a"), { maxLength: 60 }).map((parts) => parts.join(" ")),
);

// ---------------------------------------------------------------------------------------------------
// Random typed tables

const COLUMN_TYPES = ["string", "long", "int", "real", "bool", "datetime", "timespan", "guid", "dynamic"] as const;

/** Values for a column of a type: mostly well-typed, sometimes hostile for the type, rarely the wrong type. */
function valueArb(type: (typeof COLUMN_TYPES)[number]): fc.Arbitrary<unknown> {
  const missing = fc.constantFrom<unknown>(null, undefined);
  const hostileFor: Record<(typeof COLUMN_TYPES)[number], fc.Arbitrary<unknown>> = {
    string: fc.constantFrom<unknown>("", "__proto__", "constructor", "\u0000\uD800", "x".repeat(10_000), 12, true, { a: 1 }, 2n ** 70n, Symbol("s")),
    long: fc.constantFrom<unknown>(Number.NaN, Infinity, -0, 1e308, 2n ** 70n, " 42 ", "1e3", ""),
    int: fc.constantFrom<unknown>(2 ** 40, -0, "7", 1.5),
    real: fc.constantFrom<unknown>(Number.NaN, -Infinity, -0, 5e-324, "NaN", "-infinity", 1n),
    bool: fc.constantFrom<unknown>(0, 1, 2, "TRUE", " false ", ""),
    datetime: fc.constantFrom<unknown>(new Date(Number.NaN), new Date(0), "2024-02-30T25:61:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "not a date", ""),
    timespan: fc.constantFrom<unknown>("1.02:03:04", "-00:00:01", "10675199.02:48:05.4775807", 1n << 62n, "x", ""),
    guid: fc.constantFrom<unknown>("", "not-a-guid", "{00000000-0000-0000-0000-000000000000}", "ABCDEF00-0000-0000-0000-000000000000"),
    dynamic: fc.constantFrom<unknown>(
      "{bad json", "[1,2", "__proto__", JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown,
      [[[[[]]]]], { a: { b: { c: [1, "x", null] } } }, new Date(0), 2n ** 70n, Number.NaN, "[".repeat(5000) + "]".repeat(5000),
    ),
  };
  const hostile = fc.constantFrom<unknown>(
    null, undefined, "", "__proto__", "constructor", Number.NaN, Infinity, -0, 1e308, 2n ** 70n, "not a value", "{bad json", "[1,2",
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown,
    [[[[[]]]]], { a: { b: { c: [1, "x", null] } } }, new Date(Number.NaN), new Date(0), "2024-02-30T25:61:00Z", "1.02:03:04", "-00:00:01",
  );
  const good: Record<(typeof COLUMN_TYPES)[number], fc.Arbitrary<unknown>> = {
    string: fc.string({ unit: "grapheme", maxLength: 20 }),
    long: fc.oneof(fc.integer(), fc.constantFrom(0, -1, Number.MAX_SAFE_INTEGER), fc.integer().map(String)),
    int: fc.integer({ min: -1000, max: 1000 }),
    real: fc.oneof(fc.double(), fc.double().map(String)),
    bool: fc.oneof(fc.boolean(), fc.constantFrom("true", "False", "1", "0")),
    datetime: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.date()),
    timespan: fc.oneof(fc.constantFrom("00:00:01", "1.00:00:00", "00:05:00.5"), fc.integer({ min: -1e9, max: 1e9 })),
    guid: fc.uuid(),
    dynamic: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.json({ maxDepth: 3 })),
  };
  return fc.oneof({ weight: 30, arbitrary: good[type] }, { weight: 4, arbitrary: missing }, { weight: 6, arbitrary: hostileFor[type] }, { weight: 1, arbitrary: hostile });
}

export interface RandomTable {
  schema: { name: string; type: (typeof COLUMN_TYPES)[number] }[];
  rows: InputRow[];
}

/** A table T of 1-4 typed columns named c0..c3 (sometimes `__proto__`) and 0-30 rows. */
export const randomTableArb: fc.Arbitrary<RandomTable> = fc
  .array(fc.constantFrom(...COLUMN_TYPES), { minLength: 1, maxLength: 4 })
  .chain((types) => {
    const schema = types.map((type, i) => ({ name: i === 3 ? "__proto__" : `c${i}`, type }));
    const row = fc.tuple(...schema.map((c) => valueArb(c.type))).map((values) => {
      const r: InputRow = Object.create(null) as InputRow;
      schema.forEach((c, i) => Object.defineProperty(r, c.name, { value: values[i], enumerable: true, writable: true, configurable: true }));
      return r;
    });
    return fc.array(row, { maxLength: 30 }).map((rows) => ({ schema, rows }));
  });

/** Queries over T's columns: every operator family the runtime has. */
export function tableQueries(t: RandomTable): string[] {
  const cols = t.schema.map((c) => `['${c.name}']`);
  const a = cols[0]!;
  const b = cols[cols.length - 1]!;
  return [
    `T | where ${a} == ${b} or isnull(${a}) | count`,
    `T | extend s = tostring(${a}), d = todynamic(${b}), h = hash_sha256(tostring(${a})) | project s, d, h`,
    `T | summarize n = count(), d = dcount(${a}), m = make_set(${b}), x = take_any(${a}) by k = tostring(${a})`,
    `T | sort by ${a} asc nulls first, ${b} desc | take 10`,
    `T | join kind=inner (T) on ${a} | count`,
    `T | join kind=leftouter (T | where isnotnull(${b})) on ${b} | count`,
    `T | extend e = pack_array(${a}, ${b}) | mv-expand e | extend bag = bag_pack(tostring(${a}), e) | project e, bag`,
    `T | extend j = parse_json(tostring(${a})) | mv-expand j | extend k = bag_keys(j) | project j, k`,
    `T | parse tostring(${a}) with * "-" x:long ":" y:string | project x, y`,
    `T | extend r = extract(@"(\\d+)", 1, tostring(${a})), m = tostring(${a}) matches regex @"^(a+)+$" | project r, m`,
    `T | distinct ${a}, ${b}`,
    `T | summarize arg_max(${a}, *) by ${b}`,
    `T | extend x = iff(isempty(tostring(${a})), 0, strlen(tostring(${a}))) | summarize sum(x), avg(x), percentile(x, 50)`,
    `T | union (T) | top 3 by ${a}`,
    `T | extend t = todatetime(${a}), ts = totimespan(${b}), g = toguid(${a}) | project t, ts, g`,
  ];
}

// ---------------------------------------------------------------------------------------------------
// The invariant

export interface CaseOutcome {
  /** "result": parsed/bound/ran; "error": a KqlError; "crash": anything else (a bug); "slow": over the time bound. */
  kind: "result" | "error" | "crash" | "slow";
  ms: number;
  detail?: string;
}

const RUN_LIMITS: RunOptions = { maxIntermediateRows: 200_000, maxRangeRows: 100_000, maxMvExpandRows: 100_000, maxResultRows: 1000 };

function isCleanError(e: unknown): boolean {
  if (!(e instanceof KqlError)) return false;
  return typeof e.code === "string" && Number.isInteger(e.line) && Number.isInteger(e.column) && e.line >= 0 && e.column >= 0 && typeof e.message === "string";
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split("\n")[0]!.slice(0, 200)}\n${(e.stack ?? "").split("\n").slice(1, 6).join("\n")}`;
  return String(e);
}

/**
 * Parses, binds and runs a query; the invariant is a result or a KqlError (with a position for
 * syntax errors) within `boundMs`. `parseOnly` stops after parseQueryAll.
 */
export function checkQuery(query: string, opts: { tables?: InputTables; schemas?: SchemaMap; boundMs?: number; parseOnly?: boolean } = {}): CaseOutcome {
  const bound = opts.boundMs ?? 5000;
  const started = performance.now();
  const done = (kind: CaseOutcome["kind"], detail?: string): CaseOutcome => {
    const ms = performance.now() - started;
    if (kind !== "crash" && ms > bound) return { kind: "slow", ms, detail: `took ${ms.toFixed(0)} ms` };
    return detail === undefined ? { kind, ms } : { kind, ms, detail };
  };
  let parsed: ReturnType<typeof parseQueryAll>;
  try {
    parsed = parseQueryAll(query);
  } catch (e) {
    return done("crash", `parseQueryAll threw: ${describe(e)}`);
  }
  if (!parsed.ast) {
    if (parsed.errors.length === 0) return done("crash", "parseQueryAll gave neither an AST nor errors");
    const bad = parsed.errors.find((e) => !isCleanError(e) || e.code !== "KQL_SYNTAX" || e.offset < 0 || e.offset > query.length);
    if (bad) return done("crash", `bad syntax error: ${describe(bad)}`);
    return done("error");
  }
  if (opts.parseOnly) return done("result");
  try {
    runQuerySync(query, opts.tables ?? {}, { now: "2026-11-28T12:00:00Z", schemas: opts.schemas, timeoutMs: bound, ...RUN_LIMITS });
    return done("result");
  } catch (e) {
    if (isCleanError(e)) return done("error");
    return done("crash", describe(e));
  }
}

/** Fails loudly if any prototype was polluted by a case. */
export function prototypesClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe["polluted"] === undefined && !Object.prototype.hasOwnProperty.call(Object.prototype, "polluted") && ([] as unknown as Record<string, unknown>)["polluted"] === undefined;
}
