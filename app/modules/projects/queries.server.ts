// Reading projects: one project with its phases and the phase running today (Paris time, on the
// database clock), and the guard every contribution goes through.
import type { AppLoadContext } from "@remix-run/node";
import { forbidden, notFound, requireUser } from "~/modules/auth/guards.server";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { can } from "~/modules/permissions/permissions";
import { decide as decideProject, decideContributor } from "./policy";
import type { SessionUser } from "~/modules/auth/session.server";
import type { Db } from "~/utils/db.server";
import { sql as pool } from "~/utils/db.server";
import { locationFromStored, type ParsedLocation } from "~/modules/maps/geometry";
import type { CoverImage, MapSettings, ProjectDocument } from "./types";
import { currentPhase, type CitizenAct, type Phase, type PhaseKind, type ProjectKind, type ProjectStatus } from "./phases";

export type ProjectSummary = {
  id: number;
  slug: string;
  title: string;
  status: ProjectStatus;
  kind: ProjectKind;
  phases: Phase[];
  currentPhase: Phase | null;
};

/** Today's date in the towns' time zone, from the database clock. */
export async function todayInParis(db: Db = pool): Promise<string> {
  const [row] = await db`select to_char((now() at time zone 'Europe/Paris')::date, 'YYYY-MM-DD') as today`;
  return String(row!.today);
}

export async function loadPhases(db: Db, projectId: number): Promise<Phase[]> {
  const rows = await db`
    select kind, to_char(starts_on, 'YYYY-MM-DD') as starts_on, to_char(ends_on, 'YYYY-MM-DD') as ends_on
    from project_phases where project_id = ${projectId} order by starts_on, id`;
  return rows.map((r) => ({ kind: r.kind as PhaseKind, startsOn: String(r.starts_on), endsOn: (r.ends_on as string | null) ?? null }));
}

/** A project of this organization by id, with phases; drafts only for those who manage projects. */
export async function findProject(
  db: Db,
  organizationId: number,
  projectId: number,
  viewer: SessionUser | null,
): Promise<ProjectSummary | null> {
  const [row] = await db`
    select id, slug, title, status, kind from projects
    where id = ${projectId} and organization_id = ${organizationId}`;
  if (!row) return null;
  if (row.status === "draft" && !can(viewer, "project.manage", { organizationId })) return null;
  const phases = await loadPhases(db, projectId);
  const today = await todayInParis(db);
  return {
    id: Number(row.id),
    slug: String(row.slug),
    title: String(row.title),
    status: row.status as ProjectStatus,
    kind: row.kind as ProjectKind,
    phases,
    currentPhase: currentPhase(phases, today),
  };
}

export async function findProjectIdBySlug(db: Db, organizationId: number, slug: string): Promise<number | null> {
  const [row] = await db`select id from projects where organization_id = ${organizationId} and slug = ${slug}`;
  return row ? Number(row.id) : null;
}

/**
 * Everything a citizen contribution needs, checked on the server: logged in (else the login
 * page), then the projects' policy on the loaded state (role, e-mail confirmed, block, the
 * project's current phase open for this act), a refusal being the 403 page with its reason.
 */
export async function requireContribution(
  context: AppLoadContext,
  request: Request,
  projectId: number,
  act: CitizenAct,
  db: Db = pool,
): Promise<{ user: SessionUser; project: ProjectSummary }> {
  const user = requireUser(context, request);
  const project = await findProject(db, context.org.id, projectId, user);
  if (!project) notFound();
  // The one block check every act goes through (a deleted account counts as blocked there too).
  const actorBlocked = await isBlocked(db, context.org.id, user.id);
  const decision = decideProject(context.actor, act, { status: project.status, currentPhase: project.currentPhase, actorBlocked });
  if (!decision.allowed) forbidden(decision.reason);
  return { user, project };
}

/** Logged in, confirmed, not blocked, allowed to contribute in this organization (the projects' policy). */
export async function requireContributor(context: AppLoadContext, request: Request, db: Db = pool): Promise<SessionUser> {
  const user = requireUser(context, request);
  const decision = decideContributor(context.actor, await isBlocked(db, context.org.id, user.id));
  if (!decision.allowed) forbidden(decision.reason);
  return user;
}

// ---- pages: the home page's cards, the project page, the officials' area ----

