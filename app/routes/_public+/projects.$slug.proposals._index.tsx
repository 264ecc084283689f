// /projects/:slug/proposals: the project's proposals, sorted (newest, most supported, random with
// a seed kept per visitor), filtered by status, paginated, with a map of those that have a place.
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Lightbulb } from "lucide-react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/EmptyState";
import { useErrorText } from "~/components/forms";
import { mapLinks } from "~/components/map/links";
import { MapWithList } from "~/components/map/MapWithList";
import { getT } from "~/i18n/i18n.server";
import { participationLinks } from "~/modules/comments/ui/links";
import { loadMapSettings } from "~/modules/projects/queries.server";
import { actState, requireVisibleProject } from "~/modules/projects/request.server";
import { isSeed, listProposals, newSeed, SEED_COOKIE } from "~/modules/proposals/queries.server";
import { isProposalStatus, PROPOSAL_SORTS, PROPOSAL_STATUSES, type ProposalSort } from "~/modules/proposals/schema";
import { formatDate } from "~/utils/dates";
import { StatusBadge } from "~/modules/proposals/ui/StatusBadge";
import { participantName } from "~/modules/users/display";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [...mapLinks(), ...participationLinks()];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

function readSeedCookie(request: Request): string | null {
  const cookie = request.headers.get("Cookie") ?? "";
  const match = cookie.match(new RegExp(`(?:^|;\\s*)${SEED_COOKIE}=([a-f0-9]+)`));
  return match && isSeed(match[1]) ? match[1] : null;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const project = await requireVisibleProject(context, request, params.slug);
  const t = getT(context.locale);
  const url = new URL(request.url);
  const sortParam = url.searchParams.get("sort");
  const sort: ProposalSort = (PROPOSAL_SORTS as readonly string[]).includes(sortParam ?? "") ? (sortParam as ProposalSort) : "newest";
  const statusParam = url.searchParams.get("status");
  const status = isProposalStatus(statusParam) ? statusParam : null;
  const after = url.searchParams.get("after");
  const pageNumber = Math.min(Math.max(1, Math.floor(Number(url.searchParams.get("page")) || 1)), 10_000);
  // Random order: the seed comes from the link, else the visitor's cookie, else a new one.
  const urlSeed = url.searchParams.get("seed");
  const cookieSeed = readSeedCookie(request);
  const seed = isSeed(urlSeed) ? urlSeed : (cookieSeed ?? newSeed());

  const [list, map] = await Promise.all([
    // The one visibility rule: a hidden proposal is listed (and marked) for its author, moderators and admins.
    listProposals(sql, context.org.id, project.id, { sort, status, after: sort === "random" ? null : after, page: pageNumber, seed }, context.actor),
    loadMapSettings(sql, context.org.id),
  ]);
  const propose = actState(project, "propose");
  const headers = new Headers();
  if (sort === "random" && seed !== cookieSeed) {
    headers.append(
      "Set-Cookie",
      `${SEED_COOKIE}=${seed}; Path=/; HttpOnly; SameSite=Lax${context.secureCookies ? "; Secure" : ""}`,
    );
  }
  return data(
    {
      title: t("proposals:list.title", { project: project.title }),
      project: { slug: project.slug, title: project.title },
      list,
      query: { sort, status, after: sort === "random" ? null : after, page: sort === "random" ? pageNumber : 1, seed: sort === "random" ? seed : null },
      propose,
      map,
    },
    { headers },
  );
}

