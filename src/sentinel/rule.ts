/**
 * The Microsoft Sentinel analytic rule model: a typed view of the rule YAML files in Azure/Azure-Sentinel
 * (`Detections/`, `Solutions/<solution>/Analytic Rules/`), loaded with js-yaml and checked field by field.
 *
 * Every problem is a KqlError with code `KQL_RULE` that names the file, and, where it can, the line.
 */
import { load, parseEvents, YAMLException, EVENT_ID, SCALAR_STYLE } from "js-yaml";
import type { Event as YamlEvent, ScalarEvent } from "js-yaml";
import { describeValue } from "../describe-value.js";
import { KqlError } from "../errors.js";
import { parseTimespan, TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from "../runtime/values.js";
import { RecentCache } from "../recent-cache.js";

export type RuleKind = "Scheduled" | "NRT";
export const RULE_KINDS: readonly RuleKind[] = ["Scheduled", "NRT"];

export type RuleSeverity = "Informational" | "Low" | "Medium" | "High";
export const RULE_SEVERITIES: readonly RuleSeverity[] = ["Informational", "Low", "Medium", "High"];

/** The alert trigger comparison: result count `triggerOperator` `triggerThreshold`. */
export type TriggerOperator = "gt" | "lt" | "eq" | "ne";

export interface FieldMapping {
  identifier: string;
  columnName: string;
}

export interface EntityMapping {
  entityType: string;
  fieldMappings: FieldMapping[];
}

export interface RequiredDataConnector {
  connectorId: string;
  dataTypes: string[];
}

export interface EventGroupingSettings {
  /** `SingleAlert` (one alert for all results) or `AlertPerResult`. */
  aggregationKind: string;
}

export interface AlertDynamicProperty {
  alertProperty: string;
  value: string;
}

export interface AlertDetailsOverride {
  alertDisplayNameFormat?: string;
  alertDescriptionFormat?: string;
  alertSeverityColumnName?: string;
  alertTacticsColumnName?: string;
  alertDynamicProperties?: AlertDynamicProperty[];
}

/** Where the rule's query sits in the YAML text it came from, so query errors can point into the file. */
export interface RuleQuerySource {
  /** The whole YAML text. */
  text: string;
  /** Offset in `text` of the first character of the query's first line (after its indentation). */
  start: number;
  /** 1-based line in `text` of the query's first line. */
  line: number;
  /** Columns of indentation stripped from every query line (block scalars), 0 for flow scalars. */
  indent: number;
  /** `literal` (`|`, line for line the same text) or `other` (folded or quoted: only the start is known). */
  style: "literal" | "other";
}

export interface SentinelRule {
  id?: string;
  name?: string;
  description?: string;
  severity?: RuleSeverity;
  /** `Scheduled` when the file does not say. */
  kind: RuleKind;
  /** The KQL query text, never empty. */
  query: string;
  /** How often the rule runs, as written (`1h`, `PT1H`); see parseRuleDuration. */
  queryFrequency?: string;
  /** How far back the rule looks, as written (`14d`, `P14D`). */
  queryPeriod?: string;
  triggerOperator?: TriggerOperator;
  triggerThreshold?: number;
  tactics: string[];
  relevantTechniques: string[];
  entityMappings: EntityMapping[];
  /** Alert field name -> result column name. */
  customDetails: Record<string, string>;
  requiredDataConnectors: RequiredDataConnector[];
  /** Always text: `1.3.4`, `1.0.0` (a YAML number such as `1.0` is kept as written). */
  version?: string;
  eventGroupingSettings?: EventGroupingSettings;
  alertDetailsOverride?: AlertDetailsOverride;
  /** The file name used in messages, when one was given. */
  sourceName?: string;
  /** Present when the rule was loaded from YAML text. */
  querySource?: RuleQuerySource;
}

// ---------------------------------------------------------------------------------------------------
// Durations

const ISO_DURATION_RE = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

function ticksOf(amount: string | undefined, per: bigint): bigint {
  if (amount === undefined) return 0n;
  return BigInt(Math.round(Number(amount) * Number(per)));
}

/**
 * A rule duration (`queryFrequency`, `queryPeriod`, `suppressionDuration`) as timespan ticks: the KQL forms
 * Sentinel files use (`5m`, `1h`, `14d`, `1.5h`, `00:05:00`) and ISO 8601 durations (`PT1H`, `P14D`,
 * `P1DT12H`, `PT30S`). Null when the text is none of these or the duration is negative, and for a value that
 * is not text at all (from untyped callers).
 */
export function parseRuleDuration(text: string): bigint | null {
  if (typeof text !== "string") return null;
  const t = text.trim();
  if (t === "") return null;
  const iso = ISO_DURATION_RE.exec(t);
  if (iso) {
    if (t.length === 1 || /T$/i.test(t)) return null; // a bare `P` or a dangling `T`
    return (
      ticksOf(iso[1], 7n * TICKS_PER_DAY) +
      ticksOf(iso[2], TICKS_PER_DAY) +
      ticksOf(iso[3], TICKS_PER_HOUR) +
      ticksOf(iso[4], TICKS_PER_MINUTE) +
      ticksOf(iso[5], TICKS_PER_SECOND)
    );
  }
  const ticks = parseTimespan(t);
  return ticks === null || ticks < 0n ? null : ticks;
}

// ---------------------------------------------------------------------------------------------------
// Loading

type Mapping = Record<string, unknown>;

function isMapping(v: unknown): v is Mapping {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function ruleError(message: string, sourceName: string | undefined, text?: string, offset?: number): KqlError {
  return new KqlError({
    code: "KQL_RULE",
    message,
    sourceName: sourceName ?? "<rule>",
    ...(text !== undefined && offset !== undefined ? { source: text, span: { start: offset, end: offset + 1 } } : {}),
  });
}

/**
 * Heuristic for runQuery: does this text look like a rule file (YAML or JSON with a top-level `query` key)
 * rather than bare KQL? A line that starts with `query:` is taken as YAML even if the rest does not parse,
 * so a broken rule file gets a YAML error rather than a KQL syntax error.
 */
export function isRuleText(text: string): boolean {
  if (/^["']?query["']?[ \t]*:/m.test(text)) return true;
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("---")) return false;
  try {
    const doc = load(text);
    return isMapping(doc) && Object.prototype.hasOwnProperty.call(doc, "query");
  } catch {
    return false;
  }
}

/**
 * Parses a rule file's YAML text into a checked SentinelRule. `sourceName` (a file path) names the file in
 * error messages. Throws KqlError (`KQL_RULE`) for invalid YAML (with its line and column), a document that
 * is not a mapping, a missing or empty `query`, an unknown `kind` or `severity`, and fields of the wrong type.
 */
export function loadRule(yamlText: string, sourceName?: string): SentinelRule {
  if (typeof yamlText !== "string") throw ruleError(`a rule must be YAML text, but it is ${describeValue(yamlText)}`, sourceName);
  const text = yamlText.replace(/^\uFEFF/, "");
  let events: YamlEvent[];
  let doc: unknown;
  try {
    ({ events, doc } = parseYaml(text, sourceName));
  } catch (e) {
    if (e instanceof YAMLException) {
      const reason = e.reason || e.message.split("\n")[0] || "invalid YAML";
      if (e.mark) {
        throw ruleError(`invalid YAML: ${reason}`, sourceName, text, Math.min(e.mark.position, Math.max(0, text.length - 1)));
      }
      throw ruleError(`invalid YAML: ${reason}`, sourceName);
    }
    throw ruleError(`invalid YAML: ${e instanceof Error ? e.message : String(e)}`, sourceName);
  }
  if (!isMapping(doc)) {
    const what = doc === null || doc === undefined ? "empty" : Array.isArray(doc) ? "a list" : `a ${typeof doc}`;
    throw ruleError(`a rule file must be a YAML mapping (id:, name:, query:, ...), but this document is ${what}`, sourceName);
  }
  const top = topLevelScalars(events, text);
  const rule = ruleFromObject(doc, sourceName, { text, top });
  const q = top.get("query");
  if (q) {
    const style = q.style === SCALAR_STYLE.LITERAL_BLOCK ? "literal" : "other";
    // valueStart is the first content character of a flow scalar (inside any quotes), and the start of the
    // first line, indentation included, of a block scalar.
    const indent = style === "literal" && q.indent > 0 ? q.indent : 0;
    const start = q.valueStart + indent;
    rule.querySource = { text, start, line: lineOf(text, start), indent, style };
  }
  return rule;
}

/**
 * Parsed YAML by source text. A rule's tests replay the same file many times, and parsing its YAML (twice:
 * events for positions, then the document) was a third of a warm run over small tables. Each hit hands out
 * a clone of the document, since the rule model built from it is the caller's to change.
 */
const parsedYaml = new RecentCache<{ events: YamlEvent[]; doc: unknown }>(64);

function parseYaml(text: string, sourceName: string | undefined): { events: YamlEvent[]; doc: unknown } {
  const parsed = parsedYaml.get(`${sourceName ?? ""}\u0000${text}`, () => {
    const options = sourceName ? { filename: sourceName } : {};
    return { events: parseEvents(text, options), doc: load(text, options) as unknown };
  });
  return { events: parsed.events, doc: structuredClone(parsed.doc) };
}

/** The scalar value events of the top-level mapping, by key. */
function topLevelScalars(events: YamlEvent[], text: string): Map<string, ScalarEvent> {
  const out = new Map<string, ScalarEvent>();
  let depth = 0; // 1 = inside the document, 2 = inside the top-level mapping
  let expectKey = true;
  let key: string | undefined;
  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        depth = 1;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        if (depth === 2) {
          expectKey = true; // a nested collection is a value; the next top-level event is a key
          key = undefined;
        }
        depth++;
        break;
      case EVENT_ID.POP:
        depth--;
        break;
      case EVENT_ID.SCALAR:
        if (depth === 2) {
          if (expectKey) {
            key = text.slice(ev.valueStart, ev.valueEnd).replace(/^["']|["']$/g, "");
            expectKey = false;
          } else {
            if (key !== undefined) out.set(key, ev);
            expectKey = true;
          }
        }
        break;
      case EVENT_ID.ALIAS:
        if (depth === 2) expectKey = !expectKey;
        break;
    }
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

interface YamlContext {
  text: string;
  top: Map<string, ScalarEvent>;
}

/**
 * Checks an already-parsed rule object (from YAML, JSON, or the corpus files, where absent fields are
 * `null`) and returns a SentinelRule. Throws KqlError (`KQL_RULE`) like loadRule.
 */
export function ruleFromObject(obj: unknown, sourceName?: string, yamlContext?: YamlContext): SentinelRule {
  if (!isMapping(obj)) throw ruleError("a rule must be an object with at least a `query` field", sourceName);
  const at = (field: string): number | undefined => yamlContext?.top.get(field)?.valueStart;
  const fail = (field: string, message: string): never => {
    const offset = at(field);
    throw ruleError(message, sourceName, yamlContext?.text, offset);
  };
  const get = (field: string): unknown => {
    const v = obj[field];
    return v === null ? undefined : v;
  };
  const str = (field: string): string | undefined => {
    const v = get(field);
    if (v === undefined) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (v instanceof Date) return v.toISOString();
    return fail(field, `\`${field}\` must be text, but it is ${describeValue(v)}`);
  };
  const strList = (field: string): string[] => {
    const v = get(field);
    if (v === undefined) return [];
    if (typeof v === "string") return v.trim() === "" ? [] : [v];
    if (!Array.isArray(v)) return fail(field, `\`${field}\` must be a list of text, but it is ${describeValue(v)}`);
    return v.map((item, i) => {
      if (typeof item === "string") return item;
      return fail(field, `\`${field}\` item ${i + 1} must be text, but it is ${describeValue(item)}`);
    });
  };

  // query
  const rawQuery = get("query");
  if (rawQuery === undefined) throw ruleError("the rule has no `query` field", sourceName);
  if (typeof rawQuery !== "string") fail("query", `\`query\` must be text (KQL), but it is ${describeValue(rawQuery)}`);
  const query = rawQuery as string;
  if (query.trim() === "") fail("query", "the rule's `query` is empty");

  // kind
  let kind: RuleKind = "Scheduled";
  const rawKind = str("kind");
  if (rawKind !== undefined) {
    const found = RULE_KINDS.find((k) => k.toLowerCase() === rawKind.trim().toLowerCase());
    if (!found) fail("kind", `unknown rule kind \`${rawKind}\`; known kinds: ${RULE_KINDS.join(", ")}`);
    kind = found as RuleKind;
  }

  // severity
  let severity: RuleSeverity | undefined;
  const rawSeverity = str("severity");
  if (rawSeverity !== undefined) {
    severity = RULE_SEVERITIES.find((s) => s.toLowerCase() === rawSeverity.trim().toLowerCase());
    if (!severity) fail("severity", `unknown severity \`${rawSeverity}\`; known: ${RULE_SEVERITIES.join(", ")}`);
  }

  // durations
  const duration = (field: string): string | undefined => {
    const v = str(field);
    if (v === undefined) return undefined;
    if (parseRuleDuration(v) === null) fail(field, `\`${field}\` is not a duration: \`${v}\` (expected e.g. 5m, 1h, 14d or PT1H)`);
    return v;
  };
  const queryFrequency = duration("queryFrequency");
  const queryPeriod = duration("queryPeriod");

  // trigger
  let triggerOperator: TriggerOperator | undefined;
  const rawOp = str("triggerOperator");
  if (rawOp !== undefined) {
    triggerOperator = TRIGGER_OPERATORS[rawOp.trim().toLowerCase()];
    if (!triggerOperator) fail("triggerOperator", `unknown triggerOperator \`${rawOp}\`; known: gt, lt, eq, ne`);
  }
  let triggerThreshold: number | undefined;
  const rawThreshold = get("triggerThreshold");
  if (rawThreshold !== undefined) {
    const n = typeof rawThreshold === "string" && rawThreshold.trim() !== "" ? Number(rawThreshold) : rawThreshold;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      fail("triggerThreshold", `\`triggerThreshold\` must be a whole number >= 0, but it is ${describeValue(rawThreshold)}`);
    }
    triggerThreshold = n as number;
  }

  // entity mappings
  const entityMappings: EntityMapping[] = [];
  const rawEntities = get("entityMappings");
  if (rawEntities !== undefined) {
    if (!Array.isArray(rawEntities)) fail("entityMappings", `\`entityMappings\` must be a list, but it is ${describeValue(rawEntities)}`);
    (rawEntities as unknown[]).forEach((e, i) => {
      const where = `entityMappings item ${i + 1}`;
      if (!isMapping(e) || typeof e.entityType !== "string") fail("entityMappings", `${where} must have a text \`entityType\``);
      const em = e as Mapping;
      const fms = em.fieldMappings;
      if (!Array.isArray(fms)) fail("entityMappings", `${where} (${String(em.entityType)}) must have a list \`fieldMappings\``);
      const fieldMappings = (fms as unknown[]).map((f, j) => {
        if (!isMapping(f) || typeof f.identifier !== "string" || typeof f.columnName !== "string") {
          return fail("entityMappings", `${where} (${String(em.entityType)}) field mapping ${j + 1} needs text \`identifier\` and \`columnName\``);
        }
        return { identifier: f.identifier, columnName: f.columnName };
      });
      entityMappings.push({ entityType: em.entityType as string, fieldMappings });
    });
  }

  // custom details
  const customDetails: Record<string, string> = {};
  const rawDetails = get("customDetails");
  if (rawDetails !== undefined) {
    if (!isMapping(rawDetails)) fail("customDetails", `\`customDetails\` must be a mapping of alert field to column, but it is ${describeValue(rawDetails)}`);
    for (const [k, v] of Object.entries(rawDetails as Mapping)) {
      if (typeof v !== "string") fail("customDetails", `customDetails \`${k}\` must name a column (text), but it is ${describeValue(v)}`);
      customDetails[k] = v as string;
    }
  }

  // data connectors (the corpus has a few `datatypes` spelled in lower case)
  const requiredDataConnectors: RequiredDataConnector[] = [];
  const rawConnectors = get("requiredDataConnectors");
  if (rawConnectors !== undefined) {
    if (!Array.isArray(rawConnectors)) fail("requiredDataConnectors", `\`requiredDataConnectors\` must be a list, but it is ${describeValue(rawConnectors)}`);
    (rawConnectors as unknown[]).forEach((c, i) => {
      if (!isMapping(c) || typeof c.connectorId !== "string") {
        fail("requiredDataConnectors", `requiredDataConnectors item ${i + 1} must have a text \`connectorId\``);
      }
      const cm = c as Mapping;
      const types = cm.dataTypes ?? cm.datatypes ?? [];
      if (!Array.isArray(types) || types.some((t) => typeof t !== "string")) {
        fail("requiredDataConnectors", `requiredDataConnectors \`${String(cm.connectorId)}\` must have a list of text \`dataTypes\``);
      }
      requiredDataConnectors.push({ connectorId: cm.connectorId as string, dataTypes: [...(types as string[])] });
    });
  }

  // version: keep the text as written when YAML read it as a number (`1.0` would otherwise become `1`)
  let version: string | undefined;
  const rawVersion = get("version");
  if (rawVersion !== undefined) {
    const ev = yamlContext?.top.get("version");
    if (typeof rawVersion === "number" && ev && yamlContext) version = yamlContext.text.slice(ev.valueStart, ev.valueEnd).trim();
    else version = str("version");
  }

  const rule: SentinelRule = {
    kind,
    query,
    tactics: strList("tactics"),
    relevantTechniques: strList("relevantTechniques"),
    entityMappings,
    customDetails,
    requiredDataConnectors,
  };
  const id = str("id");
  if (id !== undefined) rule.id = id;
  const ruleName = str("name");
  if (ruleName !== undefined) rule.name = ruleName;
  const description = str("description");
  if (description !== undefined) rule.description = description;
  if (severity) rule.severity = severity;
  if (queryFrequency !== undefined) rule.queryFrequency = queryFrequency;
  if (queryPeriod !== undefined) rule.queryPeriod = queryPeriod;
  if (triggerOperator) rule.triggerOperator = triggerOperator;
  if (triggerThreshold !== undefined) rule.triggerThreshold = triggerThreshold;
  if (version !== undefined) rule.version = version;
  // A SentinelRule passed back in (runQuery(loadRule(text, file), ...)) keeps its file name and query position.
  const name = sourceName ?? (typeof obj.sourceName === "string" ? obj.sourceName : undefined);
  if (name !== undefined) rule.sourceName = name;
  const qs = obj.querySource;
  if (!yamlContext && isMapping(qs) && typeof qs.text === "string" && typeof qs.start === "number" && typeof qs.line === "number" && typeof qs.indent === "number" && (qs.style === "literal" || qs.style === "other")) {
    rule.querySource = { text: qs.text, start: qs.start, line: qs.line, indent: qs.indent, style: qs.style };
  }

  const grouping = get("eventGroupingSettings");
  if (grouping !== undefined) {
    if (!isMapping(grouping) || typeof grouping.aggregationKind !== "string") {
      fail("eventGroupingSettings", "`eventGroupingSettings` must be a mapping with a text `aggregationKind`");
    }
    rule.eventGroupingSettings = { aggregationKind: (grouping as Mapping).aggregationKind as string };
  }
  const override = get("alertDetailsOverride");
  if (override !== undefined) rule.alertDetailsOverride = alertDetailsOverride(override, fail);
  return rule;
}

const TRIGGER_OPERATORS: Readonly<Record<string, TriggerOperator>> = {
  gt: "gt",
  greaterthan: "gt",
  lt: "lt",
  lessthan: "lt",
  eq: "eq",
  equal: "eq",
  ne: "ne",
  notequal: "ne",
};

function alertDetailsOverride(v: unknown, fail: (field: string, message: string) => never): AlertDetailsOverride {
  if (!isMapping(v)) return fail("alertDetailsOverride", `\`alertDetailsOverride\` must be a mapping, but it is ${describeValue(v)}`);
  const out: AlertDetailsOverride = {};
  for (const key of ["alertDisplayNameFormat", "alertDescriptionFormat", "alertSeverityColumnName", "alertTacticsColumnName"] as const) {
    const x = v[key];
    if (x === undefined || x === null) continue;
    if (typeof x !== "string") fail("alertDetailsOverride", `alertDetailsOverride \`${key}\` must be text, but it is ${describeValue(x)}`);
    out[key] = x as string;
  }
  const props = v.alertDynamicProperties;
  if (props !== undefined && props !== null) {
    if (!Array.isArray(props)) return fail("alertDetailsOverride", "alertDetailsOverride `alertDynamicProperties` must be a list");
    out.alertDynamicProperties = props.map((p, i) => {
      if (!isMapping(p) || typeof p.alertProperty !== "string" || typeof p.value !== "string") {
        return fail("alertDetailsOverride", `alertDynamicProperties item ${i + 1} needs text \`alertProperty\` and \`value\``);
      }
      return { alertProperty: p.alertProperty, value: p.value };
    });
  }
  return out;
}

/**
 * A query error (positions relative to `rule.query`) re-anchored in the rule file, so the message names
 * the file and shows the YAML line. Literal block queries (`query: |`) map line for line; for other styles
 * only the file name is added.
 */
export function ruleQueryError(err: KqlError, rule: SentinelRule): KqlError {
  const src = rule.querySource;
  const name = rule.sourceName ?? err.sourceName;
  if (!src || err.line === 0) {
    return name === err.sourceName ? err : new KqlError({ code: err.code, message: err.detail, sourceName: name, subject: err.subject, ...spanOf(err, rule.query) });
  }
  if (src.style !== "literal") {
    if (err.line === 1) return err.withSource(src.text, name, src.start);
    return new KqlError({ code: err.code, message: err.detail, sourceName: name, subject: err.subject, ...spanOf(err, rule.query) });
  }
  const yamlLineStart = lineStarts(src.text);
  const targetLine = src.line - 1 + (err.line - 1); // 0-based YAML line
  const lineStart = yamlLineStart[targetLine];
  if (lineStart === undefined) return err;
  const offset = lineStart + src.indent + (err.column - 1);
  return new KqlError({ code: err.code, message: err.detail, source: src.text, span: { start: offset, end: offset + err.length }, sourceName: name, subject: err.subject });
}

function spanOf(err: KqlError, query: string): { source?: string; span?: { start: number; end: number } } {
  return err.line === 0 ? {} : { source: query, span: { start: err.offset, end: err.offset + err.length } };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}
