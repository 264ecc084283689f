// /admin/identity: the organization's identity providers (FranceConnect, ProConnect, a town's own
// OpenID Connect), listed without their secrets, and the form that declares a new one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { AdminBreadcrumb } from "~/modules/admin/ui/parts";
import { requirePermission } from "~/modules/auth/guards.server";
import { handleProviderAction } from "~/modules/identity/provider-action.server";
import { listProviders } from "~/modules/identity/providers.server";
import { secretKey } from "~/modules/identity/secret-box.server";
import { ProviderForm } from "~/modules/identity/ui/ProviderForm";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "admin.organization.edit");
  return {
    title: getT(context.locale)("identity:admin.title"),
    providers: await listProviders(sql, context.org.id),
    keyConfigured: secretKey() !== null,
    origin: context.org.origin,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return handleProviderAction(request, context, null);
}

export default function AdminIdentity() {
  const { providers, keyConfigured, origin } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation(["common", "identity"]);
  const saved = searchParams.get("saved");
  return (
    <div className="page--narrow stack">
      <AdminBreadcrumb current={t("identity:admin.title")} />
      <h1>{t("identity:admin.title")}</h1>
      <p>{t("identity:admin.intro")}</p>
      <div role="status">{saved ? <p className="notice">{t("identity:admin.saved")}</p> : null}</div>
      {keyConfigured ? null : (
        <div className="notice notice--error">
          <p>{t("identity:admin.keyMissing")}</p>
        </div>
      )}
      <section className="stack" aria-labelledby="identity-list">
        <h2 id="identity-list">{t("identity:admin.list")}</h2>
        {providers.length === 0 ? (
          <p>{t("identity:admin.empty")}</p>
        ) : (
          <ul className="stack">
            {providers.map((p) => (
              <li key={p.id}>
                <strong>{p.label}</strong> ({t(`identity:admin.kinds.${p.kind}`)}, {p.enabled ? t("identity:admin.enabledState") : t("identity:admin.disabledState")})
                <br />
                <span style={{ overflowWrap: "anywhere" }}>{p.issuer}</span>
                <br />
                <Link to={`/admin/identity/${p.id}`} aria-label={t("identity:admin.edit", { label: p.label })}>
                  {t("identity:admin.editLink")}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="stack" aria-labelledby="identity-add">
        <h2 id="identity-add">{t("identity:admin.add")}</h2>
        <ProviderForm id="identity-provider-new" provider={null} lastResult={lastResult} origin={origin} disabled={!keyConfigured} />
      </section>
    </div>
  );
}
