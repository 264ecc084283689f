import "i18next";
import type fr from "./locales/fr/index";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: typeof fr;
  }
}
