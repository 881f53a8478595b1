/**
 * The differential test over our own queries: for each, our parser accepts it exactly when Microsoft's
 * does, and our result schema (names, order, types) equals the one Microsoft's binder computes over the
 * same tables. The corpus and docs version (`npm run oracle`) reads ../shared at run time.
 */
import { compareQuery, formatCase, summarise, type CaseResult } from "./compare.js";
import { exceptionFor } from "./exceptions.js";
import { KustoOracle, type SchemaMap } from "./kusto-language.js";

const schemas: SchemaMap = {
  SigninLogs: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "UserPrincipalName", type: "string" },
    { name: "IPAddress", type: "string" },
    { name: "ResultType", type: "string" },
    { name: "LocationDetails", type: "dynamic" },
    { name: "DurationMs", type: "long" },
    { name: "RiskScore", type: "int" },
    { name: "Confidence", type: "real" },
    { name: "CorrelationId", type: "guid" },
    { name: "IsInteractive", type: "bool" },
    { name: "TenantId", type: "string" },
    { name: "Type", type: "string" },
  ],
  AuditLogs: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "OperationName", type: "string" },
    { name: "InitiatedBy", type: "dynamic" },
    { name: "TargetResources", type: "dynamic" },
    { name: "CorrelationId", type: "string" },
    { name: "DurationMs", type: "int" },
    { name: "TenantId", type: "string" },
    { name: "Type", type: "string" },
  ],
  Heartbeat: [
    { name: "TimeGenerated", type: "datetime" },
    { name: "Computer", type: "string" },
    { name: "ComputerIP", type: "string" },
    { name: "Uptime", type: "timespan" },
    { name: "Version", type: "string" },
  ],
};

