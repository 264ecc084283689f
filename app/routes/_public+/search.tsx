// /search?q=: French full-text search over the organization's public projects and visible
// proposals, ranked, with highlighted snippets (text segments, never HTML), paginated.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { SearchParamsSchema } from "~/modules/projects/schema";
import { RESULTS_PER_PAGE, searchPublic, type Segment } from "~/modules/projects/search.server";
import { Pagination } from "~/modules/projects/ui/Pagination";
import projectStyles from "~/modules/projects/ui/projects.css";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { q, page } = SearchParamsSchema.parse({
    q: url.searchParams.get("q") ?? undefined,
    page: url.searchParams.get("page") ?? undefined,
  });
  const t = getT(context.locale);
  // As the actor may see it: a hidden proposal is found by its author, moderators and admins only.
  const results = await searchPublic(sql, context.org.id, q, page, RESULTS_PER_PAGE, context.actor);
  return {
    title: q ? t("projects:search.titleWithQuery", { q }) : t("projects:search.title"),
    q,
    start: (results.page - 1) * RESULTS_PER_PAGE + 1,
    ...results,
  };
}

function Highlighted({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}

export default function SearchPage() {
  const { q, hits, total, page, pageCount, start } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "projects"]);
  const hrefFor = (p: number) => `/search?${new URLSearchParams({ q, ...(p > 1 ? { page: String(p) } : {}) }).toString()}`;
  return (
    <div className="stack">
      <h1>{t("projects:search.title")}</h1>
      <Form method="get" action="/search" role="search" className="search-form" aria-label={t("projects:search.label")}>
        <div className="field">
          <label htmlFor="search-q">{t("projects:search.label")}</label>
          <p className="field__hint" id="search-q-hint">
            {t("projects:search.hint")}
          </p>
          <input id="search-q" type="search" name="q" defaultValue={q} key={q} maxLength={200} aria-describedby="search-q-hint" />
        </div>
        <button type="submit" className="button">
          {t("projects:search.submit")}
        </button>
      </Form>
      {q ? (
        <p role="status">{total > 0 ? t("projects:search.results", { count: total, q }) : t("projects:search.none", { q })}</p>
      ) : null}
      {hits.length > 0 ? (
        <ol className="search-results" start={start}>
          {hits.map((hit) => (
            <li key={`${hit.type}-${hit.id}`} className="search-result">
              <p className="search-result__type">
                {hit.type === "project" ? t("projects:search.typeProject") : t("projects:search.typeProposal")}
                {hit.projectStatus === "archived" ? ` · ${t("projects:search.archived")}` : null}
              </p>
              <h2>
                <Link to={hit.href}>
                  <Highlighted segments={hit.title} />
                </Link>
              </h2>
              {hit.projectTitle ? <p>{t("projects:search.inProject", { title: hit.projectTitle })}</p> : null}
              {hit.snippet.length > 0 ? (
                <p>
                  <Highlighted segments={hit.snippet} />
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      <Pagination label={t("projects:search.pagination")} page={page} pageCount={pageCount} hrefFor={hrefFor} />
    </div>
  );
}
