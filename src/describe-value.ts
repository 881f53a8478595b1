/**
 * A short description of a value for an error message about the caller's arguments ("got string \"5\"",
 * "got an object with keys a, b"). It never calls the value's own methods: a value without a prototype,
 * or with a throwing `toString`, is described as safely as any other.
 */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `string ${JSON.stringify(v.slice(0, 60))}`;
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return `${typeof v} ${String(v)}`;
  if (typeof v !== "object") return typeof v;
  return `an object with keys ${Object.keys(v).slice(0, 5).join(", ") || "(none)"}`;
}
