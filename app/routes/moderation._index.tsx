// /moderation: where moderators and admins handle reported content: the organization's queue
// of reported items waiting for a decision.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { countPendingModerations } from "~/modules/admin/moderation-queue.server";
import { requirePermission } from "~/modules/auth/guards.server";
import { can } from "~/modules/permissions/permissions";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "moderation.access");
  return {
    title: getT(context.locale)("admin:moderation.title"),
    canReadAudit: can(user, "admin.audit.view", { organizationId: context.org.id }),
    pending: await countPendingModerations(sql, context.org.id),
  };
}

export default function ModerationPage() {
  const { canReadAudit, pending } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "admin"]);
  return (
    <div className="stack">
      <h1>{t("admin:moderation.title")}</h1>
      <p className="lead">{t("admin:moderation.intro")}</p>
      <section aria-labelledby="moderation-role">
        <h2 id="moderation-role">{t("admin:moderation.roleTitle")}</h2>
        <ul>
          <li>{t("admin:moderation.roleRead")}</li>
          <li>{t("admin:moderation.roleHide")}</li>
          <li>{t("admin:moderation.roleBlock")}</li>
          <li>
            {canReadAudit ? (
              <Link to="/admin/audit">{t("admin:moderation.roleAudit")}</Link>
            ) : (
              t("admin:moderation.roleAudit")
            )}
          </li>
        </ul>
        <p>
          <Link to="/conditions">{t("admin:moderation.rules")}</Link>
        </p>
      </section>
      <section aria-labelledby="moderation-pending">
        <h2 id="moderation-pending">{t("admin:moderation.pendingTitle")}</h2>
        <p className="notice">{pending === 0 ? t("admin:moderation.empty") : t("admin:moderation.pending", { count: pending })}</p>
      </section>
    </div>
  );
}