/** The current phase of each project row `p`, computed in SQL as `currentPhase` does in TypeScript. */
export function currentPhaseJoin(db: Db) {
  return db`
    left join lateral (
      select last.kind from (
        select ph.kind, ph.ends_on from project_phases ph
        where ph.project_id = p.id and ph.organization_id = p.organization_id
          and ph.starts_on <= (now() at time zone 'Europe/Paris')::date
        order by ph.starts_on desc, array_position(array['information', 'co_construction', 'vote', 'results'], ph.kind) desc
        limit 1
      ) last
      where last.ends_on is null or last.ends_on >= (now() at time zone 'Europe/Paris')::date or last.kind = 'results'
    ) cur on true`;
}

export type ImageVariantRow = { width: number; height: number; key: string };

/** An image's variants as <img> attributes: the variant nearest above `width` as src, all in srcset. */
export function imageFromVariants(variants: unknown, alt: string | null, width: number): CoverImage | null {
  if (!Array.isArray(variants) || variants.length === 0) return null;
  const list = (variants as ImageVariantRow[])
    .filter((v) => v && typeof v.key === "string" && Number(v.width) > 0)
    .sort((a, b) => a.width - b.width);
  const chosen = list.find((v) => v.width >= width) ?? list.at(-1);
  if (!chosen) return null;
  return {
    src: uploadUrl(chosen.key),
    srcSet: list.map((v) => `${uploadUrl(v.key)} ${v.width}w`).join(", "),
    width: chosen.width,
    height: chosen.height,
    alt: alt ?? "",
  };
}

function uploadUrl(key: string) {
  return `/uploads/${key}`;
}

// The maps module reads the map settings; re-exported for the pages that load them with a project.
export { loadMapSettings } from "~/modules/maps/settings.server";

export const CARDS_PER_PAGE = 12;

export type { CoverImage, MapSettings, ProjectDocument };

export type ProjectCard = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  kind: ProjectKind;
  status: ProjectStatus;
  phase: PhaseKind | null;
  proposalsCount: number;
  cover: CoverImage | null;
  center: [number, number] | null;
};

export type ProjectFilters = { kind?: ProjectKind; phase?: PhaseKind; status: "published" | "archived"; page: number };

/** The home page's cards: ONE query (current phase, proposal count and cover in the same rows). */
export async function listPublicProjects(
  db: Db,
  organizationId: number,
  filters: ProjectFilters,
  perPage = CARDS_PER_PAGE,
): Promise<{ projects: ProjectCard[]; total: number; page: number; pageCount: number }> {
  const page = Math.max(1, filters.page);
  // Filtered by phase, every project's current phase is needed to choose the page; otherwise
  // only the page's twelve (the others are counted, not joined).
  const rows = filters.phase
    ? await db`
        select p.id, p.slug, p.title, p.summary, p.kind, p.status, p.center_lng, p.center_lat, p.cover_alt,
               u.variants as cover_variants, cur.kind as phase, p.proposals_count,
               count(*) over ()::int as total
        from projects p
        left join uploads u on u.id = p.cover_upload_id and u.organization_id = p.organization_id
        ${currentPhaseJoin(db)}
        where p.organization_id = ${organizationId}
          and p.status = ${filters.status}
          ${filters.kind ? db`and p.kind = ${filters.kind}` : db``}
          and cur.kind = ${filters.phase}
        order by p.published_at desc nulls last, p.id desc
        limit ${perPage} offset ${(page - 1) * perPage}`
    : await db`
        select p.id, p.slug, p.title, p.summary, p.kind, p.status, p.center_lng, p.center_lat, p.cover_alt,
               u.variants as cover_variants, cur.kind as phase, p.proposals_count, p.total
        from (
          select p.*, count(*) over ()::int as total
          from projects p
          where p.organization_id = ${organizationId}
            and p.status = ${filters.status}
            ${filters.kind ? db`and p.kind = ${filters.kind}` : db``}
          order by p.published_at desc nulls last, p.id desc
          limit ${perPage} offset ${(page - 1) * perPage}
        ) p
        left join uploads u on u.id = p.cover_upload_id and u.organization_id = p.organization_id
        ${currentPhaseJoin(db)}
        order by p.published_at desc nulls last, p.id desc`;
  let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  if (rows.length === 0 && page > 1) {
    // Past the last page (an old link): count, so that the pagination leads back.
    const [count] = await db`
      select count(*)::int as total from projects p ${currentPhaseJoin(db)}
      where p.organization_id = ${organizationId} and p.status = ${filters.status}
        ${filters.kind ? db`and p.kind = ${filters.kind}` : db``}
        ${filters.phase ? db`and cur.kind = ${filters.phase}` : db``}`;
    total = Number(count?.total ?? 0);
  }
  return {
    projects: rows.map((r) => ({
      id: Number(r.id),
      slug: String(r.slug),
      title: String(r.title),
      summary: String(r.summary),
      kind: r.kind as ProjectKind,
      status: r.status as ProjectStatus,
      phase: (r.phase as PhaseKind | null) ?? null,
      proposalsCount: Number(r.proposals_count),
      cover: imageFromVariants(r.cover_variants, r.cover_alt as string | null, 400),
      center: r.center_lng == null ? null : [Number(r.center_lng), Number(r.center_lat)],
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / perPage)),
  };
}

export type ProjectHeader = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  kind: ProjectKind;
  status: ProjectStatus;
  phases: Phase[];
  currentPhase: Phase | null;
  today: string;
  proposalsCount: number;
  debatesCount: number;
  followersCount: number;
  following: boolean;
};