export default function ProposalsList() {
  const { project, list, query, propose, map } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation(["common", "proposals", "account"]);
  const errorText = useErrorText();
  const base = `/projects/${project.slug}/proposals`;
  const href = (extra: Record<string, string | null>) => {
    const params = new URLSearchParams();
    if (query.sort !== "newest") params.set("sort", query.sort);
    if (query.status) params.set("status", query.status);
    if (query.seed) params.set("seed", query.seed);
    for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
    const search = params.toString();
    return `${base}${search ? `?${search}` : ""}#proposals-results`;
  };
  const atStart = query.sort === "random" ? query.page <= 1 : !query.after;
  // No proposal at all yet: no sorting, filtering or map of nothing, just what to do next.
  const nothingYet = list.total === 0 && !query.status && atStart;
  const mapItems = list.proposals
    .filter((p) => p.place)
    .map((p) => ({
      id: String(p.id),
      title: p.title,
      href: `${base}/${p.id}`,
      description: t(`proposals:status.${p.status}`),
      geometry: { type: "Point" as const, coordinates: p.place! },
    }));

  return (
    <div className="stack participation">
      <div className="participation__head">
        <div>
          <h2 id="proposals-title">{t("proposals:list.heading")}</h2>
          <p className="lead">{t("proposals:list.intro")}</p>
        </div>
        {propose.open ? (
          <Link to={`${base}/new`} className="button">
            {t("proposals:list.new")}
          </Link>
        ) : (
          <p className="notice notice--info">{errorText(propose.reason ?? "proposals:closed.propose")}</p>
        )}
      </div>

      {nothingYet ? null : (
        <Form method="get" action={base} className="filters" aria-labelledby="proposals-filters-title">
          <h3 id="proposals-filters-title" className="visually-hidden">
            {t("proposals:list.filters")}
          </h3>
          <div className="field">
            <label htmlFor="proposals-sort">{t("proposals:list.sort")}</label>
            <select id="proposals-sort" name="sort" defaultValue={query.sort}>
              {PROPOSAL_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`proposals:list.sorts.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="proposals-status">{t("proposals:list.status")}</label>
            <select id="proposals-status" name="status" defaultValue={query.status ?? ""}>
              <option value="">{t("proposals:list.allStatuses")}</option>
              {PROPOSAL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`proposals:status.${s}`)}
                </option>
              ))}
            </select>
          </div>
          {query.seed ? <input type="hidden" name="seed" value={query.seed} /> : null}
          <button type="submit" className="button button--secondary">
            {t("proposals:list.apply")}
          </button>
        </Form>
      )}

      <section aria-labelledby="proposals-results-title" id="proposals-results" tabIndex={-1}>
        <h3 id="proposals-results-title">
          {t("proposals:list.results")} <span className="count">({t("proposals:list.count", { count: list.total })})</span>
        </h3>
        {list.proposals.length === 0 ? (
          propose.open && !query.status && atStart ? (
            <EmptyState
              icon={Lightbulb}
              title={t("proposals:list.emptyOpen")}
              action={
                <Link to={`${base}/new`} className="button">
                  {t("proposals:list.new")}
                </Link>
              }
            >
              {t("proposals:list.emptyOpenText")}
            </EmptyState>
          ) : query.status || !atStart ? (
            <p>{t("proposals:list.empty")}</p>
          ) : (
            <EmptyState icon={Lightbulb} title={t("proposals:list.emptyClosed")}>
              {t("proposals:list.emptyClosedText")}
            </EmptyState>
          )
        ) : (
          <ol className="card-list">
            {list.proposals.map((p) => (
              <li key={p.id} className="card">
                <article aria-labelledby={`proposal-${p.id}-title`}>
                  <h4 id={`proposal-${p.id}-title`} className="card__title">
                    <Link to={`${base}/${p.id}`}>{p.title}</Link>
                  </h4>
                  <p className="card__status">
                    <StatusBadge status={p.status} />
                    {p.hidden ? (
                      <>
                        {" "}
                        <span className="status-badge status-badge--hidden">{t("proposals:debates.hiddenBadge")}</span>
                      </>
                    ) : null}
                  </p>
                  {p.excerpt ? <p className="card__excerpt">{p.excerpt}</p> : null}
                  <p className="card__meta">
                    {t("proposals:list.by", { name: participantName(p.authorName, t) })}
                    {", "}
                    <time dateTime={p.createdAt}>{formatDate(p.createdAt, i18n.language)}</time>
                    <span aria-hidden="true"> · </span>
                    <span className="visually-hidden">, </span>
                    {t("proposals:list.supports", { count: p.supportsCount })}
                    <span aria-hidden="true"> · </span>
                    <span className="visually-hidden">, </span>
                    {t("proposals:list.comments", { count: p.commentsCount })}
                  </p>
                </article>
              </li>
            ))}
          </ol>
        )}
        {!atStart || list.next ? (
          <nav className="pagination" aria-label={t("proposals:list.pagination")}>
            <ul>
              {!atStart ? (
                <li>
                  <Link to={href({})}>{t("proposals:list.first")}</Link>
                </li>
              ) : null}
              {query.sort === "random" && query.page > 2 ? (
                <li>
                  <Link to={href({ page: String(query.page - 1) })}>{t("proposals:list.previous")}</Link>
                </li>
              ) : null}
              {list.next ? (
                <li>
                  <Link to={href(query.sort === "random" ? { page: list.next } : { after: list.next })}>{t("proposals:list.next")}</Link>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>

      {nothingYet ? null : (
        <section aria-labelledby="proposals-map-title" className="participation__map">
          <h3 id="proposals-map-title">{t("proposals:list.mapTitle")}</h3>
          <MapWithList
            items={mapItems}
            headingId="proposals-map-title"
            center={map.center}
            zoom={map.zoom}
            styleUrl={map.styleUrl}
            emptyText={t("proposals:list.mapEmpty")}
          />
        </section>
      )}
    </div>
  );
}
