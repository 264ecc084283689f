// Reading proposals: the project's list (newest and most supported pages by keyset on the
// partial indexes, random order by offset with a per-visitor seed) and one proposal's page.
import crypto from "node:crypto";
import type { SessionUser } from "~/modules/auth/session.server";
import { actorOf, type Actor } from "~/modules/auth/actor";
import { hiddenRowsFilter } from "~/modules/targets/visibility.server";
import { hiddenItemsFor } from "~/modules/targets/visibility";
import type { Db } from "~/utils/db.server";
import { EDIT_WINDOW_MINUTES, type ProposalSort, type ProposalStatus } from "./schema";

export const PROPOSALS_PER_PAGE = 20;

export type ProposalCard = {
  id: number;
  title: string;
  excerpt: string;
  status: ProposalStatus;
  authorName: string | null;
  supportsCount: number;
  commentsCount: number;
  createdAt: string;
  place: [number, number] | null;
  /** Hidden by moderation: listed only for its author, moderators and admins (the one visibility rule). */
  hidden: boolean;
};

export type ProposalListQuery = {
  sort: ProposalSort;
  status: ProposalStatus | null;
  /** Keyset cursor: "id" (newest) or "supports.id" (most supported). */
  after: string | null;
  /** Random order: page number (1-based) and the visitor's seed. */
  page: number;
  seed: string;
};

export type ProposalListPage = {
  proposals: ProposalCard[];
  /** The cursor (keyset sorts) or page number (random) of the next page; null on the last. */
  next: string | null;
  total: number;
};

const SEED = /^[a-f0-9]{8,32}$/;

/** The cookie that keeps a visitor's random order stable (the page cache varies on it too). */
export const SEED_COOKIE = "maquette_seed";

export function isSeed(value: unknown): value is string {
  return typeof value === "string" && SEED.test(value);
}

export function newSeed(): string {
  return crypto.randomBytes(6).toString("hex");
}

const EXCERPT = 240;

/**
 * One page of a project's proposals the actor may see (the one visibility rule: hidden ones for
 * their author, moderators and admins; `actor` null: as an anonymous visitor): ONE query.
 */
export async function listProposals(
  db: Db,
  organizationId: number,
  projectId: number,
  query: ProposalListQuery,
  actor: Actor | null = null,
): Promise<ProposalListPage> {
  const limit = PROPOSALS_PER_PAGE + 1;
  // Fragments are made anew for each place they go in.
  const statusFilter = () => (query.status ? db`and p.status = ${query.status}` : db``);
  let order: () => ReturnType<Db>;
  let keyset = () => db``;
  let offset = 0;
  if (query.sort === "supported") {
    const [count, id] = (query.after ?? "").split(".").map(Number);
    if (query.after && Number.isSafeInteger(count) && Number.isSafeInteger(id)) keyset = () => db`and (p.supports_count, p.id) < (${count!}, ${id!})`;
    order = () => db`p.supports_count desc, p.id desc`;
  } else if (query.sort === "random") {
    order = () => db`md5(p.id::text || ${query.seed}), p.id`;
    offset = (Math.max(1, query.page) - 1) * PROPOSALS_PER_PAGE;
  } else {
    const id = Number(query.after);
    if (query.after && Number.isSafeInteger(id)) keyset = () => db`and p.id < ${id}`;
    order = () => db`p.id desc`;
  }
  const viewer = actor ?? actorOf(organizationId, null);
  const hidden = hiddenItemsFor(viewer);
  const ownHidden = !hidden.all && hidden.authorId != null ? hidden.authorId : null;
  // A member's list holds the visible proposals and their own hidden ones. Read as one `or`, that
  // is every proposal of the project, sorted (the indexes hold visible rows only: 30 ms for
  // 10,000 proposals); read as the visible page (an index scan) plus the member's hidden ones (by
  // author), it is the same rows in a fraction of a millisecond.
  const source =
    ownHidden == null
      ? db`(select * from proposals p
            where p.project_id = ${projectId} and p.organization_id = ${organizationId}
              ${hiddenRowsFilter(db, viewer, "proposal", "p")} ${statusFilter()} ${keyset()})`
      : db`((select * from proposals p
             where p.project_id = ${projectId} and p.organization_id = ${organizationId} and p.hidden_at is null
               ${statusFilter()} ${keyset()}
             order by ${order()} limit ${limit + offset})
            union all
            (select * from proposals p
             where p.author_id = ${ownHidden} and p.project_id = ${projectId} and p.organization_id = ${organizationId}
               and p.hidden_at is not null ${statusFilter()} ${keyset()}))`;
  const rows = await db`
    select p.id, p.title, left(p.body_text, ${EXCERPT + 1}) as excerpt, p.status, p.supports_count, p.comments_count,
           p.created_at, p.lng, p.lat, u.name as author_name, p.hidden_at is not null as hidden
    from ${source} p join users u on u.id = p.author_id
    order by ${order()}
    limit ${limit} offset ${offset}`;
  const more = rows.length > PROPOSALS_PER_PAGE;
  const page = rows.slice(0, PROPOSALS_PER_PAGE);
  const proposals = page.map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    excerpt: truncate(String(r.excerpt ?? "")),
    status: r.status as ProposalStatus,
    authorName: (r.author_name as string | null) ?? null,
    supportsCount: Number(r.supports_count),
    commentsCount: Number(r.comments_count),
    createdAt: (r.created_at as Date).toISOString(),
    place: r.lng == null ? null : ([Number(r.lng), Number(r.lat)] as [number, number]),
    hidden: Boolean(r.hidden),
  }));
  const last = proposals.at(-1);
  let next: string | null = null;
  if (more && last) {
    next = query.sort === "supported" ? `${last.supportsCount}.${last.id}` : query.sort === "random" ? String(Math.max(1, query.page) + 1) : String(last.id);
  }
  const total = await countProposals(db, organizationId, projectId, query.status);
  return { proposals, next, total };
}

