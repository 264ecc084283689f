// The language switcher posts here: remembered in a cookie, and on the account when logged in.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n/config";
import { LOCALE_COOKIE } from "~/server/auth-middleware.server";
import { sql } from "~/utils/db.server";
import { safeRedirectPath } from "~/utils/redirect";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const to = safeRedirectPath(form.get("redirectTo"), "/");
  if (!isLocale(locale)) return redirect(to);
  if (context.auth) {
    await sql`update users set locale = ${locale} where id = ${context.auth.user.id} and organization_id = ${context.org.id}`;
  }
  const secure = context.secureCookies ? "; Secure" : "";
  return redirect(to, {
    headers: { "Set-Cookie": `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}` },
  });
}

export function loader() {
  return redirect("/");
}
