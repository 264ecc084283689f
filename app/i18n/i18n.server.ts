// Server side of the i18n layer: one i18next instance holding both languages; per request, a
// clone fixed on the request's locale for rendering, and `getT` for actions, mails and errors.
import i18next, { type i18n as I18n, type TFunction } from "i18next";
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

export function createRequestI18n(locale: Locale): I18n {
  return root.cloneInstance({ lng: locale, initAsync: false });
}
