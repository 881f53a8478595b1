import { header, run } from "./helpers.js";

const T = "datatable(k:long, s:string)[]";

describe("join output names: a renamed right column skips the right side's own names", () => {
  test.each([
    [`${T} | join (${T} | extend s1 = s) on k`, ["k:long", "s:string", "k1:long", "s2:string", "s1:string"]],
    [`${T} | extend s1 = s | join (${T} | extend s1 = s) on k`, ["k:long", "s:string", "s1:string", "k1:long", "s2:string", "s11:string"]],
    [`${T} | join (${T} | project k, s1 = s, s) on k`, ["k:long", "s:string", "k1:long", "s1:string", "s2:string"]],
    [`${T} | lookup (${T} | project k, s1 = s, s) on k`, ["k:long", "s:string", "s1:string", "s2:string"]],
  ])("%s", (query, expected) => {
    expect(header(run(query))).toEqual(expected);
  });
});
