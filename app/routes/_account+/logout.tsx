// POST /logout: ends this browser's session. A session opened through an identity provider then
// goes through the provider's end-session endpoint (id_token_hint, state), which sends the browser
// back to /auth/oidc/logged-out; a provider that cannot be reached only costs its own logout.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { blankSessionCookie } from "~/modules/auth/session.server";
import { logoutStateCookie, newLogoutState } from "~/modules/identity/login.server";
import { buildLogoutUrl } from "~/modules/identity/oidc.server";
import { findProviderById } from "~/modules/identity/providers.server";
import { sql } from "~/utils/db.server";

export async function action({ context }: ActionFunctionArgs) {
  const headers = new Headers({ "Set-Cookie": blankSessionCookie(context.secureCookies) });
  const auth = context.auth;
  if (!auth) return redirect("/", { headers });
  const [row] = await sql`delete from sessions where id = ${auth.session.id} returning oidc_provider_id, id_token`;
  if (row?.oidc_provider_id != null && row.id_token) {
    const provider = await findProviderById(sql, context.org.id, Number(row.oidc_provider_id));
    const state = newLogoutState();
    const url = provider
      ? await buildLogoutUrl(provider, { idToken: String(row.id_token), postLogoutRedirectUri: `${context.org.origin}/auth/oidc/logged-out`, state })
      : null;
    if (url) {
      headers.append("Set-Cookie", logoutStateCookie(state, context.secureCookies));
      return redirect(url.href, { headers });
    }
  }
  return redirect("/", { headers });
}

export function loader() {
  return redirect("/");
}
