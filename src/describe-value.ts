/**
 * A short description of a value for an error message about what a caller gave (a rule field, a run option, a
 * schema entry): "the number 5", "the text \"x\"", "a list", "a mapping", "empty". One wording for every such
 * message. It never calls the value's own methods, so a value without a prototype, or with a throwing
 * `toString`, is described as safely as any other; a function or a symbol is named by its kind only.
 */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "empty";
  if (Array.isArray(v)) return "a list";
  if (v instanceof Date) return "a date";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return `the ${typeof v} ${String(v)}`;
  return `a ${typeof v}`;
}
