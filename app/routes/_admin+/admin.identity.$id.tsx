// /admin/identity/:id: edits one identity provider of the organization (an empty secret keeps it).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { AdminBreadcrumb } from "~/modules/admin/ui/parts";
import { notFound, requirePermission } from "~/modules/auth/guards.server";
import { handleProviderAction } from "~/modules/identity/provider-action.server";
import { findProviderById } from "~/modules/identity/providers.server";
import { secretKey } from "~/modules/identity/secret-box.server";
import { ProviderForm } from "~/modules/identity/ui/ProviderForm";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

function providerId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0 || !/^\d+$/.test(raw ?? "")) notFound();
  return id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "admin.organization.edit");
  const record = await findProviderById(sql, context.org.id, providerId(params.id));
  if (!record) notFound();
  const { organizationId: _o, clientSecretEncrypted: _s, updatedAt: _u, ...provider } = record;
  return {
    title: getT(context.locale)("identity:admin.edit", { label: provider.label }),
    provider,
    keyConfigured: secretKey() !== null,
    origin: context.org.origin,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  requirePermission(context, request, "admin.organization.edit");
  const id = providerId(params.id);
  // Another organization's provider is not found, before anything is read from the form.
  if (!(await findProviderById(sql, context.org.id, id))) notFound();
  return handleProviderAction(request, context, id);
}

export default function AdminIdentityEdit() {
  const { provider, keyConfigured, origin } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation(["common", "identity"]);
  return (
    <div className="page--narrow stack">
      <AdminBreadcrumb current={t("identity:admin.edit", { label: provider.label })} />
      <h1>{t("identity:admin.edit", { label: provider.label })}</h1>
      <p>
        <Link to="/admin/identity">{t("identity:admin.back")}</Link>
      </p>
      <ProviderForm id="identity-provider-edit" provider={provider} lastResult={lastResult} origin={origin} disabled={!keyConfigured} />
    </div>
  );
}
