// Dates as the pages show them: formatted once, on the server, in the request's language, so that
// the browser's own Intl data can never make the hydrated text differ from the server's.
import type { Locale } from "~/i18n/config";
import { cachedDateFormat, formatDateText } from "~/utils/intl";

/** French towns: dates are shown on the French clock. */
const TIME_ZONE = "Europe/Paris";

export type DateLabel = { iso: string; label: string };

export function formatDate(value: Date, locale: Locale, withTime = false): DateLabel {
  const format = cachedDateFormat(locale, {
    dateStyle: withTime ? "medium" : "long",
    timeStyle: withTime ? "short" : undefined,
    timeZone: TIME_ZONE,
  });
  return { iso: value.toISOString(), label: formatDateText(format, value) };
}
