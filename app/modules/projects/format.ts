// Dates and sizes as the projects pages show them, formatted once on the server in the request's
// language (the browser's own Intl data can then never make the hydrated text differ).
import type { Locale } from "~/i18n/config";
import { cachedDateFormat, cachedNumberFormat, formatDateText } from "~/utils/intl";

export type DayLabel = { iso: string; label: string };

/** A calendar day ("2026-03-01") → "1er mars 2026" / "March 1, 2026". */
export function formatDay(day: string, locale: Locale): DayLabel {
  const date = new Date(`${day}T00:00:00Z`);
  return { iso: day, label: formatDateText(cachedDateFormat(locale, { dateStyle: "long", timeZone: "UTC" }), date) };
}

/** A moment → its date on the French clock, with the time when asked. */
export function formatMoment(value: Date, locale: Locale, withTime = false): DayLabel {
  const format = cachedDateFormat(locale, {
    dateStyle: withTime ? "medium" : "long",
    timeStyle: withTime ? "short" : undefined,
    timeZone: "Europe/Paris",
  });
  return { iso: value.toISOString(), label: formatDateText(format, value) };
}

/** 1234567 → "1,2 Mo" / "1.2 MB". */
export function formatBytes(bytes: number, locale: Locale): string {
  const [unit, value] =
    bytes >= 1024 * 1024 ? (["megabyte", bytes / 1024 / 1024] as const) : bytes >= 1024 ? (["kilobyte", bytes / 1024] as const) : (["byte", bytes] as const);
  return cachedNumberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
}
