// Reading debates: the list of a project and one debate, hidden ones as the visibility rule says.
// Debates: questions an official opens on a project; citizens answer in comments while the phase
// allows it and the debate is open; the official closes it with a written conclusion (commands.server.ts).
import type { SessionUser } from "~/modules/auth/session.server";
import { actorOf } from "~/modules/auth/actor";
import { hiddenRowsFilter } from "~/modules/targets/visibility.server";
import type { Db } from "~/utils/db.server";

export const DEBATES_PER_PAGE = 20;

export type DebateCard = {
  id: number;
  title: string;
  excerpt: string;
  closed: boolean;
  commentsCount: number;
  createdAt: string;
  /** Hidden by moderation: listed (and marked) for moderators and officials only. */
  hidden: boolean;
};

/** A page of the project's debates, newest first (keyset on debates_project_idx), in one query. */
export async function listDebates(
  db: Db,
  organizationId: number,
  projectId: number,
  options: { after: number | null; viewer: SessionUser | null },
): Promise<{ debates: DebateCard[]; next: string | null }> {
  // The one visibility rule: hidden debates for moderators and admins, else only one's own.
  const hiddenFilter = hiddenRowsFilter(db, actorOf(organizationId, options.viewer), "debate", "d");
  const rows = await db`
    select id, title, left(description, 241) as excerpt, closed_at, comments_count, created_at, hidden_at is not null as hidden
    from debates d
    where project_id = ${projectId} and organization_id = ${organizationId}
      ${hiddenFilter}
      ${options.after ? db`and id < ${options.after}` : db``}
    order by id desc
    limit ${DEBATES_PER_PAGE + 1}`;
  const page = rows.slice(0, DEBATES_PER_PAGE);
  const debates = page.map((r) => {
    const text = String(r.excerpt ?? "").replace(/\s+/g, " ").trim();
    return {
      id: Number(r.id),
      title: String(r.title),
      excerpt: text.length > 240 ? `${text.slice(0, 239).trimEnd()}…` : text,
      closed: r.closed_at != null,
      commentsCount: Number(r.comments_count),
      createdAt: (r.created_at as Date).toISOString(),
      hidden: Boolean(r.hidden),
    };
  });
  return { debates, next: rows.length > DEBATES_PER_PAGE ? String(debates.at(-1)!.id) : null };
}

export type DebatePage = {
  id: number;
  projectId: number;
  authorId: number;
  title: string;
  description: string;
  conclusion: string | null;
  closedAt: string | null;
  authorName: string | null;
  createdAt: string;
  commentsCount: number;
  hidden: boolean;
};

export async function findDebate(db: Db, organizationId: number, projectId: number, debateId: number): Promise<DebatePage | null> {
  if (!Number.isSafeInteger(debateId) || debateId <= 0) return null;
  const [row] = await db`
    select d.id, d.project_id, d.author_id, d.title, d.description, d.conclusion, d.closed_at, d.created_at, d.comments_count,
           d.hidden_at, u.name as author_name
    from debates d join users u on u.id = d.author_id
    where d.id = ${debateId} and d.project_id = ${projectId} and d.organization_id = ${organizationId}`;
  if (!row) return null;
  return {
    id: Number(row.id),
    projectId: Number(row.project_id),
    authorId: Number(row.author_id),
    title: String(row.title),
    description: String(row.description),
    conclusion: (row.conclusion as string | null) ?? null,
    closedAt: row.closed_at ? (row.closed_at as Date).toISOString() : null,
    authorName: (row.author_name as string | null) ?? null,
    createdAt: (row.created_at as Date).toISOString(),
    commentsCount: Number(row.comments_count),
    hidden: row.hidden_at != null,
  };
}
