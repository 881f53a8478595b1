/**
 * Renders the function support matrix (docs/functions.md) from the registry, so the docs cannot drift
 * from what the engine knows: a test compares the rendered text with the committed file.
 */
import type { ParamSpec, ScalarFunctionDef, AggregateFunctionDef } from "./types.js";
import { AGGREGATE_FUNCTIONS, SCALAR_FUNCTIONS } from "./registry.js";
import { STRING_OPERATORS } from "./string-operators.js";

function cell(s: string): string {
  return s.split("|").join("\\|").split("\n").join(" ");
}

function params(ps: readonly ParamSpec[]): string {
  if (ps.length === 0) return "";
  return ps
    .map((p) => {
      let s = `${p.name}: ${p.kind}`;
      if (p.constant) s = `${s} (constant)`;
      if (p.variadic) s = `${s}...`;
      return p.optional ? `[${s}]` : s;
    })
    .join(", ");
}

function returns(def: ScalarFunctionDef | AggregateFunctionDef): string {
  return typeof def.returns === "string" ? def.returns : "depends on arguments";
}

function table(defs: ReadonlyArray<ScalarFunctionDef | AggregateFunctionDef>): string[] {
  const lines = ["| Function | Aliases | Parameters | Returns | Description |", "|---|---|---|---|---|"];
  for (const d of [...defs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const aliases = (d.aliases ?? []).map((a) => `\`${a}\``).join(", ");
    lines.push(`| \`${d.name}\` | ${aliases} | ${cell(params(d.params))} | ${returns(d)} | ${cell(d.description)} |`);
  }
  return lines;
}

/** The Markdown support matrix: scalar functions by category, aggregates, string operators. */
export function renderFunctionDocs(): string {
  const out: string[] = [
    "# Supported functions",
    "",
    "<!-- Generated from the function registry by renderFunctionDocs() (src/functions/docs.ts). Do not edit by hand. -->",
    "",
    `${SCALAR_FUNCTIONS.length} scalar functions, ${AGGREGATE_FUNCTIONS.length} aggregation functions and ${Object.keys(STRING_OPERATORS).length} string operators.`,
    "Parameter kinds: a type name, `any`, `numeric`, `integer`, `summable`, `orderable`, `stringlike`; `[...]` marks an optional parameter and `...` a repeating one.",
    "",
    "## Scalar functions",
  ];
  const categories = [...new Set(SCALAR_FUNCTIONS.map((f) => f.category))].sort();
  for (const c of categories) {
    out.push("", `### ${c}`, "", ...table(SCALAR_FUNCTIONS.filter((f) => f.category === c)));
  }
  out.push("", "## Aggregation functions", "", ...table(AGGREGATE_FUNCTIONS));
  out.push("", "## String operators", "", "| Operator | Case-sensitive | Description |", "|---|---|---|");
  for (const op of Object.values(STRING_OPERATORS)) {
    out.push(`| \`${cell(op.name)}\` | ${op.caseSensitive ? "yes" : "no"} | ${cell(op.description)} |`);
  }
  out.push("");
  return out.join("\n");
}