/**
 * A project by slug with what every tab shows (phases, counts, the viewer's follow), in one query.
 * Drafts only for those who manage projects; null otherwise (a 404, whatever the reason).
 */
export async function loadProjectHeader(
  db: Db,
  organizationId: number,
  where: { slug: string } | { id: number },
  viewer: SessionUser | null,
  options: { counts?: boolean } = {},
): Promise<ProjectHeader | null> {
  const viewerId = viewer && viewer.organizationId === organizationId ? viewer.id : null;
  const counts =
    options.counts === false
      ? db`0 as proposals_count, 0 as debates_count, 0 as followers_count, false as following`
      : db`
           p.proposals_count, p.debates_count, p.followers_count,
           exists (select 1 from follows f where f.project_id = p.id and f.user_id = ${viewerId}) as following`;
  const [row] = await db`
    select p.id, p.slug, p.title, p.summary, p.kind, p.status,
           to_char((now() at time zone 'Europe/Paris')::date, 'YYYY-MM-DD') as today,
           (select coalesce(json_agg(json_build_object(
                     'kind', ph.kind,
                     'startsOn', to_char(ph.starts_on, 'YYYY-MM-DD'),
                     'endsOn', to_char(ph.ends_on, 'YYYY-MM-DD')) order by ph.starts_on, ph.id), '[]')
              from project_phases ph where ph.project_id = p.id and ph.organization_id = p.organization_id) as phases,
           ${counts}
    from projects p
    where p.organization_id = ${organizationId}
      and ${"slug" in where ? db`p.slug = ${where.slug}` : db`p.id = ${where.id}`}`;
  if (!row) return null;
  if (row.status === "draft" && !can(viewer, "project.manage", { organizationId })) return null;
  const phases = (row.phases as { kind: PhaseKind; startsOn: string; endsOn: string | null }[]).map((p) => ({
    kind: p.kind,
    startsOn: p.startsOn,
    endsOn: p.endsOn ?? null,
  }));
  const today = String(row.today);
  return {
    id: Number(row.id),
    slug: String(row.slug),
    title: String(row.title),
    summary: String(row.summary),
    kind: row.kind as ProjectKind,
    status: row.status as ProjectStatus,
    phases,
    currentPhase: currentPhase(phases, today),
    today,
    proposalsCount: Number(row.proposals_count),
    debatesCount: Number(row.debates_count),
    followersCount: Number(row.followers_count),
    following: Boolean(row.following),
  };
}

export type ProjectPresentation = {
  bodyHtml: string;
  cover: CoverImage | null;
  location: ParsedLocation | null;
  documents: ProjectDocument[];
};

/** What the presentation tab shows beyond the header: body, cover, place and documents, in one query. */
export async function loadProjectPresentation(db: Db, organizationId: number, projectId: number): Promise<ProjectPresentation | null> {
  const [row] = await db`
    select p.body_html, p.location, p.cover_alt, u.variants as cover_variants,
           (select coalesce(json_agg(json_build_object(
                     'id', d.id, 'title', d.title, 'key', du.storage_key, 'bytes', du.byte_size, 'pages', d.page_count)
                   order by d.position, d.id), '[]')
              from project_documents d
              join uploads du on du.id = d.upload_id and du.organization_id = d.organization_id
              where d.project_id = p.id and d.organization_id = p.organization_id) as documents
    from projects p
    left join uploads u on u.id = p.cover_upload_id and u.organization_id = p.organization_id
    where p.id = ${projectId} and p.organization_id = ${organizationId}`;
  if (!row) return null;
  return {
    bodyHtml: String(row.body_html),
    cover: imageFromVariants(row.cover_variants, row.cover_alt as string | null, 1600),
    location: locationFromStored(row.location),
    documents: readDocuments(row.documents),
  };
}

