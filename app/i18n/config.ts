// Languages and namespaces of the i18n layer (i18next). French first.
export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "fr";
export const NAMESPACES = ["common", "auth", "account", "admin", "mail", "map", "projects", "proposals", "moderation", "notifications", "accessibility", "consultations", "scenes", "dashboard", "identity"] as const;
export type Namespace = (typeof NAMESPACES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The English file must have exactly the French file's keys, with any strings. */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
