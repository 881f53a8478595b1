import { KqlError } from "../../src/errors.js";
import { header, rowsOf, run } from "./helpers.js";

const LOG = `datatable(s:string) ["user alice logged in", "user bob logged in", "user carol logged in", "disk full", "disk full", "service x restarted"]`;

describe("reduce", () => {
  test("a varying term becomes * when the values it joins hold more than the threshold; rare leftovers are 'others'", () => {
    const r = run(`${LOG} | reduce by s with threshold=0.2`);
    expect(header(r)).toEqual(["Pattern:string", "Count:long", "Representative:string"]);
    expect(rowsOf(r)).toEqual([
      ["user * logged in", 3, "user alice logged in"],
      ["disk full", 2, "disk full"],
      ["others", 1, ""],
    ]);
  });

  test("a higher threshold leaves more to 'others'", () => {
    expect(rowsOf(run(`${LOG} | reduce by s with threshold=0.4`))).toEqual([
      ["user * logged in", 3, "user alice logged in"],
      ["others", 3, ""],
    ]);
  });

  test("characters sets the term separators; the wildcard then absorbs the separator next to it", () => {
    const q = `range i from 1 to 6 step 1 | project s = strcat("job#", tostring(i), "#done")`;
    expect(rowsOf(run(`${q} | reduce by s with characters="#"`))).toEqual([["job*done", 6, "job#1#done"]]);
    // With the default separators `job#1#done` splits the same way; the separators stay by the wildcard.
    expect(rowsOf(run(`${q} | reduce by s`))).toEqual([["job#*#done", 6, "job#1#done"]]);
  });

  test("values that share no term stay apart: all distinct and none above the threshold is one 'others' row", () => {
    expect(rowsOf(run(`range i from 1 to 5 step 1 | project s = strcat("id", tostring(i)) | reduce by s with threshold=0.2`))).toEqual([["others", 5, ""]]);
  });

  test("kind=source keeps every row and adds its group's Pattern, Count and Representative", () => {
    const r = run(`${LOG} | reduce kind=source by s with threshold=0.2 | project s, Pattern, Count`);
    expect(rowsOf(r)).toEqual([
      ["user alice logged in", "user * logged in", 3],
      ["user bob logged in", "user * logged in", 3],
      ["user carol logged in", "user * logged in", 3],
      ["disk full", "disk full", 2],
      ["disk full", "disk full", 2],
      ["service x restarted", "others", 1],
    ]);
  });

  test("hundreds of thousands of distinct values reduce without exhausting the stack", () => {
    const r = run(`range i from 1 to 200000 step 1 | project s = strcat("req ", tostring(i), " ok") | reduce by s`);
    expect(rowsOf(r)).toEqual([["req * ok", 200000, "req 1 ok"]]);
  });

  test("an empty input gives no rows; bad arguments are errors", () => {
    expect(run(`${LOG} | where s == "nothing" | reduce by s`).rows).toEqual([]);
    expect(() => run(`${LOG} | reduce by strlen(s)`)).toThrow(/string expression/);
    expect(() => run(`${LOG} | reduce by s with threshold=2`)).toThrow(KqlError);
    expect(() => run(`${LOG} | reduce by s with depth=2`)).toThrow(/unknown reduce option/);
  });
});
