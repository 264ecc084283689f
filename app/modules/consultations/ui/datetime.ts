// Opening and closing times as officials type them: a `datetime-local` field on the French clock
// (Europe/Paris), whatever the server's or the browser's own time zone.
import { cachedDateFormat } from "~/utils/intl";
import { TIME_ZONE } from "~/utils/dates";

/** What the Paris clock reads at `utcMs`, as if that reading were UTC (the zone's offset at that moment added). */
function parisWallAsUtc(utcMs: number): number {
  const parts = cachedDateFormat("en-GB", {
    timeZone: TIME_ZONE,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
}

/** "2026-12-05T18:00" on the Paris clock → the moment; null if it is not such a value. */
export function parisLocalToDate(local: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(wall)) return null;
  // Two passes: the offset at the first guess, then at the corrected moment (daylight saving changes).
  let utc = wall - (parisWallAsUtc(wall) - wall);
  utc = wall - (parisWallAsUtc(utc) - utc);
  return new Date(utc);
}

/** A moment → "2026-12-05T18:00" on the Paris clock, for a `datetime-local` field's value. */
export function dateToParisLocal(date: Date): string {
  return new Date(parisWallAsUtc(date.getTime())).toISOString().slice(0, 16);
}
