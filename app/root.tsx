import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, useState, type CSSProperties, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Menu as MenuIcon, X } from "lucide-react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Icon } from "~/components/icons";
import moderationStyles from "~/modules/moderation/ui/moderation.css";
import { NotificationBell } from "~/components/notifications/NotificationBell";
import { useLiveEvents } from "~/modules/events/ui/useLiveEvents";
import notificationStyles from "~/components/notifications/notifications.css";
import { LOCALES, type Locale } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import { countWaiting } from "~/modules/moderation/queue.server";
import { countUnread } from "~/modules/notifications/inbox.server";
import { loadTownIdentity } from "~/modules/organizations/identity.server";
import { can } from "~/modules/permissions/permissions";
import appStyles from "~/styles/app.css";
import fontStyles from "~/styles/fonts.css";
import { textColorOn } from "~/utils/color";
import { sql } from "~/utils/db.server";
import { useNonce } from "~/utils/nonce";
import { skipAfterContentSubmission } from "~/utils/revalidation";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: fontStyles },
  { rel: "stylesheet", href: appStyles },
  // The bell is on every page, and so can be the report button (proposals, comments, debates).
  { rel: "stylesheet", href: notificationStyles },
  { rel: "stylesheet", href: moderationStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const org = data?.org.name ?? "Maquette";
  if (!error) return [{ title: org }];
  // Error pages get their own title, as RGAA asks (criterion 8.6).
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? data?.titles.notFound : status === 403 ? data?.titles.forbidden : data?.titles.error;
  return [{ title: title ? `${title} – ${org}` : org }];
};

/** A support, a comment or a report changes nothing this loader returns. */
export const shouldRevalidate = skipAfterContentSubmission;

export async function loader({ context }: LoaderFunctionArgs) {
  const { org, auth, locale } = context;
  const user = auth?.user ?? null;
  const subject = { organizationId: org.id };
  const t = getT(locale);
  const canModerate = user != null && can(user, "moderation.access", subject);
  return {
    locale,
    orgId: org.id,
    titles: { notFound: t("status.notFoundTitle"), forbidden: t("status.forbiddenTitle"), error: t("status.errorTitle") },
    // The town's own links (its site, its contact page), kept a few seconds per organization.
    footerLinks: (await loadTownIdentity(sql, org.id)).footerLinks,
    org: {
      name: org.name,
      primaryColor: org.primaryColor,
      textColor: textColorOn(org.primaryColor),
      logoPath: org.logoPath,
      // The footer link says the state of the accessibility statement, as the RGAA asks.
      accessibilityState: org.accessibilityState,
    },
    user: user
      ? {
          // The bell's live room (user:<id>) is the member's own.
          id: user.id,
          name: user.name,
          email: user.email,
          role: user.role,
          emailConfirmed: user.emailConfirmed,
          canModerate,
          // What waits for the moderators (moderations_waiting_idx), in their menu.
          moderationWaiting: canModerate ? await countWaiting(sql, org.id) : 0,
          canManageProjects: can(user, "project.manage", subject),
          canAdmin: can(user, "admin.access", subject),
          canSystem: can(user, "system.organizations.manage"),
          // One cheap query on notifications_unread_idx, capped (the bell shows "99+").
          unreadNotifications: await countUnread(sql, org.id, user.id),
        }
      : null,
  };
}

/**
 * The bell's count rises live: a notification for this member reloads the root loader; so does
 * a change of the moderation queue for its moderators (their menu's count).
 */
