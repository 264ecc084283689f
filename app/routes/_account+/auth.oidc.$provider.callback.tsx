// GET /auth/oidc/:provider/callback: the provider sends the browser back here. Everything is checked
// before anything is written (see identity/login.server.ts); then the session is opened, or the
// password of an existing account with the same e-mail is asked for (/auth/oidc/link), or a clear
// page says what went wrong and that no account was created or changed.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getT } from "~/i18n/i18n.server";
import { notFound } from "~/modules/auth/guards.server";
import { createSession, readCookie, serializeSessionCookie } from "~/modules/auth/session.server";
import { clearStateCookie, completeLogin, STATE_COOKIE } from "~/modules/identity/login.server";
import { findProviderBySlug } from "~/modules/identity/providers.server";
import { MissingSecretKeyError } from "~/modules/identity/secret-box.server";
import { IdentityProblem, type ProblemKind } from "~/modules/identity/ui/IdentityProblem";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { safeRedirectPath } from "~/utils/redirect";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

const STATUS: Record<ProblemKind, number> = {
  provider_error: 400,
  invalid_callback: 400,
  state_mismatch: 400,
  expired: 400,
  refused: 400,
  unavailable: 503,
  email_missing: 400,
  account_unavailable: 403,
  not_configured: 503,
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = await findProviderBySlug(sql, context.org.id, params.provider ?? "");
  if (!provider) notFound();
  const cookieState = readCookie(request.headers.get("Cookie"), STATE_COOKIE);
  // The callback's own URL on this organization's origin: what the provider was given as redirect_uri.
  const here = new URL(request.url);
  const callbackUrl = new URL(here.pathname + here.search, context.org.origin);
  const fail = (problem: ProblemKind) =>
    data(
      { title: getT(context.locale)("identity:callback.title"), problem, provider: provider.label },
      { status: STATUS[problem], headers: { "Cache-Control": "no-store", "Set-Cookie": clearStateCookie(context.secureCookies) } },
    );
  let outcome;
  try {
    outcome = await completeLogin(sql, { provider, callbackUrl, cookieState });
  } catch (error) {
    if (error instanceof MissingSecretKeyError) return fail("not_configured");
    throw error;
  }
  if (outcome.status === "link_required") {
    // The attempt (and its cookie) now waits for the account's password.
    throw redirect("/auth/oidc/link", { headers: { "Cache-Control": "no-store" } });
  }
  if (outcome.status !== "logged_in") {
    if (outcome.status === "unavailable" || outcome.status === "refused") {
      console.warn(`[maquette] identity provider ${provider.slug} of organization ${provider.organizationId}: login ${outcome.status}`);
    }
    return fail(outcome.status);
  }
  if (context.auth) {
    // Someone else was logged in in this browser: that session ends.
    await sql`delete from sessions where id = ${context.auth.session.id}`;
  }
  const { token, session } = await createSession(sql, {
    userId: outcome.userId,
    organizationId: context.org.id,
    userAgent: request.headers.get("user-agent"),
    ip: context.ip,
    oidc: { providerId: provider.id, idToken: outcome.idToken },
  });
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", serializeSessionCookie(token, session.expiresAt, context.secureCookies));
  headers.append("Set-Cookie", clearStateCookie(context.secureCookies));
  throw redirect(safeRedirectPath(outcome.redirectTo, "/"), { headers });
}

export default function ProviderCallbackProblem() {
  const { problem, provider } = useLoaderData<typeof loader>();
  return <IdentityProblem problem={problem} provider={provider} />;
}