/** [label, query]: each exercises one naming or typing rule. */
const QUERIES: [string, string][] = [
  // sources
  ["table", "SigninLogs"],
  ["print unnamed", "print 1, 'a', now(), 1.5, x = 2"],
  ["datatable", "datatable(a:int, b:string, c:dynamic, d:datetime, e:timespan, f:guid, g:bool, h:real, i:long)[]"],
  ["range", "range i from 1 to 10 step 2"],
  ["range datetime", "range t from datetime(2024-01-01) to datetime(2024-01-02) step 1h"],
  ["let tabular", "let T = SigninLogs | where RiskScore > 1; T | project IPAddress"],
  ["let function", "let f = (n:long) { SigninLogs | where DurationMs > n | project UserPrincipalName }; f(5)"],
  ["let scalar", "let threshold = 10; SigninLogs | where RiskScore > threshold | count"],
  // project / extend naming
  ["project exprs", "SigninLogs | project IPAddress, tostring(LocationDetails), strlen(UserPrincipalName), LocationDetails.city, LocationDetails['state'], RiskScore + 1, toupper(ResultType)"],
  ["project clash", "SigninLogs | project LocationDetails, tostring(LocationDetails)"],
  ["extend replaces", "SigninLogs | extend tostring(LocationDetails), RiskScore = RiskScore * 2"],
  ["extend new", "SigninLogs | extend a = 1, b = 2.5, c = 'x', d = now(), e = 1h, f = dynamic([1]), g = true"],
  ["extend unnamed", "SigninLogs | extend RiskScore + 1, strcat(IPAddress, 'x')"],
  ["project-rename", "SigninLogs | project-rename User = UserPrincipalName, Ip = IPAddress"],
  ["project-away", "SigninLogs | project-away LocationDetails, Is*"],
  ["project-keep", "SigninLogs | project-keep *Id, TimeGenerated"],
  ["project-reorder", "SigninLogs | project-reorder IPAddress, Type, TimeGenerated"],
  ["project-reorder pattern", "SigninLogs | project-reorder *Name asc"],
  // summarize naming
  ["summarize defaults", "SigninLogs | summarize count(), countif(RiskScore > 1), dcount(IPAddress), sum(DurationMs), sum(RiskScore), avg(Confidence), min(TimeGenerated), max(TimeGenerated)"],
  ["summarize sets", "SigninLogs | summarize make_set(IPAddress), make_list(ResultType), make_bag(LocationDetails), make_set(IPAddress, 10), take_any(UserPrincipalName), any(ResultType)"],
  ["summarize collisions", "SigninLogs | summarize count(), count(), max(RiskScore), max(RiskScore)"],
  ["summarize percentile", "SigninLogs | summarize percentile(DurationMs, 50), percentiles(DurationMs, 5, 95), stdev(DurationMs), variance(Confidence)"],
  ["summarize by bin", "SigninLogs | summarize count() by bin(TimeGenerated, 1h), UserPrincipalName"],
  ["summarize by expr", "SigninLogs | summarize n = count() by tostring(LocationDetails.city), strlen(IPAddress), RiskScore + 1"],
  ["summarize expr over aggregates", "SigninLogs | summarize round(avg(Confidence), 2), Span = max(TimeGenerated) - min(TimeGenerated) by IPAddress"],
  ["summarize sum of int", "SigninLogs | summarize sum(RiskScore), sum(Confidence), avg(RiskScore), sumif(RiskScore, IsInteractive)"],
  ["summarize if forms", "SigninLogs | summarize dcountif(IPAddress, IsInteractive), make_set_if(IPAddress, IsInteractive), make_list_if(IPAddress, IsInteractive), maxif(RiskScore, IsInteractive)"],
  ["arg_max star", "SigninLogs | summarize arg_max(TimeGenerated, *) by UserPrincipalName"],
  ["arg_max named", "SigninLogs | summarize Last = arg_max(TimeGenerated, *) by UserPrincipalName"],
  ["arg_max columns", "SigninLogs | summarize arg_max(TimeGenerated, IPAddress, ResultType) by UserPrincipalName"],
  ["arg_min by bin", "SigninLogs | summarize arg_min(DurationMs, *) by bin(TimeGenerated, 1d)"],
  ["take_any star", "SigninLogs | summarize take_any(*) by IPAddress"],
  ["take_any many", "SigninLogs | summarize take_any(IPAddress, ResultType) by UserPrincipalName"],
  ["count operator", "SigninLogs | count"],
  ["distinct", "SigninLogs | distinct UserPrincipalName, IPAddress"],
  ["top", "SigninLogs | top 5 by DurationMs desc"],
  ["top-nested", "SigninLogs | top-nested 3 of UserPrincipalName by count()"],
  // join / lookup / union
  ["join innerunique", "SigninLogs | join (AuditLogs) on TimeGenerated"],
  ["join inner keys", "SigninLogs | join kind=inner (AuditLogs | project TimeGenerated, OperationName, TenantId) on TimeGenerated, TenantId"],
  ["join leftouter different key names", "SigninLogs | join kind=leftouter (AuditLogs) on $left.UserPrincipalName == $right.OperationName"],
  ["join leftsemi", "SigninLogs | join kind=leftsemi (AuditLogs) on TenantId"],
  ["join rightanti", "SigninLogs | join kind=rightanti (AuditLogs) on TenantId"],
  ["join twice", "SigninLogs | project TimeGenerated, Type | join (AuditLogs | project TimeGenerated, Type) on Type | join (Heartbeat | project TimeGenerated, Type = Computer) on Type"],
  ["lookup", "SigninLogs | lookup (AuditLogs | project TenantId, OperationName, TimeGenerated) on TenantId"],
  ["union splits", "union SigninLogs, AuditLogs"],
  ["union withsource", "union withsource=Src SigninLogs, Heartbeat"],
  ["union kind inner", "union kind=inner SigninLogs, AuditLogs"],
  ["union split order", "union (SigninLogs | project CorrelationId, DurationMs), (AuditLogs | project DurationMs, CorrelationId)"],
  // other operators
  ["mv-expand", "SigninLogs | mv-expand LocationDetails"],
  ["mv-expand typed", "SigninLogs | mv-expand x = LocationDetails to typeof(string), y = pack_array(1, 2) to typeof(long)"],
  ["mv-expand itemindex", "AuditLogs | mv-expand with_itemindex=i TargetResources"],
  ["parse", "AuditLogs | parse OperationName with * 'user ' User:string ' at ' When:datetime ' n=' N:long"],
  ["parse untyped", "AuditLogs | parse OperationName with Verb ' ' Object"],
  ["extract_all", "AuditLogs | extend m = extract_all(@'(\\d+)', OperationName), e = extract('(a)', 1, OperationName), e2 = extract('(\\d+)', 1, OperationName, typeof(long))"],
  ["scalar types", "SigninLogs | project a = DurationMs / 2, b = RiskScore / 2, c = RiskScore * 1.5, d = TimeGenerated - ago(1h), e = 1h / 1m, f = bin(DurationMs, 10), g = iff(IsInteractive, RiskScore, DurationMs), h = todouble(RiskScore), i = toint(Confidence)"],
  ["string functions", "SigninLogs | project a = strlen(IPAddress), b = substring(IPAddress, 1), c = split(IPAddress, '.'), d = indexof(IPAddress, '.'), e = trim(' ', IPAddress), f = replace_string(IPAddress, '.', '-'), g = countof(IPAddress, '.')"],
  ["datetime functions", "SigninLogs | project a = startofday(TimeGenerated), b = dayofweek(TimeGenerated), c = datetime_part('hour', TimeGenerated), d = format_datetime(TimeGenerated, 'yyyy'), e = datetime_diff('day', now(), TimeGenerated), f = getmonth(TimeGenerated)"],
  ["dynamic functions", "SigninLogs | project a = array_length(pack_array(1, 2)), b = bag_keys(LocationDetails), c = parse_json(ResultType), d = todynamic(ResultType), e = set_union(pack_array(1), pack_array(2)), f = array_concat(pack_array(1), pack_array(2))"],
  ["ip functions", "SigninLogs | project a = ipv4_is_private(IPAddress), b = ipv4_is_in_range(IPAddress, '10.0.0.0/8'), c = parse_ipv4(IPAddress), d = ipv4_compare(IPAddress, '1.2.3.4')"],
  ["case iff dynamic", "AuditLogs | project a = iff(isnotempty(InitiatedBy.user), InitiatedBy.user.userPrincipalName, ''), b = case(DurationMs > 1, InitiatedBy.app, DurationMs > 2, 'x', '')"],
  ["conversion", "SigninLogs | project tostring(RiskScore), tolong(IPAddress), toreal(DurationMs), tobool(ResultType), todatetime(ResultType), totimespan(ResultType), toguid(ResultType)"],
  ["sort take", "SigninLogs | sort by TimeGenerated desc, IPAddress asc | take 10 | project TimeGenerated, IPAddress"],
  ["where in", "SigninLogs | where IPAddress in ('1.1.1.1', '2.2.2.2') and ResultType !in~ ('0') | where UserPrincipalName has_any ('a', 'b')"],
  ["serialize window", "SigninLogs | serialize n = row_number(), p = prev(DurationMs), c = row_cumsum(RiskScore)"],
  ["make-series", "SigninLogs | make-series count() default = 0 on TimeGenerated from datetime(2024-01-01) to datetime(2024-01-02) step 1h by UserPrincipalName"],
  ["watchlist", "_GetWatchlist('HighValue') | project SearchKey"],
  ["materialize", "let m = materialize(SigninLogs | summarize count() by IPAddress); m | join kind=inner (m) on IPAddress"],
  ["toscalar", "let t = toscalar(SigninLogs | summarize max(TimeGenerated)); SigninLogs | where TimeGenerated == t | project UserPrincipalName"],
  ["facet-free getschema", "SigninLogs | getschema"],
  // syntax: both must reject
  ["syntax: missing expression", "SigninLogs | where"],
  ["syntax: unclosed paren", "SigninLogs | where (RiskScore > 1"],
  ["syntax: bad operator", "SigninLogs | frobnicate"],
  ["syntax: dangling pipe", "SigninLogs |"],
  ["syntax: bad project", "SigninLogs | project a = "],
  ["syntax: unterminated string", "SigninLogs | where IPAddress == 'abc"],
  ["syntax: two commas", "SigninLogs | project a,, b"],
  ["syntax: let without semicolon", "let x = 1 SigninLogs"],
];