/** The count the list heading shows (a keyset page cannot carry it: its window starts at the cursor). */
export async function countProposals(db: Db, organizationId: number, projectId: number, status: ProposalStatus | null): Promise<number> {
  // Unfiltered: the counter a trigger keeps on the project (migration 00007); by status: the index.
  const [row] = status
    ? await db`
        select count(*)::int as count from proposals
        where project_id = ${projectId} and organization_id = ${organizationId} and hidden_at is null and status = ${status}`
    : await db`select proposals_count as count from projects where id = ${projectId} and organization_id = ${organizationId}`;
  return Number(row?.count ?? 0);
}

function truncate(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1).trimEnd()}…` : flat;
}

export type ProposalPage = {
  id: number;
  projectId: number;
  title: string;
  bodyHtml: string;
  status: ProposalStatus;
  authorId: number;
  authorName: string | null;
  createdAt: string;
  place: [number, number] | null;
  answerText: string | null;
  answeredAt: string | null;
  supportsCount: number;
  commentsCount: number;
  hidden: boolean;
  /** The viewer supports it. */
  supported: boolean;
  /** The author may still edit it now (15 minutes, no support, not withdrawn or hidden). */
  editable: boolean;
  editableUntil: string;
};

/** A proposal of this project and organization, with the viewer's support, in one query. */
export async function findProposal(
  db: Db,
  organizationId: number,
  projectId: number,
  proposalId: number,
  viewer: SessionUser | null,
): Promise<ProposalPage | null> {
  if (!Number.isSafeInteger(proposalId) || proposalId <= 0) return null;
  const viewerId = viewer && viewer.organizationId === organizationId ? viewer.id : null;
  const [row] = await db`
    select p.id, p.project_id, p.title, p.body_html, p.status, p.author_id, u.name as author_name, p.created_at,
           p.lng, p.lat, p.answer_text, p.answered_at, p.supports_count, p.comments_count, p.hidden_at,
           p.created_at + make_interval(mins => ${EDIT_WINDOW_MINUTES}) as editable_until,
           (p.created_at > now() - make_interval(mins => ${EDIT_WINDOW_MINUTES}) and p.supports_count = 0
             and p.status = 'submitted' and p.hidden_at is null) as editable,
           exists (select 1 from supports s where s.proposal_id = p.id and s.user_id = ${viewerId}) as supported
    from proposals p join users u on u.id = p.author_id
    where p.id = ${proposalId} and p.project_id = ${projectId} and p.organization_id = ${organizationId}`;
  if (!row) return null;
  return {
    id: Number(row.id),
    projectId: Number(row.project_id),
    title: String(row.title),
    bodyHtml: String(row.body_html),
    status: row.status as ProposalStatus,
    authorId: Number(row.author_id),
    authorName: (row.author_name as string | null) ?? null,
    createdAt: (row.created_at as Date).toISOString(),
    place: row.lng == null ? null : [Number(row.lng), Number(row.lat)],
    answerText: (row.answer_text as string | null) ?? null,
    answeredAt: row.answered_at ? (row.answered_at as Date).toISOString() : null,
    supportsCount: Number(row.supports_count),
    commentsCount: Number(row.comments_count),
    hidden: row.hidden_at != null,
    supported: Boolean(row.supported),
    editable: Boolean(row.editable) && viewerId === Number(row.author_id),
    editableUntil: (row.editable_until as Date).toISOString(),
  };
}

export type EditableProposal = {
  id: number;
  title: string;
  body: Record<string, unknown>;
  place: [number, number] | null;
  editable: boolean;
  editableUntil: string;
};

/** The author's own proposal, as the edit form needs it. */
export async function findEditableProposal(
  db: Db,
  organizationId: number,
  projectId: number,
  proposalId: number,
  authorId: number,
): Promise<EditableProposal | null> {
  if (!Number.isSafeInteger(proposalId) || proposalId <= 0) return null;
  const [row] = await db`
    select id, title, body, lng, lat,
           created_at + make_interval(mins => ${EDIT_WINDOW_MINUTES}) as editable_until,
           (created_at > now() - make_interval(mins => ${EDIT_WINDOW_MINUTES}) and supports_count = 0
             and status = 'submitted' and hidden_at is null) as editable
    from proposals
    where id = ${proposalId} and project_id = ${projectId} and organization_id = ${organizationId} and author_id = ${authorId}`;
  if (!row) return null;
  return {
    id: Number(row.id),
    title: String(row.title),
    body: row.body as Record<string, unknown>,
    place: row.lng == null ? null : [Number(row.lng), Number(row.lat)],
    editable: Boolean(row.editable),
    editableUntil: (row.editable_until as Date).toISOString(),
  };
}
