import { parseQuery } from "../../src/parser/index.js";
import type { Span } from "../../src/parser/ast.js";

// A rule-shaped query touching most of the grammar (written for this test, not taken from a corpus).
const RULE = `let lookback = 14d; // indicators
let Indicators = ThreatIntelligenceIndicator
| where TimeGenerated >= ago(lookback) and isnotempty(NetworkIP)
| extend TI_ip = iff(isnotempty(NetworkIP), NetworkIP, NetworkDestinationIP)
| where TI_ip !startswith "fe80" and TI_ip !in~ ("127.0.0.1", "::1")
| summarize LatestTime = arg_max(TimeGenerated, *) by IndicatorId
| where Active == true and ExpirationDateTime > now();
let f = (T:(x:long), n:long = 5) { T | top n by x desc nulls last };
Indicators
| join kind=innerunique (
    AzureDiagnostics
    | where ResourceType =~ "VAULTS" and TimeGenerated between (ago(1h) .. now())
    | extend ClientIP = CallerIPAddress, d = dynamic({"a": [1, 2]})
    | mv-expand e = d.a to typeof(long)
    | parse Msg with * "user=" User:string " " *
  ) on $left.TI_ip == $right.ClientIP
| lookup kind=leftouter (datatable(k:string, v:long) ["a", 1]) on k
| summarize (t, c) = arg_max(TimeGenerated, ClientIP) by IndicatorId, bin(TimeGenerated, 1h)
| project-away Prop*, *_s
| sort by t desc
| take 10`;

function walk(node: unknown, parent: Span | undefined, visit: (n: { kind?: string; span: Span }, parent: Span | undefined) => void): void {
  if (Array.isArray(node)) {
    for (const c of node) walk(c, parent, visit);
    return;
  }
  if (!node || typeof node !== "object") return;
  const n = node as Record<string, unknown>;
  let p = parent;
  if (n["span"]) {
    visit(n as { kind?: string; span: Span }, parent);
    p = n["span"] as Span;
  }
  for (const [k, v] of Object.entries(n)) if (k !== "span" && !(k === "value" && n["kind"] === "Literal")) walk(v, p, visit);
}

test("every node has a span inside its parent's", () => {
  const q = parseQuery(RULE);
  let count = 0;
  walk(q, undefined, (n, parent) => {
    count++;
    expect(n.span.start).toBeLessThanOrEqual(n.span.end);
    expect(n.span.end).toBeLessThanOrEqual(RULE.length);
    if (parent) {
      expect(n.span.start).toBeGreaterThanOrEqual(parent.start);
      expect(n.span.end).toBeLessThanOrEqual(parent.end);
    }
  });
  expect(count).toBeGreaterThan(120);
});

test("spans cut out the node's own text", () => {
  const q = parseQuery(RULE);
  const texts = new Map<string, string[]>();
  walk(q, undefined, (n) => {
    if (!n.kind) return;
    const list = texts.get(n.kind) ?? [];
    list.push(RULE.slice(n.span.start, n.span.end));
    texts.set(n.kind, list);
  });
  expect(texts.get("Let")).toContain("let lookback = 14d");
  expect(texts.get("Join")![0]).toMatch(/^join kind=innerunique \(\n[\s\S]*\) on \$left\.TI_ip == \$right\.ClientIP$/);
  expect(texts.get("Equality")).toEqual(["$left.TI_ip == $right.ClientIP"]);
  expect(texts.get("In")).toEqual([`TI_ip !in~ ("127.0.0.1", "::1")`]);
  expect(texts.get("Between")).toEqual(["TimeGenerated between (ago(1h) .. now())"]);
  expect(texts.get("Take")).toEqual(["take 10"]);
  expect(texts.get("Datatable")).toEqual([`datatable(k:string, v:long) ["a", 1]`]);
});
