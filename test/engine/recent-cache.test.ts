/** RecentCache (src/recent-cache.ts): remembers what it made, and only its last `limit` entries. */
import { RecentCache } from "../../src/recent-cache.js";

describe("RecentCache", () => {
  it("makes a value once per key while the key is among the last `limit` made", () => {
    const made: string[] = [];
    const cache = new RecentCache<string>(2);
    const get = (key: string): string => cache.get(key, () => (made.push(key), key.toUpperCase()));
    expect([get("a"), get("b"), get("a")]).toEqual(["A", "B", "A"]);
    expect(made).toEqual(["a", "b"]);
    get("c"); // the third key pushes out the oldest, a
    expect(get("b")).toBe("B");
    expect(get("a")).toBe("A");
    expect(made).toEqual(["a", "b", "c", "a"]);
  });
});
