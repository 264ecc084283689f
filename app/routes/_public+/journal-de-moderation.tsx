// /journal-de-moderation: the organization's public moderation log, as Decidim publishes it: what
// its moderators hid or restored, when, where and for which kinds of report. Never the content,
// its author, the reporters or the moderators' words. Linked from every page's footer.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { formatMoment } from "~/utils/dates";
import { DateTime, Pagination } from "~/modules/admin/ui/parts";
import { listPublicLog } from "~/modules/moderation/log.server";
import { PageSchema } from "~/modules/moderation/schema";
import { kindLabel } from "~/modules/targets/types";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { page } = PageSchema.parse({ page: new URL(request.url).searchParams.get("page") ?? undefined });
  const log = await listPublicLog(sql, context.org.id, page);
  return {
    title: getT(context.locale)("moderation:log.title"),
    orgName: context.org.name,
    page: log.page,
    pageCount: log.pageCount,
    total: log.total,
    entries: log.entries.map((e) => ({ ...e, decidedAt: formatMoment(e.decidedAt, context.locale, false) })),
  };
}

export default function ModerationLogPage() {
  const { orgName, page, pageCount, total, entries } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "moderation"]);
  return (
    <div className="stack">
      <h1>{t("moderation:log.title")}</h1>
      <p className="lead">
        {t("moderation:log.intro", { org: orgName })} <Link to="/conditions">{t("nav.terms")}</Link>
      </p>
      {total === 0 ? (
        <p className="notice">{t("moderation:log.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="manage-table moderation-log">
            <caption>{t("moderation:log.caption", { page: String(page), pages: String(pageCount) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("moderation:log.colDate")}</th>
                <th scope="col">{t("moderation:log.colDecision")}</th>
                <th scope="col">{t("moderation:log.colKind")}</th>
                <th scope="col">{t("moderation:log.colProject")}</th>
                <th scope="col">{t("moderation:log.colReasons")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td data-label={t("moderation:log.colDate")}>
                    <DateTime value={e.decidedAt} />
                  </td>
                  <th scope="row" data-label={t("moderation:log.colDecision")}>
                    {t(`moderation:log.decisions.${e.decision}`)}
                  </th>
                  <td data-label={t("moderation:log.colKind")}>{kindLabel(t, "moderation:targetTypes", e.targetType)}</td>
                  <td data-label={t("moderation:log.colProject")}>
                    {e.project ? <Link to={`/projects/${e.project.slug}`}>{e.project.title}</Link> : t("moderation:log.noProject")}
                  </td>
                  <td data-label={t("moderation:log.colReasons")}>
                    {e.reasons.length ? e.reasons.map((r) => t(`moderation:reasons.${r}`)).join(", ") : t("moderation:log.noReason")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination label={t("moderation:log.pagination")} page={page} pageCount={pageCount} hrefFor={(p) => `/journal-de-moderation?page=${p}`} />
    </div>
  );
}
