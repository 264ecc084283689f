// The login page's identity providers: FranceConnect's official button (DSFR markup, local mark),
// then one plain button per other provider. Links, not forms: the browser leaves for the provider
// with a GET, so the page's CSP `form-action 'self'` never meets the provider's origin.
import { useTranslation } from "react-i18next";
import type { ProviderButton } from "../schema";

export function loginHref(slug: string, redirectTo: string) {
  const query = redirectTo && redirectTo !== "/" ? `?redirectTo=${encodeURIComponent(redirectTo)}` : "";
  return `/auth/oidc/${encodeURIComponent(slug)}/login${query}`;
}

export function ProviderButtons({ buttons, redirectTo }: { buttons: ProviderButton[]; redirectTo: string }) {
  const { t } = useTranslation("identity");
  if (buttons.length === 0) return null;
  return (
    <section className="identity-buttons" aria-label={t("buttons.groupLabel")}>
      {buttons.map((button) =>
        button.kind === "franceconnect" ? (
          <div className="fr-connect-group" key={button.slug}>
            <a className="fr-connect" href={loginHref(button.slug, redirectTo)}>
              <span className="fr-connect__text">
                <span className="fr-connect__login">{t("buttons.franceconnectLogin")}</span>{" "}
                <span className="fr-connect__brand">{t("buttons.franceconnectBrand")}</span>
              </span>
            </a>
            <p>
              <a
                href="https://franceconnect.gouv.fr/"
                target="_blank"
                rel="noopener noreferrer"
                title={`${t("buttons.franceconnectWhat")} - ${t("buttons.newWindow")}`}
              >
                {t("buttons.franceconnectWhat")}
              </a>
            </p>
          </div>
        ) : (
          <a key={button.slug} className="button button--secondary" href={loginHref(button.slug, redirectTo)}>
            {t("buttons.with", { label: button.label })}
          </a>
        ),
      )}
      <p className="identity-terms">{t("buttons.terms")}</p>
    </section>
  );
}
