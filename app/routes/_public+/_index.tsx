// The home page: a hero (the town's banner picture and welcome text, or a default in its colour),
// the organization's projects as cards with filters (a GET form that works without JavaScript),
// those open for participation first, pagination, a map of the page's projects, and a search box.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FolderPlus, Search } from "lucide-react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/EmptyState";
import { Icon } from "~/components/icons";
import { mapLinks } from "~/components/map/links";
import { MapWithList } from "~/components/map/MapWithList";
import { getT } from "~/i18n/i18n.server";
import type { MapItem } from "~/modules/maps/geometry";
import { PHASE_KINDS, PROJECT_KINDS } from "~/modules/projects/phases";
import { listPublicProjects, loadMapSettings } from "~/modules/projects/queries.server";
import { HomeFiltersSchema, PROJECT_STATUS_FILTERS } from "~/modules/projects/schema";
import { Pagination } from "~/modules/projects/ui/Pagination";
import { ProjectCard } from "~/modules/projects/ui/ProjectCard";
import projectStyles from "~/modules/projects/ui/projects.css";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { AccountDeletedNotice } from "~/modules/users/deleted-notice";
import { loadTownIdentity } from "~/modules/organizations/identity.server";
import { can } from "~/modules/permissions/permissions";
import { openFirst } from "~/modules/projects/ui/card-order";
import { Picture } from "~/components/Picture";

