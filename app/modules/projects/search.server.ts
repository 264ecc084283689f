// French full-text search over the organization's public projects and visible proposals: the
// stored `search` tsvectors (maquette_search_text: unaccented, ". < > &" read as spaces, migration
// 00013), ranked with ts_rank, one query per page. Snippets come from ts_headline with private-use
// markers, turned into text segments: never HTML.
import { actorOf, type Actor } from "~/modules/auth/actor";
import { hiddenRowsFilter } from "~/modules/targets/visibility.server";
import type { Db } from "~/utils/db.server";
import type { ProjectStatus } from "./phases";

export const RESULTS_PER_PAGE = 10;

const START = "\uE000";
const STOP = "\uE001";
// ts_headline's parser reads "<b>" or "</script>" as HTML tags and drops them from its output (a
// space instead): the excerpt would not be the stored text. So "<", ">" and "&" go in as these
// private-use stand-ins, which it treats as plain separators, and come back in toSegments. "." too:
// the index cuts "window.location" in two (maquette_search_text), so the highlighter must see the
// same two words, not one host name.
const STAND_INS: Record<string, string> = { "\uE002": "<", "\uE003": ">", "\uE004": "&", "\uE005": "." };
/** translate(text, FROM, TO): separators to their stand-ins; our own markers and stand-ins removed. */
const TRANSLATE_FROM = `<>&.${START}${STOP}\uE002\uE003\uE004\uE005`;
const TRANSLATE_TO = "\uE002\uE003\uE004\uE005";
const HEADLINE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, MaxFragments=2, MaxWords=28, MinWords=12, ShortWord=2, FragmentDelimiter=" … "`;
const TITLE_OPTIONS = `StartSel=${START}, StopSel=${STOP}, HighlightAll=true`;

export type Segment = { text: string; hit: boolean };

export type SearchHit = {
  type: "project" | "proposal";
  id: number;
  href: string;
  title: Segment[];
  snippet: Segment[];
  /** For a proposal: the project it belongs to. */
  projectTitle: string | null;
  projectStatus: ProjectStatus;
};

export type SearchResults = { hits: SearchHit[]; total: number; page: number; pageCount: number };

/** Text marked by ts_headline → segments of the stored text; the markers never reach the page. */
export function toSegments(marked: string): Segment[] {
  const segments: Segment[] = [];
  let hit = false;
  let text = "";
  const flush = () => {
    if (text) segments.push({ text, hit });
    text = "";
  };
  for (const ch of marked) {
    if (ch === START) {
      flush();
      hit = true;
    } else if (ch === STOP) {
      flush();
      hit = false;
    } else {
      text += STAND_INS[ch] ?? ch;
    }
  }
  flush();
  return segments;
}

/**
 * Projects and proposals matching `query`, as `actor` may see them (the one visibility rule: a
 * hidden proposal for its author, moderators and admins; `actor` null: an anonymous visitor).
 */
export async function searchPublic(
  db: Db,
  organizationId: number,
  query: string,
  page: number,
  perPage = RESULTS_PER_PAGE,
  actor: Actor | null = null,
): Promise<SearchResults> {
  const hiddenFilter = () => hiddenRowsFilter(db, actor ?? actorOf(organizationId, null), "proposal", "pr");
  const q = query.trim();
  if (!q) return { hits: [], total: 0, page: 1, pageCount: 1 };
  const offset = (Math.max(1, page) - 1) * perPage;
  // The query is read as the index was written (maquette_search_text): "window.location" is the
  // two words "window" and "location", in the query as in the stored text.
  // The highlight query is made of the document's own lexemes, read from the very text ts_headline
  // gets (stand-ins included), whose unaccented form is one of the query's: "ecole" then highlights
  // "école", which the unaccented index matched.
  const rows = await db`
    with q as (
      select websearch_to_tsquery('french', maquette_search_text(${q})) as query,
             tsvector_to_array(to_tsvector('french', maquette_search_text(${q}))) as lexemes
    ),
    hits as (
      select 'project' as type, p.id, p.slug as project_slug, p.title, null::text as project_title, p.status as project_status,
             concat_ws(' ', nullif(p.summary, ''), p.body_text) as body, ts_rank(p.search, q.query) as rank
      from projects p, q
      where p.organization_id = ${organizationId} and p.status in ('published', 'archived') and p.search @@ q.query
      union all
      select 'proposal', pr.id, p.slug, pr.title, p.title, p.status,
             pr.body_text, ts_rank(pr.search, q.query)
      from proposals pr
      join projects p on p.id = pr.project_id and p.organization_id = pr.organization_id, q
      where pr.organization_id = ${organizationId} ${hiddenFilter()}
        and p.status in ('published', 'archived') and pr.search @@ q.query
    ),
    ranked as (
      select h.*, count(*) over () as total from hits h
      order by h.rank desc, h.type, h.id desc
      limit ${perPage} offset ${offset}
    )
    select r.type, r.id, r.project_slug, r.project_title, r.project_status, r.total, r.rank,
           ts_headline('french', translate(r.title, ${TRANSLATE_FROM}, ${TRANSLATE_TO}), hq.query, ${TITLE_OPTIONS}) as title_marked,
           ts_headline('french', translate(left(r.body, 20000), ${TRANSLATE_FROM}, ${TRANSLATE_TO}), hq.query, ${HEADLINE_OPTIONS}) as body_marked
    from ranked r
    cross join lateral (
      select coalesce(string_agg(distinct '''' || v.lexeme || '''', ' | '), '')::tsquery as query
      from unnest(to_tsvector('french', translate(r.title || ' ' || left(r.body, 20000), ${TRANSLATE_FROM}, ${TRANSLATE_TO}))) v, q
      where maquette_unaccent(v.lexeme) = any(q.lexemes)
        and v.lexeme !~ '[''\\\\]'
    ) hq
    order by r.rank desc, r.type, r.id desc`;
  let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  if (rows.length === 0 && page > 1) {
    const [count] = await db`
      with q as (select websearch_to_tsquery('french', maquette_search_text(${q})) as query)
      select (select count(*) from projects p, q
               where p.organization_id = ${organizationId} and p.status in ('published', 'archived') and p.search @@ q.query)
           + (select count(*) from proposals pr join projects p on p.id = pr.project_id and p.organization_id = pr.organization_id, q
               where pr.organization_id = ${organizationId} ${hiddenFilter()}
                 and p.status in ('published', 'archived') and pr.search @@ q.query) as total`;
    total = Number(count?.total ?? 0);
  }
  return {
    hits: rows.map((r) => {
      const type = r.type as "project" | "proposal";
      const slug = String(r.project_slug);
      return {
        type,
        id: Number(r.id),
        href: type === "project" ? `/projects/${slug}` : `/projects/${slug}/proposals/${Number(r.id)}`,
        title: toSegments(String(r.title_marked)),
        snippet: toSegments(String(r.body_marked ?? "")),
        projectTitle: (r.project_title as string | null) ?? null,
        projectStatus: r.project_status as ProjectStatus,
      };
    }),
    total,
    page: Math.max(1, page),
    pageCount: Math.max(1, Math.ceil(total / perPage)),
  };
}
