/** evaluate ipv4_lookup, basket and sequence_detect. */
import { header, rowsOf, run } from "../engine/helpers.js";

const RANGES = "let Ranges = datatable(net:string, owner:string, site:string)['172.16.0.0/12', 'corp', 'hq', '172.20.0.0/16', 'lab', 'hq', '203.0.113.7', 'vpn', 'edge', '198.51.100.0/24', 'cdn', 'edge'];";
const CONNS = "datatable(addr:string, site:string, bytes:long)['172.20.9.9', 'hq', 10, '198.51.100.200', 'hq', 20, '203.0.113.7', 'edge', 30, '192.0.2.1', 'hq', 40, 'not an ip', 'hq', 50]";

describe("evaluate ipv4_lookup", () => {
  test("each row joins every range holding its address; lookup columns follow, a taken name gets a suffix", () => {
    const r = run(`${RANGES} ${CONNS} | evaluate ipv4_lookup(Ranges, addr, net)`);
    expect(header(r)).toEqual(["addr:string", "site:string", "bytes:long", "net:string", "owner:string", "site1:string"]);
    expect(rowsOf(r)).toEqual([
      ["172.20.9.9", "hq", 10, "172.16.0.0/12", "corp", "hq"],
      ["172.20.9.9", "hq", 10, "172.20.0.0/16", "lab", "hq"],
      ["198.51.100.200", "hq", 20, "198.51.100.0/24", "cdn", "edge"],
      ["203.0.113.7", "edge", 30, "203.0.113.7", "vpn", "edge"],
    ]);
  });
  test("extra keys must be equal too and appear once; return_unmatched keeps the rest with empty lookup columns", () => {
    const r = run(`${RANGES} ${CONNS} | evaluate ipv4_lookup(Ranges, addr, net, site, return_unmatched = true) | project addr, owner`);
    expect(rowsOf(r)).toEqual([
      ["172.20.9.9", "corp"],
      ["172.20.9.9", "lab"],
      ["198.51.100.200", ""],
      ["203.0.113.7", "vpn"],
      ["192.0.2.1", ""],
      ["not an ip", ""],
    ]);
  });
  test("an input range matches the lookup ranges it overlaps", () => {
    const r = run(`${RANGES} datatable(addr:string)['172.0.0.0/8'] | evaluate ipv4_lookup(Ranges, addr, net) | project owner`);
    expect(rowsOf(r)).toEqual([["corp"], ["lab"]]);
  });
});

// Twelve orders: (region, product, paid, qty).
const ORDERS =
  "datatable(region:string, product:string, paid:bool, qty:long)['eu','pen',true,1,'eu','pen',true,1,'eu','pen',true,2,'eu','ink',false,1,'us','pen',true,1,'us','ink',false,1,'us','ink',false,1,'us','pad',true,3,'eu','pen',true,1,'us','ink',false,1,'eu','pad',true,1,'us','pen',false,2]";

describe("evaluate basket", () => {
  test("closed frequent patterns above the threshold, most frequent first; free columns hold the wildcard", () => {
    const r = run(`${ORDERS} | evaluate basket(0.3)`);
    expect(header(r)).toEqual(["SegmentId:long", "Count:long", "Percent:real", "region:string", "product:string", "paid:bool", "qty:long"]);
    // Worked out by hand: qty 1 is 9 rows, paid 7, eu/us/pen 6 each; {ink} alone is not closed, as its 4 rows are
    // all unpaid with qty 1: the pattern {ink, unpaid, 1} stands for them.
    const p = (n: number): number => (100 * n) / 12;
    expect(rowsOf(r)).toEqual([
      [0, 9, p(9), "", "", null, 1],
      [1, 7, p(7), "", "", true, null],
      [2, 6, p(6), "eu", "", null, null],
      [3, 6, p(6), "us", "", null, null],
      [4, 6, p(6), "", "pen", null, null],
      [5, 5, p(5), "eu", "", true, null],
      [6, 5, p(5), "eu", "", null, 1],
      [7, 5, p(5), "", "pen", true, null],
      [8, 5, p(5), "", "", true, 1],
      [9, 5, p(5), "", "", false, null],
      [10, 4, p(4), "eu", "pen", true, null],
      [11, 4, p(4), "eu", "", true, 1],
      [12, 4, p(4), "", "pen", true, 1],
      [13, 4, p(4), "", "ink", false, 1],
      [14, 4, p(4), "us", "", false, null],
      [15, 4, p(4), "us", "", null, 1],
    ]);
  });
  test("MaxDimensions caps a pattern's columns; a weight column counts rows that many times; custom wildcards by type", () => {
    const r = run(`${ORDERS} | evaluate basket(0.5, qty, 1, '*', long(-1))`);
    // Weighted by qty (16 in all): paid weighs 10, us 9, pen 8; single columns only (MaxDimensions 1), at least 8.
    expect(rowsOf(r)).toEqual([
      [0, 10, (100 * 10) / 16, "*", "*", true, -1],
      [1, 9, (100 * 9) / 16, "us", "*", null, -1],
      [2, 8, (100 * 8) / 16, "*", "pen", null, -1],
    ]);
  });
});

const EVENTS =
  "datatable(t:datetime, who:string, what:string)[" +
  "datetime(2024-03-01 10:00), 'ann', 'invite', datetime(2024-03-01 10:04), 'ann', 'redeem', datetime(2024-03-01 10:09), 'ann', 'redeem', " +
  "datetime(2024-03-01 10:30), 'ann', 'redeem', datetime(2024-03-01 11:00), 'bob', 'redeem', datetime(2024-03-01 11:05), 'bob', 'invite', " +
  "datetime(2024-03-01 11:08), 'bob', 'redeem', datetime(2024-03-01 12:00), 'cat', 'invite']";

describe("evaluate sequence_detect", () => {
  test("every chain of steps within the step window and the span, per dimension", () => {
    const r = run(`${EVENTS} | evaluate sequence_detect(t, 10m, 1h, inv = (what == 'invite'), red = (what == 'redeem'), who)`);
    expect(header(r)).toEqual(["who:string", "inv_t:datetime", "red_t:datetime", "Duration:timespan"]);
    expect(rowsOf(r)).toEqual([
      ["ann", "2024-03-01T10:00:00.0000000Z", "2024-03-01T10:04:00.0000000Z", "00:04:00"],
      ["ann", "2024-03-01T10:00:00.0000000Z", "2024-03-01T10:09:00.0000000Z", "00:09:00"],
      ["bob", "2024-03-01T11:05:00.0000000Z", "2024-03-01T11:08:00.0000000Z", "00:03:00"],
    ]);
  });
  test("the span bounds the whole chain; steps need distinct rows in time order", () => {
    const r = run(`${EVENTS} | evaluate sequence_detect(t, 10m, 5m, a = (what == 'redeem'), b = (what == 'redeem'), who) | project who, a_t, b_t`);
    expect(rowsOf(r)).toEqual([["ann", "2024-03-01T10:04:00.0000000Z", "2024-03-01T10:09:00.0000000Z"]]);
  });
  test("the timeline must be a datetime column and a step a predicate", () => {
    expect(() => run(`${EVENTS} | evaluate sequence_detect(who, 10m, 1h, a = (what == 'x'), who)`)).toThrow(/datetime/);
    expect(() => run(`${EVENTS} | evaluate sequence_detect(t, 10m, 1h, a = strlen(what), who)`)).toThrow(/bool predicate/);
  });
});
