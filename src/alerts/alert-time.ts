// The times an alert carries, from the event timestamp (ns since the epoch): `%evt.time`
// (local time of day with ns), `%evt.time.iso8601` and the JSON `time` property (UTC).
const p2 = (n: number) => (n < 10 ? '0' : '') + n;
const p9 = (n: number) => String(n).padStart(9, '0');
const NS = 1_000_000_000n;

/**
 * Offset of local time from UTC in seconds, taken once at start as libsinsp does (the
 * offset of "now", applied to every event whatever its date).
 */
let localOffsetSec = -new Date().getTimezoneOffset() * 60;

/** For tests: pin the local offset. */
export function setLocalOffsetSeconds(sec: number): void {
  localOffsetSec = sec;
}

function split(ts: bigint): [number, number] {
  return [Number(ts / NS), Number(ts % NS)];
}

/** `HH:MM:SS.nnnnnnnnn` in local time (Falco's `%evt.time`). */
export function timeOfDay(ts: bigint): string {
  const [sec, ns] = split(ts);
  const s = (((sec + localOffsetSec) % 86400) + 86400) % 86400;
  return `${p2(Math.floor(s / 3600))}:${p2(Math.floor((s % 3600) / 60))}:${p2(s % 60)}.${p9(ns)}`;
}

function utcDateTime(sec: number): string {
  const d = new Date(sec * 1000);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** `2016-08-04T16:17:57.882054739+0000` (Falco's `%evt.time.iso8601`). */
export function iso8601(ts: bigint): string {
  const [sec, ns] = split(ts);
  return `${utcDateTime(sec)}.${p9(ns)}+0000`;
}

/** `2016-08-04T16:17:57.882054739Z`: the `time` property of JSON alerts. */
export function jsonTime(ts: bigint): string {
  const [sec, ns] = split(ts);
  return `${utcDateTime(sec)}.${p9(ns)}Z`;
}
