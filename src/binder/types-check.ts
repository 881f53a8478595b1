/** The typing rules of KQL's operators, and argument checks against registry parameter kinds. */
import type { ParamKind } from "../functions/types.js";
import { isNumeric, promoteNumeric, type ScalarType } from "../types.js";

/** The result type of `left op right` for arithmetic, or undefined when Kusto rejects the pair. */
export function arithmeticType(op: string, l: ScalarType, r: ScalarType): ScalarType | undefined {
  if (l === "dynamic" || r === "dynamic") {
    const other = l === "dynamic" ? r : l;
    if (other === "dynamic" || isNumeric(other)) return "real";
    if (other === "timespan" || other === "datetime") return other;
    return undefined;
  }
  if (isNumeric(l) && isNumeric(r)) return promoteNumeric(l, r);
  if (l === "datetime" && r === "datetime") return op === "-" ? "timespan" : undefined;
  if (l === "datetime" && r === "timespan") return op === "+" || op === "-" ? "datetime" : undefined;
  if (l === "timespan" && r === "datetime") return op === "+" ? "datetime" : undefined;
  if (l === "timespan" && r === "timespan") {
    if (op === "+" || op === "-" || op === "%") return "timespan";
    if (op === "/") return "real";
    return undefined;
  }
  if (l === "timespan" && isNumeric(r)) return op === "*" || op === "/" ? "timespan" : undefined;
  if (isNumeric(l) && r === "timespan") return op === "*" ? "timespan" : undefined;
  return undefined;
}

/** Whether values of the two types can be compared (`==`, `<`, ...). */
export function comparable(l: ScalarType, r: ScalarType, ordering: boolean): boolean {
  if (l === "dynamic" || r === "dynamic") return true;
  if (isNumeric(l) && isNumeric(r)) return true;
  if (l === r) return true;
  // A bool compares with a number as 0 or 1, as Kusto's binder allows (`CreatedOnLocalMachine == 0`); the
  // binder converts the bool side (Binder.alignBool).
  if ((l === "bool" && isNumeric(r)) || (r === "bool" && isNumeric(l))) return true;
  if ((l === "guid" && r === "string") || (l === "string" && r === "guid")) return !ordering;
  // Kusto's binder accepts a string compared with a number or bool (`ResultType == 0` on SigninLogs'
  // string ResultType is a common idiom); the runtime compares them as text (see docs/semantics.md). Ordering them stays an error.
  // A timespan too, compared with its text (`dayofweek(t) == "1.00:00:00"` in hunting queries). A datetime
  // stays an error: its text form has many spellings, so a text match would silently miss most of them.
  if (l === "string" && (isNumeric(r) || r === "bool" || r === "timespan")) return !ordering;
  if (r === "string" && (isNumeric(l) || l === "bool" || l === "timespan")) return !ordering;
  return false;
}

/** Whether an argument of type `t` fits a parameter kind (with implicit widening). */
export function fitsParam(kind: ParamKind, t: ScalarType): boolean {
  if (kind === "any") return true;
  if (t === "dynamic") return true; // Kusto converts dynamic arguments at run time.
  switch (kind) {
    case "numeric":
      return isNumeric(t) || t === "bool";
    case "integer":
      return t === "int" || t === "long" || t === "bool";
    case "summable":
      return isNumeric(t) || t === "timespan" || t === "bool";
    case "orderable":
      return true;
    case "stringlike":
      return true;
    case "string":
      return true; // string functions take any scalar as its text
    case "long":
    case "int":
    case "real":
    case "decimal":
      return isNumeric(t) || t === "bool";
    case "datetime":
      return t === "datetime" || t === "string";
    case "timespan":
      return t === "timespan" || t === "string";
    case "guid":
      return t === "guid" || t === "string";
    default:
      return t === kind;
  }
}
