// /admin: the organization's administration, for its admins only.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { countMembers } from "~/modules/admin/members.server";
import { requirePermission } from "~/modules/auth/guards.server";
import { can } from "~/modules/permissions/permissions";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePermission(context, request, "admin.access");
  const counts = await countMembers(sql, context.org.id);
  return {
    title: getT(context.locale)("admin:overview.title"),
    orgName: context.org.name,
    counts,
    canModerate: can(user, "moderation.access", { organizationId: context.org.id }),
    canManageSystem: can(user, "system.organizations.manage"),
  };
}

export default function AdminOverview() {
  const { orgName, counts, canModerate, canManageSystem } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "admin", "accessibility", "identity"]);
  return (
    <div className="stack">
      <h1>{t("admin:overview.title")}</h1>
      <p className="lead">{t("admin:overview.intro", { org: orgName })}</p>
      <section aria-labelledby="admin-members">
        <h2 id="admin-members">
          <Link to="/admin/members">{t("admin:overview.membersTitle")}</Link>
        </h2>
        <p>
          {`${t("admin:overview.membersCount", { count: counts.members })}${t("admin:overview.adminsCount", { count: counts.admins })} ${t("admin:overview.membersText")}`}
        </p>
      </section>
      <section aria-labelledby="admin-audit">
        <h2 id="admin-audit">
          <Link to="/admin/audit">{t("admin:overview.auditTitle")}</Link>
        </h2>
        <p>{t("admin:overview.auditText")}</p>
      </section>
      <section aria-labelledby="admin-settings">
        <h2 id="admin-settings">
          <Link to="/admin/settings">{t("admin:overview.settingsTitle")}</Link>
        </h2>
        <p>{t("admin:overview.settingsText")}</p>
      </section>
      <section aria-labelledby="admin-accessibility">
        <h2 id="admin-accessibility">
          <Link to="/admin/accessibilite">{t("accessibility:admin.title")}</Link>
        </h2>
        <p>{t("accessibility:admin.overviewText")}</p>
      </section>
      <section aria-labelledby="admin-identity">
        <h2 id="admin-identity">
          <Link to="/admin/identity">{t("identity:admin.title")}</Link>
        </h2>
        <p>{t("identity:admin.overviewText")}</p>
      </section>
      <section aria-labelledby="admin-residents">
        <h2 id="admin-residents">
          <Link to="/admin/residents">{t("identity:residents.title")}</Link>
        </h2>
        <p>{t("identity:residents.overviewText")}</p>
      </section>
      {canModerate ? (
        <section aria-labelledby="admin-moderation">
          <h2 id="admin-moderation">
            <Link to="/moderation">{t("admin:overview.moderationTitle")}</Link>
          </h2>
          <p>{t("admin:overview.moderationText")}</p>
        </section>
      ) : null}
      {canManageSystem ? (
        <section aria-labelledby="admin-system">
          <h2 id="admin-system">
            <Link to="/system">{t("admin:overview.systemTitle")}</Link>
          </h2>
          <p>{t("admin:overview.systemText")}</p>
        </section>
      ) : null}
    </div>
  );
}