function readDocuments(raw: unknown): ProjectDocument[] {
  if (!Array.isArray(raw)) return [];
  return (raw as { id: number; title: string; key: string; bytes: number; pages: number | null }[]).map((d) => ({
    id: Number(d.id),
    title: String(d.title),
    url: uploadUrl(d.key),
    bytes: Number(d.bytes),
    pages: d.pages == null ? null : Number(d.pages),
  }));
}

export const MANAGE_PER_PAGE = 25;

export type ManagedProjectRow = {
  id: number;
  slug: string;
  title: string;
  status: ProjectStatus;
  phase: PhaseKind | null;
  updatedAt: Date;
};

/** The officials' table: every project of the organization, drafts included, last changed first. */
export async function listManagedProjects(
  db: Db,
  organizationId: number,
  page: number,
  perPage = MANAGE_PER_PAGE,
): Promise<{ projects: ManagedProjectRow[]; total: number; page: number; pageCount: number }> {
  const [{ total }] = (await db`select count(*)::int as total from projects where organization_id = ${organizationId}`) as unknown as [
    { total: number },
  ];
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await db`
    select p.id, p.slug, p.title, p.status, p.updated_at, cur.kind as phase
    from projects p ${currentPhaseJoin(db)}
    where p.organization_id = ${organizationId}
    order by p.updated_at desc, p.id desc
    limit ${perPage} offset ${(current - 1) * perPage}`;
  return {
    projects: rows.map((r) => ({
      id: Number(r.id),
      slug: String(r.slug),
      title: String(r.title),
      status: r.status as ProjectStatus,
      phase: (r.phase as PhaseKind | null) ?? null,
      updatedAt: r.updated_at as Date,
    })),
    total,
    page: current,
    pageCount,
  };
}

export type EditableProject = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  body: Record<string, unknown>;
  kind: ProjectKind;
  status: ProjectStatus;
  location: ParsedLocation | null;
  cover: CoverImage | null;
  phases: Phase[];
  documents: (ProjectDocument & { name: string })[];
  publishedAt: Date | null;
  archivedAt: Date | null;
  updatedAt: Date;
};

/** A project of this organization as the edit form needs it; null when it is not there (or not ours). */
export async function loadEditableProject(db: Db, organizationId: number, projectId: number): Promise<EditableProject | null> {
  if (!Number.isSafeInteger(projectId) || projectId <= 0) return null;
  const [row] = await db`
    select p.id, p.slug, p.title, p.summary, p.body, p.kind, p.status, p.location, p.cover_alt,
           p.published_at, p.archived_at, p.updated_at, u.variants as cover_variants,
           (select coalesce(json_agg(json_build_object(
                     'kind', ph.kind,
                     'startsOn', to_char(ph.starts_on, 'YYYY-MM-DD'),
                     'endsOn', to_char(ph.ends_on, 'YYYY-MM-DD')) order by ph.starts_on, ph.id), '[]')
              from project_phases ph where ph.project_id = p.id and ph.organization_id = p.organization_id) as phases,
           (select coalesce(json_agg(json_build_object(
                     'id', d.id, 'title', d.title, 'key', du.storage_key, 'bytes', du.byte_size, 'pages', d.page_count,
                     'name', du.original_name)
                   order by d.position, d.id), '[]')
              from project_documents d
              join uploads du on du.id = d.upload_id and du.organization_id = d.organization_id
              where d.project_id = p.id and d.organization_id = p.organization_id) as documents
    from projects p
    left join uploads u on u.id = p.cover_upload_id and u.organization_id = p.organization_id
    where p.id = ${projectId} and p.organization_id = ${organizationId}`;
  if (!row) return null;
  const names = new Map((row.documents as { id: number; name: string }[]).map((d) => [Number(d.id), String(d.name)]));
  return {
    id: Number(row.id),
    slug: String(row.slug),
    title: String(row.title),
    summary: String(row.summary),
    body: row.body as Record<string, unknown>,
    kind: row.kind as ProjectKind,
    status: row.status as ProjectStatus,
    location: locationFromStored(row.location),
    cover: imageFromVariants(row.cover_variants, row.cover_alt as string | null, 400),
    phases: (row.phases as { kind: PhaseKind; startsOn: string; endsOn: string | null }[]).map((p) => ({
      kind: p.kind,
      startsOn: p.startsOn,
      endsOn: p.endsOn ?? null,
    })),
    documents: readDocuments(row.documents).map((d) => ({ ...d, name: names.get(d.id) ?? "" })),
    publishedAt: (row.published_at as Date | null) ?? null,
    archivedAt: (row.archived_at as Date | null) ?? null,
    updatedAt: row.updated_at as Date,
  };
}
