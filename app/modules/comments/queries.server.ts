// Reading comment threads: a keyset-paginated page of top-level comments with their first
// replies (two levels) loaded in ONE query for the whole page, or one comment "in focus" with a
// page of its replies. Fast with thousands of comments: comments_roots_idx and comments_replies_idx.
import { actorOf, type Actor } from "~/modules/auth/actor";
import type { SessionUser } from "~/modules/auth/session.server";
import { decideSee } from "~/modules/targets/visibility";
import type { ProjectSummary } from "~/modules/projects/queries.server";
import { commentsCountOf } from "~/modules/targets/registry.server";
import type { Db } from "~/utils/db.server";
import { decide as decideComment, type CommentTargetState } from "./policy";
import {
  alignmentFromDb,
  focusPage,
  MAX_DEPTH,
  type CommentTarget,
  type CommentThread,
  type ThreadComment,
} from "./schema";

export const ROOTS_PER_PAGE = 20;
/** Replies shown under each top-level comment of a list page, and under each reply. */
export const REPLIES_SHOWN = 3;
/** Replies per page under a focused comment, and the replies shown under each of them. */
export const FOCUS_REPLIES_PER_PAGE = 50;
export const FOCUS_GRANDCHILDREN_SHOWN = 10;

export type ParsedPage =
  | { mode: "list"; order: "newest" | "oldest"; cursor: number | null }
  | { mode: "focus"; commentId: number; after: number | null };

const ID = /^[1-9][0-9]{0,17}$/;

/** The thread's page parameter; anything unexpected is the first page. */
export function parseCommentPage(page: string | null | undefined): ParsedPage {
  const raw = (page ?? "").trim();
  const parts = raw.split(".");
  if (parts[0] === "f" && parts[1] && ID.test(parts[1]) && (parts.length === 2 || (parts.length === 3 && ID.test(parts[2]!)))) {
    return { mode: "focus", commentId: Number(parts[1]), after: parts[2] ? Number(parts[2]) : null };
  }
  if ((parts[0] === "n" || parts[0] === "o") && parts.length <= 2) {
    const cursor = parts[1] && ID.test(parts[1]) ? Number(parts[1]) : null;
    return { mode: "list", order: parts[0] === "o" ? "oldest" : "newest", cursor };
  }
  return { mode: "list", order: "newest", cursor: null };
}

type Row = {
  id: string;
  parent_id: string | null;
  depth: number;
  author_id: string;
  author_name: string | null;
  body: string;
  alignment: number;
  replies_count: number;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
};

function toComment(row: Row, viewer: SessionUser | null, actor: Actor): ThreadComment {
  const mine = viewer != null && Number(row.author_id) === viewer.id;
  const state = row.deleted_at ? "deleted" : row.hidden_at ? "hidden" : "visible";
  // The one visibility rule (the thread's target was checked by the page: its project is seen).
  const readable = decideSee(actor, { authorId: Number(row.author_id), hidden: state === "hidden", deleted: state === "deleted", projectStatus: "published" }).allowed;
  return {
    id: Number(row.id),
    parentId: row.parent_id == null ? null : Number(row.parent_id),
    depth: Number(row.depth),
    authorName: state === "deleted" ? null : row.author_name,
    state,
    body: readable ? row.body : null,
    alignment: alignmentFromDb(Number(row.alignment)),
    repliesCount: Number(row.replies_count),
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at ? row.edited_at.toISOString() : null,
    mine: mine && state !== "deleted",
    replies: [],
    moreReplies: false,
  };
}

/** Two levels of replies under `parentIds`, `first` and `second` per parent, in one query. */
async function loadReplies(db: Db, organizationId: number, parentIds: number[], first: number, second: number): Promise<Row[]> {
  if (parentIds.length === 0) return [];
  const rows = await db`
    with l1 as (
      select c.* from unnest(${parentIds}::bigint[]) as p(id)
      cross join lateral (
        select id, parent_id, depth, author_id, body, alignment, replies_count, created_at, edited_at, deleted_at, hidden_at
        from comments
        where parent_id = p.id and organization_id = ${organizationId}
        order by id limit ${first}
      ) c
    ), l2 as (
      select c.* from l1
      cross join lateral (
        select id, parent_id, depth, author_id, body, alignment, replies_count, created_at, edited_at, deleted_at, hidden_at
        from comments
        where parent_id = l1.id and organization_id = ${organizationId}
        order by id limit ${second}
      ) c
      where l1.replies_count > 0
    )
    select x.*, u.name as author_name
    from (select * from l1 union all select * from l2) x
    join users u on u.id = x.author_id
    order by x.id`;
  return rows as unknown as Row[];
}

/** Hangs the replies under their parents (rows sorted by id: parents come before children). */
function attachReplies(parents: ThreadComment[], rows: Row[], viewer: SessionUser | null, actor: Actor) {
  const byId = new Map<number, ThreadComment>();
  for (const p of parents) byId.set(p.id, p);
  for (const row of rows) {
    const comment = toComment(row, viewer, actor);
    byId.set(comment.id, comment);
    const parent = comment.parentId == null ? undefined : byId.get(comment.parentId);
    parent?.replies.push(comment);
  }
  const mark = (c: ThreadComment) => {
    c.moreReplies = c.depth < MAX_DEPTH && c.repliesCount > c.replies.length;
    c.replies.forEach(mark);
  };
  parents.forEach((p) => p.replies.forEach(mark));
}

const SELECT = (db: Db) => db`
  c.id, c.parent_id, c.depth, c.author_id, u.name as author_name, c.body, c.alignment, c.replies_count,
  c.created_at, c.edited_at, c.deleted_at, c.hidden_at`;

