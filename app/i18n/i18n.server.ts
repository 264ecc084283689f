// Server side of the i18n layer: one i18next instance holding both languages, `getT` for
// actions, mails and errors, and one instance per locale for rendering (created once, never
// switched to another language, so requests share it safely).
import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { LRUCache } from "lru-cache";
import { DEFAULT_LOCALE, LOCALES, NAMESPACES, type Locale } from "./config";
import en from "./locales/en/index";
import fr from "./locales/fr/index";

const root: I18n = i18next.createInstance();
void root.init({
  resources: { fr, en },
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  ns: [...NAMESPACES],
  defaultNS: "common",
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
  showSupportNotice: false,
});

/** A t() for every namespace: "key" in common, "auth:key" elsewhere. */
export function getT(locale: Locale) {
  return root.getFixedT(locale, [...NAMESPACES]) as TFunction<typeof NAMESPACES>;
}

/** The key and the values, as JSON, when the options are plain values (strings, numbers, booleans); else null. */
function flatValuesId(key: string, options: unknown): string | null {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return null;
  const parts: unknown[] = [key];
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name];
    const type = typeof value;
    if (type !== "string" && type !== "number" && type !== "boolean") return null;
    parts.push(name, value);
  }
  return JSON.stringify(parts);
}

type FixedT = ((key: unknown, options?: unknown, ...rest: unknown[]) => unknown) & Record<string, unknown>;

/**
 * Server rendering calls t() thousands of times per page, mostly with a bare key; i18next copies
 * its whole options object on every call. The texts never change while the server runs, so the
 * t() of a rendering instance remembers what a bare key gives (calls with options go through).
 */
function memoizeFixedT(instance: I18n): I18n {
  const original = instance.getFixedT.bind(instance) as unknown as (...args: unknown[]) => FixedT;
  const memo = new Map<string, FixedT>();
  (instance as unknown as { getFixedT: (...args: unknown[]) => FixedT }).getFixedT = (lng, ns, keyPrefix) => {
    const id = JSON.stringify([lng ?? null, ns ?? null, keyPrefix ?? null]);
    const known = memo.get(id);
    if (known) return known;
    const t = original(lng, ns, keyPrefix);
    const texts = new Map<string, unknown>();
    // With values ({ count: 3 }, { name: "Ada" }): the last few thousand answers, by key and values.
    const withValues = new LRUCache<string, { text: unknown }>({ max: 5000 });
    const fast = ((key: unknown, options?: unknown, ...rest: unknown[]) => {
      if (typeof key !== "string" || rest.length > 0) return t(key, options, ...rest);
      if (options === undefined) {
        if (texts.has(key)) return texts.get(key);
        const text = t(key);
        texts.set(key, text);
        return text;
      }
      const id = flatValuesId(key, options);
      if (id === null) return t(key, options);
      const known = withValues.get(id);
      if (known) return known.text;
      const text = t(key, options);
      withValues.set(id, { text });
      return text;
    }) as FixedT;
    Object.assign(fast, { lng: t.lng, lngs: t.lngs, ns: t.ns, keyPrefix: t.keyPrefix });
    memo.set(id, fast);
    return fast;
  };
  return instance;
}

const rendering = new Map<Locale, I18n>(
  LOCALES.map((locale) => [locale, memoizeFixedT(root.cloneInstance({ lng: locale, initAsync: false }))]),
);

/** The instance that renders pages in this locale (shared by every request in that locale). */
export function renderingI18n(locale: Locale): I18n {
  return rendering.get(locale) ?? rendering.get(DEFAULT_LOCALE)!;
}