function useLiveBell(userId: number | null, moderationOf: number | null) {
  useLiveEvents([
    ...(userId === null ? [] : [{ kind: "user" as const, id: userId }]),
    ...(moderationOf === null ? [] : [{ kind: "moderation" as const, id: moderationOf }]),
  ]);
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

/** On phones the navigation folds behind a "Menu" button once JavaScript runs; without it, it stays open. */
function useFoldingMenu() {
  const location = useLocation();
  const [hydrated, setHydrated] = useState(false);
  const [open, setOpen] = useState(false);
  useEffect(() => setHydrated(true), []);
  useEffect(() => setOpen(false), [location.pathname]);
  return { hydrated, open, toggle: () => setOpen((o) => !o) };
}

function Header() {
  const data = useRootData();
  const { t } = useTranslation(["common", "moderation", "dashboard"]);
  const location = useLocation();
  const menu = useFoldingMenu();
  const user = data?.user;
  useLiveBell(user?.id ?? null, user?.canModerate ? (data?.orgId ?? null) : null);
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="site-brand">
          {data?.org.logoPath ? (
            <img src={data.org.logoPath} alt="" className="site-brand__logo" />
          ) : (
            // No logo yet: the name's first letter in a frame of the organization's colours.
            <span className="site-brand__mark" aria-hidden="true">
              {(data?.org.name ?? t("app.name")).trim().charAt(0).toUpperCase()}
            </span>
          )}
          <span>{data?.org.name ?? t("app.name")}</span>
        </Link>
        {menu.hydrated ? (
          // Phones: the bell stays in sight beside the menu button; everything else is in the menu.
          <div className="site-header__quick">
            {user ? <NotificationBell unread={user.unreadNotifications} /> : null}
            <button type="button" className="menu-toggle" aria-expanded={menu.open} aria-controls="site-nav-list" onClick={menu.toggle}>
              <Icon icon={menu.open ? X : MenuIcon} size={20} />
              {t("nav.menu")}
            </button>
          </div>
        ) : null}
        <nav aria-label={t("nav.main")} className={`site-nav${menu.hydrated ? " site-nav--folding" : ""}${menu.open ? " is-open" : ""}`}>
          <ul id="site-nav-list">
            <li>
              <NavLink to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            {user?.canManageProjects ? (
              <>
                <li>
                  <NavLink to="/manage" end>
                    {t("dashboard:nav")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/manage/projects">{t("manage.title", { ns: "projects" })}</NavLink>
                </li>
              </>
            ) : null}
            {user?.canModerate ? (
              <li>
                <NavLink to="/moderation">
                  {t("nav.moderation")}
                  {user.moderationWaiting > 0 ? (
                    <>
                      <span className="visually-hidden"> ({t("moderation:queue.menuCount", { count: user.moderationWaiting })})</span>
                      <span className="nav-count" aria-hidden="true" data-testid="moderation-count">
                        {user.moderationWaiting}
                      </span>
                    </>
                  ) : null}
                </NavLink>
              </li>
            ) : null}
            {user?.canAdmin ? (
              <li>
                <NavLink to="/admin">{t("nav.admin")}</NavLink>
              </li>
            ) : null}
            {user?.canSystem ? (
              <li>
                <NavLink to="/system">{t("nav.system")}</NavLink>
              </li>
            ) : null}
            {user ? (
              <>
                <li className="site-nav__bell">
                  <NotificationBell unread={user.unreadNotifications} />
                </li>
                <li>
                  <NavLink to="/account">{t("nav.account")}</NavLink>
                </li>
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      {t("nav.logout")}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t("nav.login")}</NavLink>
                </li>
                <li>
                  <NavLink to="/signup">{t("nav.signup")}</NavLink>
                </li>
              </>
            )}
            <li className="site-nav__lang">
              <LanguageSwitcher />
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

function LanguageSwitcher() {
  const data = useRootData();
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <form method="post" action="/lang" className="lang-switcher" aria-label={t("nav.changeLanguage")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LOCALES.map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          lang={l}
          aria-pressed={data?.locale === l}
          className="lang-switcher__button"
        >
          {t(`languages.${l}`)}
        </button>
      ))}
    </form>
  );
}

function ConfirmBanner() {
  const data = useRootData();
  const { t } = useTranslation();
  if (!data?.user || data.user.emailConfirmed) return null;
  return (
    <div className="banner" role="status">
      <p>{t("banner.confirmEmail", { email: data.user.email })}</p>
      <Form method="post" action="/confirm-email/resend">
        <button type="submit" className="button button--secondary">
          {t("banner.resend")}
        </button>
      </Form>
    </div>
  );
}

function Footer() {
  const { t } = useTranslation(["common", "moderation", "accessibility"]);
  const data = useRootData();
  const links = data?.footerLinks ?? [];
  const state = useRootData()?.org.accessibilityState ?? "non";
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
      <p className="site-footer__name">{data?.org.name ?? t("app.name")}</p>
      {links.length > 0 ? (
        <ul aria-label={t("nav.townLinks", { org: data?.org.name ?? t("app.name") })}>
          {links.map((link) => (
            <li key={`${link.href}|${link.label}`}>
              {link.href.startsWith("/") ? <Link to={link.href}>{link.label}</Link> : <a href={link.href}>{link.label}</a>}
            </li>
          ))}
        </ul>
      ) : null}
      <ul aria-label={t("nav.footer")}>
        <li>
          <Link to="/accessibilite">{t("accessibility:footerLink", { state: t(`accessibility:state.${state}`) })}</Link>
        </li>
        <li>
          <Link to="/conditions">{t("nav.terms")}</Link>
        </li>
        <li>
          <Link to="/mentions-legales">{t("nav.legal")}</Link>
        </li>
        <li>
          <Link to="/open-data">{t("moderation:openData.footerLink")}</Link>
        </li>
        <li>
          <Link to="/journal-de-moderation">{t("moderation:log.footerLink")}</Link>
        </li>
      </ul>
      <p className="site-footer__powered">{t("nav.poweredBy")}</p>
      </div>
    </footer>
  );
}

const clientMessages = {
  fr: () => import("~/i18n/locales/fr/index"),
  en: () => import("~/i18n/locales/en/index"),
};

/** A client-side navigation can change the page's language (logging in brings back the account's
 *  language): load that language's messages, or the page would say lang="en" in French. */
function useClientLocale(locale: Locale | undefined) {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (!locale || i18n.language === locale) return;
    let cancelled = false;
    void clientMessages[locale]().then(({ default: messages }) => {
      if (cancelled) return;
      for (const [ns, bundle] of Object.entries(messages)) i18n.addResourceBundle(locale, ns, bundle, true, true);
      void i18n.changeLanguage(locale);
    });
    return () => {
      cancelled = true;
    };
  }, [locale, i18n]);
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  const { t } = useTranslation();
  useClientLocale(data?.locale);
  const style = data
    ? ({ "--org-color": data.org.primaryColor, "--org-text": data.org.textColor } as CSSProperties)
    : undefined;
  return (
    <html lang={data?.locale ?? "fr"} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body style={style}>
        <a href="#main" className="skip-link">
          {t("nav.skipToContent")}
        </a>
        <Header />
        <ConfirmBanner />
        <main id="main" tabIndex={-1} className="site-main">
          {children}
        </main>
        <Footer />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