export const links: LinksFunction = () => [...mapLinks(), { rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction = (args) => pageTitle(args, null);

/** How many finished projects the default home view shows. */
const FINISHED_SHOWN = 3;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filters = HomeFiltersSchema.parse({
    kind: url.searchParams.get("kind") || undefined,
    phase: url.searchParams.get("phase") || undefined,
    status: url.searchParams.get("status") || undefined,
    page: url.searchParams.get("page") || undefined,
  });
  // The default view (no filter, first page) also shows the latest finished projects, so that a
  // visitor sees what participation led to; filtering by "Archivés" lists them all.
  const defaultView = !filters.kind && !filters.phase && filters.status === "published" && filters.page === 1;
  const [list, map, identity, finished] = await Promise.all([
    listPublicProjects(sql, context.org.id, filters),
    loadMapSettings(sql, context.org.id),
    loadTownIdentity(sql, context.org.id),
    defaultView ? listPublicProjects(sql, context.org.id, { status: "archived", page: 1 }) : null,
  ]);
  const t = getT(context.locale);
  const mapItems: MapItem[] = list.projects
    .filter((p) => p.center)
    .map((p) => ({
      id: String(p.id),
      title: p.title,
      href: `/projects/${p.slug}`,
      description: [t(`projects:kinds.${p.kind}`), p.phase ? t(`projects:phases.${p.phase}`) : null].filter(Boolean).join(" · "),
      geometry: { type: "Point", coordinates: p.center! },
    }));
  return {
    orgName: context.org.name,
    loggedIn: Boolean(context.auth),
    canManage: can(context.auth?.user ?? null, "project.manage", { organizationId: context.org.id }),
    hero: { banner: identity.banner, welcomeText: identity.welcomeText, welcomeHtml: identity.welcomeHtml },
    filters: { kind: filters.kind ?? "", phase: filters.phase ?? "", status: filters.status },
    total: list.total,
    page: list.page,
    pageCount: list.pageCount,
    // Within the page, projects open for participation come first (the query orders by date).
    projects: openFirst(list.projects.map(({ center: _center, ...card }) => card)),
    finished: finished ? { total: finished.total, projects: finished.projects.slice(0, FINISHED_SHOWN).map(({ center: _center, ...card }) => card) } : null,
    mapItems,
    map,
  };
}

export default function Home() {
  const { orgName, loggedIn, canManage, hero, filters, total, page, pageCount, projects, finished, mapItems, map } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "projects"]);
  const filtered = Boolean(filters.kind || filters.phase || filters.status !== "published");
  const hrefFor = (p: number) => {
    const params = new URLSearchParams();
    if (filters.kind) params.set("kind", filters.kind);
    if (filters.phase) params.set("phase", filters.phase);
    if (filters.status !== "published") params.set("status", filters.status);
    if (p > 1) params.set("page", String(p));
    const qs = params.toString();
    return qs ? `/?${qs}#projects-title` : "/#projects-title";
  };
  return (
    <div className="stack">
      <section className={`hero${hero.banner ? "" : " hero--plain"}`} aria-labelledby="home-title">
        {hero.banner ? (
          <Picture picture={hero.banner} className="hero__picture" sizes="(max-width: 72rem) 100vw, 72rem" />
        ) : null}
        <div className="hero__text">
          <h1 id="home-title">{t("home.title", { org: orgName })}</h1>
          <p className="hero__invitation">{t("home.invitation")}</p>
          {hero.welcomeHtml ? (
            // Rich text validated and sanitized when the admin saved it (modules/richtext).
            <div className="hero__welcome hero__welcome--rich" dangerouslySetInnerHTML={{ __html: hero.welcomeHtml }} />
          ) : hero.welcomeText ? (
            <p className="hero__welcome">{hero.welcomeText}</p>
          ) : (
            <p className="hero__welcome">{t("home.intro")}</p>
          )}
          {total > 0 ? (
            <p className="hero__actions">
              <a href="#projects-title" className="button">
                {t("home.seeProjects")}
              </a>
            </p>
          ) : null}
        </div>
      </section>
      <AccountDeletedNotice />

      <Form method="get" action="/search" role="search" className="home-search" aria-label={t("projects:search.label")}>
        <div className="field">
          <label htmlFor="home-search-q">{t("projects:search.label")}</label>
          <input id="home-search-q" type="search" name="q" maxLength={200} autoComplete="off" />
        </div>
        <button type="submit" className="button">
          <Icon icon={Search} />
          {t("projects:search.submit")}
        </button>
      </Form>

      <section aria-labelledby="projects-title" className="stack">
        <h2 id="projects-title">{t("home.projectsTitle")}</h2>
        <Form method="get" action="/" className="filters" aria-labelledby="filters-title">
          <h3 id="filters-title" className="visually-hidden">
            {t("projects:home.filtersTitle")}
          </h3>
          <div className="field">
            <label htmlFor="filter-kind">{t("projects:home.kind")}</label>
            <select id="filter-kind" name="kind" defaultValue={filters.kind} key={`kind-${filters.kind}`}>
              <option value="">{t("projects:home.allKinds")}</option>
              {PROJECT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`projects:kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-phase">{t("projects:home.phase")}</label>
            <select id="filter-phase" name="phase" defaultValue={filters.phase} key={`phase-${filters.phase}`}>
              <option value="">{t("projects:home.allPhases")}</option>
              {PHASE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`projects:phases.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-status">{t("projects:home.status")}</label>
            <select id="filter-status" name="status" defaultValue={filters.status} key={`status-${filters.status}`}>
              {PROJECT_STATUS_FILTERS.map((s) => (
                <option key={s} value={s}>
                  {t(s === "published" ? "projects:home.statusPublished" : "projects:home.statusArchived")}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="button">
              {t("projects:home.apply")}
            </button>
            {filtered ? <Link to="/#projects-title">{t("projects:home.reset")}</Link> : null}
          </div>
        </Form>

        <p role="status" className={total === 0 && !filtered ? "visually-hidden" : undefined}>
          {total === 0 ? (filtered ? t("projects:home.noResults") : t("home.noProjects")) : t("projects:home.found", { count: total })}
        </p>
        {total === 0 && !filtered ? (
          // A town starts empty: say what comes next, and to an official what to do.
          <EmptyState
            icon={FolderPlus}
            title={canManage ? t("home.emptyOfficialTitle") : t("home.noProjects")}
            action={
              canManage ? (
                <Link to="/manage/projects/new" className="button">
                  {t("home.emptyOfficialAction")}
                </Link>
              ) : null
            }
          >
            {canManage ? t("home.emptyOfficialText") : t("home.emptyText")}
          </EmptyState>
        ) : null}
        {projects.length > 0 ? (
          <ul className="project-cards">
            {projects.map((project) => (
              <li key={project.id}>
                <ProjectCard project={project} />
              </li>
            ))}
          </ul>
        ) : null}
        <Pagination label={t("projects:home.pagination")} page={page} pageCount={pageCount} hrefFor={hrefFor} />
      </section>

      {finished && finished.projects.length > 0 ? (
        <section aria-labelledby="finished-title" className="stack">
          <h2 id="finished-title">{t("home.finishedTitle")}</h2>
          <ul className="project-cards">
            {finished.projects.map((project) => (
              <li key={project.id}>
                <ProjectCard project={project} />
              </li>
            ))}
          </ul>
          {finished.total > finished.projects.length ? (
            <p>
              <Link to="/?status=archived">{t("home.finishedAll", { count: finished.total })}</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {total > 0 ? (
        <div className="stack">
          <h2 id="projects-map-title">{t("projects:home.mapTitle")}</h2>
          <MapWithList
            items={mapItems}
            headingId="projects-map-title"
            center={map.center}
            zoom={map.zoom}
            styleUrl={map.styleUrl}
            emptyText={t("projects:home.mapEmpty")}
          />
        </div>
      ) : null}

      {loggedIn ? null : (
        <section aria-labelledby="join-title">
          <h2 id="join-title">{t("home.joinTitle")}</h2>
          <p>{t("home.joinText")}</p>
          <p className="actions">
            <Link to="/signup" className="button">
              {t("nav.signup")}
            </Link>
            <Link to="/login" className="button button--secondary">
              {t("nav.login")}
            </Link>
          </p>
        </section>
      )}
    </div>
  );
}
