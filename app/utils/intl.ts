// Intl formatters are costly to build (a few hundred microseconds each) and cheap to reuse:
// pages format hundreds of dates, so every formatter is made once per locale and options.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

export function cachedDateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

export function cachedNumberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/**
 * A date as French writes it: the first day of a month is "1er" ("1er décembre 2026", "1er déc.
 * 2026 à 07:21"), which Intl does not do; other languages and days are Intl's text unchanged.
 */
export function formatDateText(format: Intl.DateTimeFormat, date: Date): string {
  // The same dates come back page after page (a thread re-rendered for each reader): each format
  // remembers its texts by instant (bounded), and its locale (resolvedOptions() allocates).
  let memo = dateTexts.get(format);
  if (!memo) {
    memo = { french: format.resolvedOptions().locale.toLowerCase().startsWith("fr"), texts: new Map() };
    dateTexts.set(format, memo);
  }
  const at = date.getTime();
  const known = memo.texts.get(at);
  if (known !== undefined) return known;
  const text = !memo.french
    ? format.format(date)
    : format
        .formatToParts(date)
        .map((part) => (part.type === "day" && (part.value === "1" || part.value === "01") ? "1er" : part.value))
        .join("");
  if (memo.texts.size >= DATE_TEXTS_KEPT) memo.texts.clear();
  memo.texts.set(at, text);
  return text;
}

const DATE_TEXTS_KEPT = 5000;
const dateTexts = new WeakMap<Intl.DateTimeFormat, { french: boolean; texts: Map<number, string> }>();

/** 1234567 → "1,2 Mo" / "1.2 MB". */
export function formatBytes(bytes: number, locale: string): string {
  const [unit, value] =
    bytes >= 1024 * 1024 ? (["megabyte", bytes / 1024 / 1024] as const) : bytes >= 1024 ? (["kilobyte", bytes / 1024] as const) : (["byte", bytes] as const);
  return cachedNumberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
}
