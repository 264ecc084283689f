import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { blankSessionCookie, invalidateSession } from "~/modules/auth/session.server";
import { sql } from "~/utils/db.server";

export async function action({ context }: ActionFunctionArgs) {
  if (context.auth) await invalidateSession(sql, context.auth.session.id);
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie(context.secureCookies) } });
}

export function loader() {
  return redirect("/");
}
