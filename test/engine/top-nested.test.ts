import { header, rowsOf, run } from "./helpers.js";

const T = {
  T: [
    { host: "a", user: "u1", n: 5 },
    { host: "b", user: "u1", n: 1 },
    { host: "a", user: "u2", n: 2 },
    { host: "c", user: "u3", n: 9 },
    { host: "a", user: "u1", n: 1 },
    { host: "b", user: "u2", n: 3 },
  ],
};

describe("top-nested", () => {
  it("keeps the top groups at each level within the groups kept above", () => {
    const r = run("T | top-nested 2 of host by count(), top-nested 1 of user by total = sum(n)", T);
    expect(header(r)).toEqual(["host:string", "aggregated_host:long", "user:string", "total:long"]);
    expect(rowsOf(r)).toEqual([
      ["a", 3, "u1", 6],
      ["b", 2, "u2", 3],
    ]);
  });
  it("asc ranks the smallest first, and a level without a count keeps every group", () => {
    const r = run("T | top-nested of H = toupper(host) by sum(n) asc", T);
    expect(header(r)).toEqual(["H:string", "aggregated_H:long"]);
    expect(rowsOf(r)).toEqual([
      ["B", 4],
      ["A", 8],
      ["C", 9],
    ]);
  });
});
