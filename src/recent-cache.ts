/**
 * A cache of the last few results of work a process repeats on the same input (a rule replayed by its tests,
 * a warm `runQuery`): the oldest entry goes when a new one would exceed the limit, so it never grows with
 * the number of distinct inputs.
 */
export class RecentCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The value for `key`, made by `make` and remembered when it is not there yet. */
  get(key: string, make: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }
}