/**
 * One page of a target's comment thread. `page` is the COMMENTS_PARAM search parameter.
 * The caller has already checked that the viewer may see the target; every query also filters
 * on the organization.
 */
export async function loadCommentThread(
  db: Db,
  input: { organizationId: number; target: CommentTarget; viewer: SessionUser | null; page?: string | null },
): Promise<CommentThread> {
  const { organizationId, target, viewer } = input;
  const actor = actorOf(organizationId, viewer);
  const parsed = parseCommentPage(input.page);
  // The target's counter (kept by the comment commands, or by a trigger for a project's own).
  const total = await commentsCountOf(db, organizationId, target);

  if (parsed.mode === "focus") {
    const [focusRow] = await db`
      select ${SELECT(db)} from comments c join users u on u.id = c.author_id
      where c.id = ${parsed.commentId} and c.organization_id = ${organizationId}
        and c.target_type = ${target.type} and c.target_id = ${target.id}`;
    if (focusRow) {
      const focus = toComment(focusRow as unknown as Row, viewer, actor);
      const children = (await db`
        select ${SELECT(db)} from comments c join users u on u.id = c.author_id
        where c.parent_id = ${focus.id} and c.organization_id = ${organizationId} and c.id > ${parsed.after ?? 0}
        order by c.id limit ${FOCUS_REPLIES_PER_PAGE + 1}`) as unknown as Row[];
      const more = children.length > FOCUS_REPLIES_PER_PAGE;
      const pageRows = children.slice(0, FOCUS_REPLIES_PER_PAGE);
      focus.replies = pageRows.map((r) => toComment(r, viewer, actor));
      const grandchildren = (await loadRepliesOneLevel(db, organizationId, focus.replies, FOCUS_GRANDCHILDREN_SHOWN)) as Row[];
      attachReplies(focus.replies, grandchildren, viewer, actor);
      for (const c of focus.replies) c.moreReplies = c.depth < MAX_DEPTH && c.repliesCount > c.replies.length;
      focus.moreReplies = false;
      const page = focusPage(focus.id, parsed.after);
      return {
        target,
        total,
        order: "oldest",
        mode: "focus",
        page,
        comments: [],
        focus: { ...focus, parentFocusPage: focus.parentId ? focusPage(focus.parentId) : null },
        nextPage: more ? focusPage(focus.id, Number(pageRows.at(-1)!.id)) : null,
        firstPage: parsed.after ? focusPage(focus.id) : null,
      };
    }
  }

  const order = parsed.mode === "list" ? parsed.order : "newest";
  const cursor = parsed.mode === "list" ? parsed.cursor : null;
  // A root deleted by its author stays while it has replies.
  const roots = (await db`
    select ${SELECT(db)} from comments c join users u on u.id = c.author_id
    where c.target_type = ${target.type} and c.target_id = ${target.id} and c.parent_id is null
      and c.organization_id = ${organizationId}
      and (c.deleted_at is null or c.replies_count > 0)
      ${cursor == null ? db`` : order === "newest" ? db`and c.id < ${cursor}` : db`and c.id > ${cursor}`}
    order by ${order === "newest" ? db`c.id desc` : db`c.id asc`}
    limit ${ROOTS_PER_PAGE + 1}`) as unknown as Row[];
  const more = roots.length > ROOTS_PER_PAGE;
  const comments = roots.slice(0, ROOTS_PER_PAGE).map((r) => toComment(r, viewer, actor));
  const withReplies = comments.filter((c) => c.repliesCount > 0).map((c) => c.id);
  attachReplies(comments, await loadReplies(db, organizationId, withReplies, REPLIES_SHOWN, REPLIES_SHOWN), viewer, actor);
  for (const c of comments) c.moreReplies = c.repliesCount > c.replies.length;
  const prefix = order === "newest" ? "n" : "o";
  const firstOfOrder = order === "newest" ? "" : "o";
  return {
    target,
    total,
    order,
    mode: "list",
    page: cursor == null ? firstOfOrder : `${prefix}.${cursor}`,
    comments,
    focus: null,
    nextPage: more ? `${prefix}.${comments.at(-1)!.id}` : null,
    firstPage: cursor == null ? null : firstOfOrder,
  };
}

/** One level of replies under each of `parents`, `limit` each, in one query. */
async function loadRepliesOneLevel(db: Db, organizationId: number, parents: ThreadComment[], limit: number) {
  const ids = parents.filter((p) => p.repliesCount > 0 && p.depth < MAX_DEPTH).map((p) => p.id);
  if (ids.length === 0) return [];
  return db`
    select c.*, u.name as author_name
    from unnest(${ids}::bigint[]) as p(id)
    cross join lateral (
      select id, parent_id, depth, author_id, body, alignment, replies_count, created_at, edited_at, deleted_at, hidden_at
      from comments
      where parent_id = p.id and organization_id = ${organizationId}
      order by id limit ${limit}
    ) c
    join users u on u.id = c.author_id
    order by c.id`;
}

export type CommentAvailability = { canComment: boolean; closedReason: string | null };

/**
 * Whether the actor may comment on a target now, and if not, why (an i18n key): the comments'
 * policy on the state the page loaded (the target's, the project's phase, the actor's block).
 */
export function commentAvailability(
  actor: Actor,
  input: { project: Pick<ProjectSummary, "status" | "currentPhase">; target: CommentTargetState; actorBlocked: boolean },
): CommentAvailability {
  const project = { status: input.project.status, currentPhase: input.project.currentPhase, actorBlocked: input.actorBlocked };
  const decision = decideComment(actor, "comment", { project, target: input.target });
  return decision.allowed ? { canComment: true, closedReason: null } : { canComment: false, closedReason: decision.reason };
}
