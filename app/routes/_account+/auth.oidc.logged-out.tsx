// GET /auth/oidc/logged-out: the identity provider sends the browser back here after its own
// logout. The session ended before leaving (logout.tsx); the state is checked so that a page of
// another site cannot pretend a logout happened, then the visitor is back on the home page.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { readCookie } from "~/modules/auth/session.server";
import { clearLogoutStateCookie, LOGOUT_COOKIE } from "~/modules/identity/login.server";

export function loader({ request, context }: LoaderFunctionArgs) {
  const expected = readCookie(request.headers.get("Cookie"), LOGOUT_COOKIE);
  const state = new URL(request.url).searchParams.get("state");
  const matches = Boolean(expected && state && expected === state);
  if (!matches) console.warn(`[maquette] logout return without its state (organization ${context.org.id})`);
  return redirect("/", {
    headers: { "Set-Cookie": clearLogoutStateCookie(context.secureCookies), "Cache-Control": "no-store" },
  });
}
