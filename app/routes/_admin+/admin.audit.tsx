// /admin/audit: the organization's audit log, newest first, paged by entry id. Each entry's details
// (whom or what it was about, what changed, a moderator's reason) are written on the server, in
// plain text: the raw entry data never reaches the browser.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getT } from "~/i18n/i18n.server";
import { describeAuditEntry, loadAuditPage } from "~/modules/admin/audit-log.server";
import { formatMoment } from "~/utils/dates";
import { AdminBreadcrumb, DateTime } from "~/modules/admin/ui/parts";
import { requirePermission } from "~/modules/auth/guards.server";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

const cursorField = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "admin.audit.view");
  const url = new URL(request.url);
  const before = cursorField.parse(url.searchParams.get("before") ?? undefined);
  const after = before == null ? cursorField.parse(url.searchParams.get("after") ?? undefined) : undefined;
  const page = await loadAuditPage(sql, context.org.id, { before, after });
  return {
    title: getT(context.locale)("admin:audit.title"),
    orgName: context.org.name,
    paged: before != null || after != null,
    olderCursor: page.olderCursor,
    newerCursor: page.newerCursor,
    entries: page.entries.map((e) => ({
      id: e.id,
      action: e.action,
      actorId: e.actorId,
      actorName: e.actorName,
      details: describeAuditEntry(e, context.locale),
      createdAt: formatMoment(e.createdAt, context.locale, true),
    })),
  };
}

type Entry = ReturnType<typeof useLoaderData<typeof loader>>["entries"][number];
type LooseT = (key: string, options?: Record<string, unknown>) => string;

export default function AdminAudit() {
  const { orgName, paged, olderCursor, newerCursor, entries } = useLoaderData<typeof loader>();
  const { t: typedT, i18n } = useTranslation(["common", "admin"]);
  const t = typedT as unknown as LooseT;
  const actionLabel = (action: string) => (i18n.exists(`admin:audit.actions.${action}`) ? t(`admin:audit.actions.${action}`) : action);
  const actor = (e: Entry) => (e.actorId == null ? t("admin:audit.system") : (e.actorName ?? t("admin:audit.deletedParticipant")));
  return (
    <div className="stack">
      <AdminBreadcrumb current={t("admin:audit.title")} />
      <h1>{t("admin:audit.title")}</h1>
      <p>{t("admin:audit.intro", { org: orgName })}</p>
      {entries.length === 0 ? (
        <p>{t("admin:audit.empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="audit-caption">
          <table>
            <caption id="audit-caption">{t("admin:audit.caption", { org: orgName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin:audit.colDate")}</th>
                <th scope="col">{t("admin:audit.colActor")}</th>
                <th scope="col">{t("admin:audit.colAction")}</th>
                <th scope="col">{t("admin:audit.colDetails")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <DateTime value={e.createdAt} />
                  </th>
                  <td>{actor(e)}</td>
                  <td>{actionLabel(e.action)}</td>
                  <td>{e.details}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {newerCursor != null || olderCursor != null || paged ? (
        <nav aria-label={t("admin:audit.pagination")}>
          <ul className="actions" style={{ listStyle: "none", padding: 0 }}>
            {paged ? (
              <li>
                <Link to="/admin/audit">{t("admin:audit.newest")}</Link>
              </li>
            ) : null}
            {newerCursor != null ? (
              <li>
                <Link to={`/admin/audit?after=${newerCursor}`} rel="prev">
                  {t("admin:audit.newer")}
                </Link>
              </li>
            ) : null}
            {olderCursor != null ? (
              <li>
                <Link to={`/admin/audit?before=${olderCursor}`} rel="next">
                  {t("admin:audit.older")}
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
