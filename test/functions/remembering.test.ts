import { MAX_REMEMBERED, MAX_REMEMBERED_LENGTH, remembering } from "../../src/functions/remembering.js";

/** A pure function of the text that counts its calls. */
function counted(): { f: (text: string) => string; calls: () => number } {
  let calls = 0;
  return {
    f: (text) => {
      calls++;
      return text.toUpperCase();
    },
    calls: () => calls,
  };
}

describe("remembering", () => {
  test("gives the function's value and calls it once per distinct text", () => {
    const { f, calls } = counted();
    const g = remembering(f);
    const texts = ["SecretGet", "secretget", "KeySign", "SecretGet", "KeySign", "", ""];
    expect(texts.map(g)).toEqual(texts.map((t) => t.toUpperCase()));
    expect(calls()).toBe(4);
  });

  test("remembers false answers as well as true ones", () => {
    let calls = 0;
    const g = remembering((t: string) => {
      calls++;
      return t.startsWith("a");
    });
    expect([g("b"), g("b"), g("a"), g("a")]).toEqual([false, false, true, true]);
    expect(calls).toBe(2);
  });

  test("never keeps a text longer than the limit", () => {
    const { f, calls } = counted();
    const g = remembering(f);
    const long = "x".repeat(MAX_REMEMBERED_LENGTH + 1);
    expect(g(long)).toBe(long.toUpperCase());
    expect(g(long)).toBe(long.toUpperCase());
    expect(calls()).toBe(2);
    const atLimit = "y".repeat(MAX_REMEMBERED_LENGTH);
    g(atLimit);
    g(atLimit);
    expect(calls()).toBe(3);
  });

  test("stops consulting the memo once a column shows more distinct texts than it keeps", () => {
    const { f, calls } = counted();
    const g = remembering(f);
    for (let i = 0; i < MAX_REMEMBERED; i++) g(`ip-${i}`);
    expect(calls()).toBe(MAX_REMEMBERED);
    g("ip-0");
    expect(calls()).toBe(MAX_REMEMBERED); // still remembered
    g("one more"); // a new text past the limit closes the memo
    expect(calls()).toBe(MAX_REMEMBERED + 1);
    expect(g("ip-0")).toBe("IP-0");
    expect(calls()).toBe(MAX_REMEMBERED + 2); // no longer looked up
  });
});
