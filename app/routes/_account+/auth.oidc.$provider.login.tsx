// GET /auth/oidc/:provider/login: leaves for the identity provider (FranceConnect...). The attempt
// (state, nonce, PKCE) is recorded and bound to this browser by a cookie; a provider that cannot
// be reached (down, slow, misconfigured) gives a clear page instead.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getT } from "~/i18n/i18n.server";
import { notFound } from "~/modules/auth/guards.server";
import { startLogin, stateCookie } from "~/modules/identity/login.server";
import { ProviderUnavailableError } from "~/modules/identity/oidc.server";
import { findProviderBySlug } from "~/modules/identity/providers.server";
import { MissingSecretKeyError } from "~/modules/identity/secret-box.server";
import { IdentityProblem, type ProblemKind } from "~/modules/identity/ui/IdentityProblem";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { safeRedirectPath } from "~/utils/redirect";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = await findProviderBySlug(sql, context.org.id, params.provider ?? "");
  if (!provider || !provider.enabled) notFound();
  // Already logged in: nothing to do here.
  if (context.auth) throw redirect("/account");
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/");
  try {
    const { url, state } = await startLogin(sql, { provider, origin: context.org.origin, redirectTo });
    return redirect(url.href, { headers: { "Set-Cookie": stateCookie(state, context.secureCookies), "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof ProviderUnavailableError) && !(error instanceof MissingSecretKeyError)) throw error;
    console.warn(`[maquette] identity provider ${provider.slug} of organization ${provider.organizationId}: ${(error as Error).message}`);
    const problem: ProblemKind = error instanceof MissingSecretKeyError ? "not_configured" : "unavailable";
    return data(
      { title: getT(context.locale)("identity:callback.title"), problem, provider: provider.label },
      { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": "60" } },
    );
  }
}

export default function ProviderLoginProblem() {
  const { problem, provider } = useLoaderData<typeof loader>();
  return <IdentityProblem problem={problem} provider={provider} />;
}
