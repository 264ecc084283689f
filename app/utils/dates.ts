// Every date the pages show, formatted here and nowhere else: once, in the request's language, on
// the French clock (Europe/Paris), so that the server's text and the hydrated browser's are the
// same. Formatters are cached (app/utils/intl.ts); French writes the first of a month "1er".
import { cachedDateFormat, formatDateText } from "./intl";

/** French towns: moments are shown on the French clock. */
export const TIME_ZONE = "Europe/Paris";

/** A date as a page shows it: the machine-readable value for `<time dateTime>`, and its text. */
export type DateLabel = { iso: string; label: string };

/** The BCP 47 tag of a page language ("fr" → "fr-FR", "en" → "en-GB"). */
export function localeTag(language: string): string {
  return language === "en" ? "en-GB" : "fr-FR";
}

/** A calendar day ("2026-03-01") → "1er mars 2026" / "March 1, 2026", never moved by a time zone. */
export function formatDay(day: string, locale: string): DateLabel {
  const date = new Date(`${day}T00:00:00Z`);
  return { iso: day, label: formatDateText(cachedDateFormat(locale, { dateStyle: "long", timeZone: "UTC" }), date) };
}

/** A calendar day in a sentence ("12 mars 2027" / "12 March 2027"), in the page language's tag. */
export function formatDayText(day: string, language: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return cachedDateFormat(localeTag(language), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** A moment → its date on the French clock ("1er déc. 2026 à 07:21" with the time). */
export function formatMoment(value: Date, locale: string, withTime = false): DateLabel {
  const format = cachedDateFormat(locale, {
    dateStyle: withTime ? "medium" : "long",
    timeStyle: withTime ? "short" : undefined,
    timeZone: TIME_ZONE,
  });
  return { iso: value.toISOString(), label: formatDateText(format, value) };
}

/** A moment sent as an ISO string (loader data) → its long date, with the time when asked. */
export function formatDate(iso: string, language: string, withTime = false): string {
  const format = cachedDateFormat(localeTag(language), {
    dateStyle: "long",
    ...(withTime ? { timeStyle: "short" } : {}),
    timeZone: TIME_ZONE,
  });
  return formatDateText(format, new Date(iso));
}

/** A moment sent as an ISO string → its time of day ("07:21"). */
export function formatTime(iso: string, language: string): string {
  return cachedDateFormat(localeTag(language), { timeStyle: "short", timeZone: TIME_ZONE }).format(new Date(iso));
}
