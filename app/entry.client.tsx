import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, isLocale, NAMESPACES } from "~/i18n/config";

// Only the page's language is downloaded.
const loaders = {
  fr: () => import("~/i18n/locales/fr/index"),
  en: () => import("~/i18n/locales/en/index"),
};

async function hydrate() {
  const lang = document.documentElement.lang;
  const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
  const resources = (await loaders[locale]()).default;
  await i18next.use(initReactI18next).init({
    resources: { [locale]: resources },
    lng: locale,
    fallbackLng: false,
    ns: [...NAMESPACES],
    defaultNS: "common",
    interpolation: { escapeValue: false },
    returnNull: false,
  showSupportNotice: false,
  });
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nextProvider>,
    );
  });
}

void hydrate();
