/**
 * Kusto semantics written out in plain JavaScript for the benchmark's reference answers: the hand-written
 * seed pass (seed-engines.ts) and the micro-suite's expected counts (micro-cases.ts) both use them, so
 * neither answer comes from the engine it checks.
 */

const CANONICAL = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/;

/** A datetime as canonical text (`2026-11-28T12:00:00.0000000Z`), or null when it is not one. */
export function canonicalTime(v: unknown): string | null {
  if (typeof v !== "string") return null;
  if (v.length === 28 && v.charCodeAt(19) === 46 && v.charCodeAt(27) === 90 && v.charCodeAt(10) === 84) return v;
  const m = CANONICAL.exec(v);
  if (m) return `${m[1]!}.${(m[2] ?? "").padEnd(7, "0")}Z`;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().replace("Z", "0000Z");
}

/** `now` shifted back by whole milliseconds, as canonical text. */
export function shiftBack(now: string, ms: number): string {
  const c = canonicalTime(now);
  if (c === null) throw new Error(`bench: not a datetime: ${now}`);
  const subMs = c.slice(23, 27);
  return new Date(Date.parse(c.slice(0, 23) + "Z") - ms).toISOString().slice(0, 23) + subMs + "Z";
}

/** Kusto's ipv4_is_private: null unless the text is a dotted-quad IPv4 address (optionally with a /prefix). */
export function ipv4IsPrivate(text: unknown): boolean | null {
  if (typeof text !== "string") return null;
  const s = text.trim();
  const slash = s.indexOf("/");
  const addr = slash >= 0 ? s.slice(0, slash) : s;
  if (slash >= 0 && !/^\d{1,2}$/.test(s.slice(slash + 1)) || (slash >= 0 && Number(s.slice(slash + 1)) > 32)) return null;
  let a = -1;
  let b = -1;
  let parts = 0;
  let i = 0;
  while (parts < 4) {
    const start = i;
    let part = 0;
    while (i < addr.length) {
      const c = addr.charCodeAt(i);
      if (c < 48 || c > 57) break;
      part = part * 10 + (c - 48);
      i++;
    }
    const len = i - start;
    if (len === 0 || len > 3 || part > 255 || (len > 1 && addr.charCodeAt(start) === 48)) return null;
    if (parts === 0) a = part;
    else if (parts === 1) b = part;
    parts++;
    if (parts < 4) {
      if (addr.charCodeAt(i) !== 46) return null;
      i++;
    }
  }
  if (i !== addr.length) return null;
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** A field as Kusto reads a string column: null and missing are empty text. */
export const str = (v: unknown): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : String(v));

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
