/** hll / tdigest sketches: exact states whose answers equal dcount / percentile over the same rows. */
import { header, rowsOf, run } from "../engine/helpers.js";

const LOAD = "datatable(host:string, ms:long, n:long)['a', 5, 1, 'a', 9, 3, 'b', 5, 1, 'b', 40, 0, 'c', 12, 2, 'c', 9, 1]";

describe("hll sketches", () => {
  test("dcount_hll of hll equals dcount; hll_if keeps the rows where the predicate holds", () => {
    const r = run(`${LOAD} | summarize h = hll(ms), hi = hll_if(ms, host != 'c'), d = dcount(ms) | project dcount_hll(h), fromIf = dcount_hll(hi), d`);
    expect(header(r)).toEqual(["dcount_hll_h:long", "fromIf:long", "d:long"]);
    expect(rowsOf(r)).toEqual([[4, 3, 4]]);
  });
  test("merging per-group sketches counts each value once, as the aggregate and as the scalar", () => {
    const r = run(`${LOAD} | summarize h = hll(ms) by host | summarize m = hll_merge(h) | project total = dcount_hll(m)`);
    expect(rowsOf(r)).toEqual([[4]]);
    const s = run(`${LOAD} | summarize a = hll_if(ms, host == 'a'), b = hll_if(ms, host == 'b') | project hll_merge(a, b) | project n = dcount_hll(hll_merged_result)`);
    expect(rowsOf(s)).toEqual([[3]]);
  });
  test("a sketch over no rows is null, and it counts 0", () => {
    const r = run(`${LOAD} | where ms < 0 | summarize h = hll(ms), t = tdigest(ms) | extend n = dcount_hll(h)`);
    expect(rowsOf(r)).toEqual([[null, null, 0]]);
  });
});

describe("tdigest sketches", () => {
  test("percentile_tdigest equals percentile; typeof(T) types the result, else it is dynamic", () => {
    const r = run(`${LOAD} | summarize t = tdigest(ms), p = percentile(ms, 50) | project dyn = percentile_tdigest(t, 50), typed = percentile_tdigest(t, 50, typeof(long)), p`);
    expect(header(r)).toEqual(["dyn:dynamic", "typed:long", "p:long"]);
    expect(rowsOf(r)).toEqual([[9, 9, 9]]);
  });
  test("weights count like percentilew's (a zero weight adds nothing)", () => {
    const r = run(`${LOAD} | summarize t = tdigest(ms, n), w = percentilew(ms, n, 90) | project percentile_tdigest(t, 90, typeof(long)), w`);
    expect(rowsOf(r)).toEqual([[12, 12]]);
  });
  test("tdigest_merge (aggregate and scalar, either spelling) adds the weights of equal values", () => {
    const r = run(`${LOAD} | summarize t = tdigest(ms) by host | summarize merge_tdigest(t)`);
    expect(header(r)).toEqual(["merge_tdigests_t:dynamic"]);
    const m = run(`${LOAD} | summarize t = tdigest(ms) by host | summarize m = tdigest_merge(t) | project rank_tdigest(m, 9), percentrank_tdigest(m, 5)`);
    expect(rowsOf(m)).toEqual([[4, (100 * 2) / 6]]);
    const s = run(`${LOAD} | summarize a = tdigest(ms), b = tdigest(n) | project tdigest_merge(a, b) | project percentiles_array_tdigest(tdigests_merge_result, 0, 100)`);
    expect(rowsOf(s)).toEqual([[[0, 40]]]);
  });
  test("percentiles_array_tdigest takes a list or a dynamic array, named like percentile_tdigest", () => {
    const r = run(`${LOAD} | summarize t = tdigest(ms) | project percentiles_array_tdigest(t, 10, 100), q = percentiles_array_tdigest(t, dynamic([50]), typeof(real))`);
    expect(header(r)).toEqual(["percentile_tdigest_t:dynamic", "q:dynamic"]);
    expect(rowsOf(r)).toEqual([[[5, 40], [9]]]);
  });
  test("datetime digests give datetimes back", () => {
    const r = run("datatable(t:datetime)[datetime(2024-01-01), datetime(2024-01-03), datetime(2024-01-02)] | summarize d = tdigest(t) | project percentile_tdigest(d, 100, typeof(datetime))");
    expect(rowsOf(r)).toEqual([["2024-01-03T00:00:00.0000000Z"]]);
  });
  test("a string column cannot be digested", () => {
    expect(() => run(`${LOAD} | summarize tdigest(host)`)).toThrow(/tdigest needs a number/);
  });
});