describe("Microsoft's binder as the oracle: our own queries", () => {
  let results: CaseResult[] = [];

  beforeAll(() => {
    const oracle = new KustoOracle(schemas);
    results = QUERIES.map(([label, query]) => compareQuery(oracle, label, query, schemas));
    const s = summarise(results);
    console.log(
      `oracle (built-in queries): syntax agreement ${s.syntaxAgree}/${s.total}; schema agreement ${s.schemaAgree}/${s.bothBind}; ` +
        `skipped (Kusto semantic errors) ${s.skippedMsSemantic}; both reject ${s.byOutcome.get("both-reject")?.length ?? 0}; ` +
        `listed exceptions ${results.filter((r) => r.outcome !== "match" && r.outcome !== "both-reject" && exceptionFor(r)).map((r) => `${r.id} (${exceptionFor(r)!.id})`).join(", ")}`,
    );
  }, 120_000);

  it("agrees on every query, or the disagreement is a listed exception", () => {
    const bad = results.filter((r) => r.outcome !== "match" && r.outcome !== "both-reject" && !exceptionFor(r));
    expect(bad.map((r) => `${r.outcome} ${formatCase(r)}`)).toEqual([]);
  });

  it("every query is compared (none is skipped for a semantic error in the query itself)", () => {
    expect(results.filter((r) => r.outcome === "skip-ms-semantic").map((r) => `${r.id}: ${r.detail}`)).toEqual([]);
  });

  it("the syntax cases are rejected by both parsers", () => {
    const syntax = results.filter((r) => r.id.startsWith("syntax:"));
    expect(syntax.length).toBeGreaterThan(5);
    for (const r of syntax) expect([r.id, r.outcome]).toEqual([r.id, "both-reject"]);
  });
});
