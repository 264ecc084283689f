// /projects/:slug/debates: the questions the town asks on this project, newest first, open or closed.
// Debates hidden by moderation are listed, and marked, for their author, moderators and admins (the one visibility rule).
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MessagesSquare } from "lucide-react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/EmptyState";
import { getT } from "~/i18n/i18n.server";
import { getUser } from "~/modules/auth/guards.server";
import { participationLinks } from "~/modules/comments/ui/links";
import { listDebates } from "~/modules/debates/queries.server";
import { decide as decideDebate } from "~/modules/debates/policy";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { requireVisibleProject } from "~/modules/projects/request.server";
import { formatDate } from "~/utils/dates";
import { DebateStateBadge } from "~/modules/debates/ui/DebateStateBadge";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => participationLinks();

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const project = await requireVisibleProject(context, request, params.slug);
  const viewer = getUser(context);
  const url = new URL(request.url);
  const afterParam = url.searchParams.get("after");
  const after = afterParam && /^[1-9][0-9]{0,15}$/.test(afterParam) ? Number(afterParam) : null;
  // The "open a debate" link only for an official who may open one now (a blocked one may not).
  const [list, actorBlocked] = await Promise.all([
    listDebates(sql, context.org.id, project.id, { after, viewer }),
    viewer ? isBlocked(sql, context.org.id, viewer.id) : Promise.resolve(false),
  ]);
  const canOpen = decideDebate(context.actor, "open", {
    project: { status: project.status, currentPhase: project.currentPhase, actorBlocked },
  }).allowed;
  return {
    title: getT(context.locale)("proposals:debates.listTitle", { project: project.title }),
    project: { slug: project.slug, title: project.title },
    list,
    atStart: after == null,
    canOpen,
  };
}

export default function DebatesList() {
  const { project, list, atStart, canOpen } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation(["common", "proposals"]);
  const base = `/projects/${project.slug}/debates`;
  return (
    <div className="stack participation">
      <div className="participation__head">
        <div>
          <h2>{t("proposals:debates.heading")}</h2>
          <p className="lead">{t("proposals:debates.intro")}</p>
        </div>
        {canOpen ? (
          <Link to={`${base}/new`} className="button">
            {t("proposals:debates.new")}
          </Link>
        ) : null}
      </div>
      {list.debates.length === 0 ? (
        atStart ? (
          <EmptyState
            icon={MessagesSquare}
            title={t("proposals:debates.empty")}
            action={
              canOpen ? (
                <Link to={`${base}/new`} className="button button--secondary">
                  {t("proposals:debates.new")}
                </Link>
              ) : null
            }
          >
            {canOpen ? t("proposals:debates.emptyOfficialText") : t("proposals:debates.emptyText")}
          </EmptyState>
        ) : (
          <p>{t("proposals:debates.empty")}</p>
        )
      ) : (
        <ol className="card-list">
          {list.debates.map((d) => (
            <li key={d.id} className="card">
              <article aria-labelledby={`debate-${d.id}-title`}>
                <h3 id={`debate-${d.id}-title`} className="card__title">
                  <Link to={`${base}/${d.id}`}>{d.title}</Link>
                </h3>
                <p className="card__status">
                  <DebateStateBadge closed={d.closed} />
                  {d.hidden ? (
                    <>
                      {" "}
                      <span className="status-badge status-badge--hidden">{t("proposals:debates.hiddenBadge")}</span>
                    </>
                  ) : null}
                </p>
                {d.excerpt ? <p className="card__excerpt">{d.excerpt}</p> : null}
                <p className="card__meta">
                  <time dateTime={d.createdAt}>{formatDate(d.createdAt, i18n.language)}</time>
                  <span aria-hidden="true"> · </span>
                  <span className="visually-hidden">, </span>
                  {t("proposals:debates.comments", { count: d.commentsCount })}
                </p>
              </article>
            </li>
          ))}
        </ol>
      )}
      {!atStart || list.next ? (
        <nav className="pagination" aria-label={t("proposals:debates.pagination")}>
          <ul>
            {!atStart ? (
              <li>
                <Link to={base}>{t("proposals:list.first")}</Link>
              </li>
            ) : null}
            {list.next ? (
              <li>
                <Link to={`${base}?after=${list.next}`}>{t("proposals:debates.next")}</Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
