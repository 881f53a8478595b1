/**
 * datetime_utc_to_local / datetime_local_to_utc over IANA time zones (luxon, which reads the zone rules
 * through Intl). Offsets are whole minutes, taken at the millisecond of the datetime.
 *
 * Local to UTC uses the offset in effect at `local - offset a day before`: a local time in a spring-forward
 * gap takes the new (summer) offset, and an ambiguous local time in the autumn overlap takes the earlier
 * (summer) offset; this matches the reference's Europe/Brussels example around 2022-03-27.
 */
import { createRequire } from "node:module";
import type * as Luxon from "luxon";
import type { IANAZone } from "luxon";

/** luxon, loaded on the first time-zone lookup: only these two functions need it, and importing it costs start-up time. */
let luxon: typeof Luxon | undefined;
function ianaZone(): typeof IANAZone {
  luxon ??= createRequire(import.meta.url)("luxon") as typeof Luxon;
  return luxon.IANAZone;
}
import { MAX_DATETIME, MIN_DATETIME, TICKS_PER_DAY, TICKS_PER_MINUTE, TICKS_PER_MS, type Value } from "../runtime/values.js";
import type { ScalarFunctionDef } from "./types.js";
import { constantString, stringReader } from "./util.js";

const zones = new Map<string, IANAZone | null>();

/** The zone for an IANA name (cached), or null when the name is not a zone Intl knows. */
export function zoneOf(name: string): IANAZone | null {
  let z = zones.get(name);
  if (z === undefined) {
    const Zone = ianaZone();
    z = name.length > 0 && Zone.isValidZone(name) ? Zone.create(name) : null;
    if (zones.size > 1000) zones.clear();
    zones.set(name, z);
  }
  return z;
}

/** The zone's UTC offset in ticks at a UTC instant given in ticks. */
function offsetAt(zone: IANAZone, ticks: bigint): bigint {
  const ms = Number(ticks / TICKS_PER_MS);
  return BigInt(zone.offset(ms)) * TICKS_PER_MINUTE;
}

export function utcToLocal(ticks: bigint, zone: IANAZone): bigint | null {
  const r = ticks + offsetAt(zone, ticks);
  return r < MIN_DATETIME || r > MAX_DATETIME ? null : r;
}

export function localToUtc(ticks: bigint, zone: IANAZone): bigint | null {
  const before = offsetAt(zone, ticks - TICKS_PER_DAY);
  const r = ticks - offsetAt(zone, ticks - before);
  return r < MIN_DATETIME || r > MAX_DATETIME ? null : r;
}

function tzFn(name: string, description: string, convert: (t: bigint, z: IANAZone) => bigint | null): ScalarFunctionDef {
  return {
    name,
    category: "datetime",
    description,
    params: [
      { name: "from", kind: "datetime" },
      { name: "timezone", kind: "string" },
    ],
    returns: "datetime",
    resultNaming: "none",
    bind: (args) => {
      const c = constantString(args[1]);
      const fixed = c === undefined ? undefined : zoneOf(c);
      const read = stringReader(args[1]);
      return (a) => {
        const t = a[0];
        if (typeof t !== "bigint") return null;
        const z = fixed !== undefined ? fixed : zoneOf(read(a[1] as Value));
        return z ? convert(t, z) : null;
      };
    },
  };
}

export const TIMEZONE_FUNCTIONS: ScalarFunctionDef[] = [
  tzFn("datetime_utc_to_local", "Converts a UTC datetime to local time in an IANA time zone (`Europe/Paris`); null for an unknown zone.", utcToLocal),
  tzFn(
    "datetime_local_to_utc",
    "Converts a local datetime in an IANA time zone to UTC (a time in a spring-forward gap takes the summer offset); null for an unknown zone.",
    localToUtc,
  ),
];
