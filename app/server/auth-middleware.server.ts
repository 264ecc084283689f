// Once per request: the session (from the cookie), the locale, the client IP and whether
// cookies are Secure. Everything lands in res.locals, then in Remix's load context.
import type { NextFunction, Request, Response } from "express";
import { DEFAULT_LOCALE, isLocale, type Locale } from "~/i18n/config";
import { actorOf } from "~/modules/auth/actor";
import {
  readCookie,
  serializeSessionCookie,
  sessionCookieName,
  validateSessionToken,
} from "~/modules/auth/session.server";
import type { Organization } from "~/modules/organizations/queries.server";
import { sql } from "~/utils/db.server";

export const LOCALE_COOKIE = "maquette_lang";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function cookiesAreSecure(mode: "auto" | "always" | "never", req: Pick<Request, "secure" | "hostname">): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  // Browsers accept Secure cookies on http://localhost; elsewhere only over https.
  return req.secure || LOCAL_HOSTS.has(req.hostname) || req.hostname.endsWith(".localhost");
}

export function resolveLocale(
  userLocale: string | null | undefined,
  cookieHeader: string | undefined,
  org: Pick<Organization, "defaultLocale">,
): Locale {
  if (isLocale(userLocale)) return userLocale;
  const fromCookie = readCookie(cookieHeader, LOCALE_COOKIE);
  if (isLocale(fromCookie)) return fromCookie;
  return org.defaultLocale ?? DEFAULT_LOCALE;
}

export function resolveRequestAuth(mode: "auto" | "always" | "never") {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const org = res.locals.org as Organization;
      const secure = cookiesAreSecure(mode, req);
      res.locals.secureCookies = secure;
      res.locals.ip = req.ip ?? req.socket.remoteAddress ?? "unknown";
      const token = readCookie(req.headers.cookie, sessionCookieName(secure));
      const auth = token ? await validateSessionToken(sql, token, org.id) : null;
      res.locals.auth = auth;
      res.locals.actor = actorOf(org.id, auth?.user, auth?.session);
      if (auth?.session.renewed && token) {
        res.append("Set-Cookie", serializeSessionCookie(token, auth.session.expiresAt, secure));
      }
      res.locals.locale = resolveLocale(auth?.user.locale, req.headers.cookie, org);
      next();
    } catch (error) {
      next(error);
    }
  };
}
