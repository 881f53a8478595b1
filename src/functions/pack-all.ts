/**
 * pack_all([ignore_null_empty]): a property bag of every column of the row (pack-all-function.md).
 * The row's columns are the binder's to know: it binds a call as this entry with the optional flag
 * first and then one argument per column in scope (Binder.bindCall), so `bind` sees each column's
 * name and type in its ArgInfo.
 */
import { newBag, type DynamicValue, type Value } from "../runtime/values.js";
import type { ScalarFunctionDef } from "./types.js";
import { argError, scalarToDynamic } from "./util.js";

const isEmpty = (v: DynamicValue): boolean => v === null || v === "";

export const PACK_ALL: ScalarFunctionDef = {
  name: "pack_all",
  category: "dynamic",
  description: "A property bag of all the row's columns; pack_all(true) leaves out null and empty values.",
  // "any", not "bool": argument coercion (coerce-args.ts) reads the last parameter's kind for the column
  // arguments the binder appends, and must leave them as they are. The binder checks the flag is a bool.
  params: [{ name: "ignore_null_empty", kind: "any", optional: true, constant: true }],
  returns: "dynamic",
  resultNaming: "none",
  bind: (args) => {
    const flag = args[0];
    if (!flag || flag.columnName !== undefined || flag.type !== "bool") throw argError("pack_all is bound with its flag first, then the row's columns");
    const ignoreEmpty = flag.value === true;
    const columns = args.slice(1).map((a) => {
      if (a.columnName === undefined) throw argError("pack_all is bound with the row's columns");
      const type = a.type;
      return { name: a.columnName, read: type === "dynamic" ? (v: Value): DynamicValue => (v === undefined ? null : (v as DynamicValue)) : (v: Value) => scalarToDynamic(v, type) };
    });
    return (a) => {
      const bag = newBag();
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i]!;
        const v = c.read(a[i + 1] as Value);
        if (ignoreEmpty && isEmpty(v)) continue;
        bag[c.name] = v;
      }
      return bag;
    };
  },
};

export const PACK_ALL_FUNCTIONS: ScalarFunctionDef[] = [PACK_ALL];
