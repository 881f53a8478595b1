/**
 * binary_all_and / binary_all_or / binary_all_xor: the bitwise AND, OR or XOR of a group's non-null
 * integer values, over their 64-bit two's complement form; null when the group has no value.
 */
import type { Value } from "../runtime/values.js";
import type { AggregateFunctionDef } from "./types.js";

function bitwise(name: string, op: string, combine: (a: bigint, b: bigint) => bigint): AggregateFunctionDef {
  return {
    name,
    category: "aggregate",
    description: `The bitwise ${op} of the non-null integer values (64-bit); null when there are none.`,
    params: [{ name: "expr", kind: "integer" }],
    returns: "long",
    defaultName: (args) => `${name}_${args[0]?.columnName ?? ""}`,
    bind: () => () => {
      let acc: bigint | null = null;
      return {
        add: (a) => {
          const v: Value = a[0] as Value;
          let b: bigint;
          if (typeof v === "number" && Number.isFinite(v)) b = BigInt.asIntN(64, BigInt(Math.trunc(v)));
          else if (typeof v === "bigint") b = BigInt.asIntN(64, v);
          else return;
          acc = acc === null ? b : BigInt.asIntN(64, combine(acc, b));
        },
        result: () => (acc === null ? null : Number(acc)),
      };
    },
  };
}

export const BIT_AGGREGATES: AggregateFunctionDef[] = [
  bitwise("binary_all_and", "AND", (a, b) => a & b),
  bitwise("binary_all_or", "OR", (a, b) => a | b),
  bitwise("binary_all_xor", "XOR", (a, b) => a ^ b),
];
