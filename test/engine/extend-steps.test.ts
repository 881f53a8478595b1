/**
 * An extend whose items use columns made earlier in the same extend is bound as several steps, one per
 * dependency: each step's schema must be exactly the columns it computes, so a trace of a step can be read.
 */
import { materialize, prepareQuery } from "../../src/api.js";
import { planNodes } from "../../src/binder/plan.js";
import { NOW } from "./helpers.js";

const T = [{ a: 1 }, { a: 5 }];
const schemas = { T: [{ name: "a", type: "long" }] };

describe("extend in steps", () => {
  it("gives every step exactly the columns it computes", () => {
    const p = prepareQuery("T | extend x = a, y = x + 1, z = y * 2", { T }, { now: NOW, schemas });
    for (const node of planNodes(p.plan)) {
      if (node.op === "project") expect(node.exprs).toHaveLength(node.schema.length);
    }
    const steps: unknown[] = [];
    const out = p.execute((node, _inputs, output) => {
      expect(output.columns).toHaveLength(output.schema.length);
      if (node.op === "project") steps.push(materialize(output).rows[1]);
    });
    expect(steps).toEqual([{ a: 5, x: 5 }, { a: 5, x: 5, y: 6 }, { a: 5, x: 5, y: 6, z: 12 }]);
    expect(materialize(out).rows).toEqual([
      { a: 1, x: 1, y: 2, z: 4 },
      { a: 5, x: 5, y: 6, z: 12 },
    ]);
  });
});
