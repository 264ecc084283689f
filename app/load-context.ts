// What the Express server hands to every Remix loader and action.
import type { Locale } from "~/i18n/config";
import type { Actor } from "~/modules/auth/actor";
import type { Session, SessionUser } from "~/modules/auth/session.server";
import type { Organization } from "~/modules/organizations/queries.server";

export type Auth = { user: SessionUser; session: Session };

declare module "@remix-run/node" {
  // Single fetch's type inference for loaders and actions.
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    org: Organization;
    nonce: string;
    locale: Locale;
    auth: Auth | null;
    /** Who acts in this request (built once from the session): what the policies decide on. */
    actor: Actor;
    ip: string;
    /** Cookies get Secure and the __Host- prefix (https, or localhost). */
    secureCookies: boolean;
  }
}

export {};
