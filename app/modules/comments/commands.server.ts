// Writing comments: post (with the parent locked so that a reply and a deletion never cross),
// edit and delete one's own, on any kind of target the registry says takes comments. Each command
// keeps `replies_count`, and the target's comments counter (unless a trigger keeps it, as for a
// project's own), in the same transaction. Every statement names the organization.
import type { Actor } from "~/modules/auth/actor";
import { actsAs } from "~/modules/auth/member-actor";
import { inTransaction, recordEvent } from "~/modules/events/outbox.server";
import { notify } from "~/modules/notifications/notify.server";
import { allowsAct, bumpCommentsCount, loadTarget, type TargetState } from "~/modules/targets/registry.server";
import type { Db, Sql } from "~/utils/db.server";
import type { CommentState } from "./policy";
import { alignmentToDb, commentAnchor, COMMENTS_PARAM, focusPage, MAX_DEPTH, type Alignment, type CommentTarget } from "./schema";

/** A target that takes comments, as the registry loads it (its page, title, state, project). */
export type ResolvedTarget = TargetState;

/** The target of a comment inside this organization, or null (unknown, not commentable, elsewhere). */
export async function findCommentTarget(db: Db, organizationId: number, target: CommentTarget): Promise<ResolvedTarget | null> {
  if (!allowsAct(target.type, "comment")) return null;
  return loadTarget(db, organizationId, target);
}

/** The comment's target, for the edit and delete actions (which receive only the comment id). */
export async function findTargetOfComment(db: Db, organizationId: number, commentId: number): Promise<ResolvedTarget | null> {
  const [row] = await db`select target_type, target_id from comments where id = ${commentId} and organization_id = ${organizationId}`;
  if (!row) return null;
  return findCommentTarget(db, organizationId, { type: String(row.target_type), id: Number(row.target_id) });
}

/** A comment's state, for the comments' policy (whose it is, hidden, deleted, how deep). */
export async function findCommentState(db: Db, organizationId: number, commentId: number): Promise<CommentState | null> {
  const [row] = await db`
    select author_id, hidden_at, deleted_at, depth from comments where id = ${commentId} and organization_id = ${organizationId}`;
  if (!row) return null;
  return { authorId: Number(row.author_id), hidden: row.hidden_at != null, deleted: row.deleted_at != null, depth: Number(row.depth) };
}

/** Where a comment is shown after an act: the page of its parent's replies, at the comment. */
export function commentLocation(target: ResolvedTarget, comment: { id: number; parentId: number | null }, parentRepliesCount = 0): string {
  const anchor = commentAnchor(comment.id);
  if (comment.parentId == null) return `${target.path}#${anchor}`;
  // The focused view pages replies 50 at a time in id order: a new reply past the first page is
  // shown from just before it.
  const page = parentRepliesCount > 50 ? focusPage(comment.parentId, comment.id - 1) : focusPage(comment.parentId);
  return `${target.path}?${COMMENTS_PARAM}=${page}#${anchor}`;
}

/** The focused view of one comment (with its replies), wherever it sits in the thread. */
export function focusLocation(target: ResolvedTarget, commentId: number): string {
  return `${target.path}?${COMMENTS_PARAM}=${focusPage(commentId)}#${commentAnchor(commentId)}`;
}

export type CreateResult =
  | { ok: true; id: number; parentId: number | null; location: string }
  | { ok: false; error: "notFound" | "tooDeep" | "parentGone" };

export async function createComment(
  sql: Sql,
  actor: Actor,
  input: {
    target: ResolvedTarget;
    parentId: number | null;
    body: string;
    alignment: Alignment;
    origin: string;
  },
): Promise<CreateResult> {
  const by = actsAs(actor);
  if (input.target.organizationId !== by.organizationId) throw new Error("a target of another organization");
  const { target } = input;
  return sql.begin(async (tx) => {
    let depth = 0;
    let parentAuthor: number | null = null;
    let parentReplies = 0;
    if (input.parentId != null) {
      // Locked: a deletion of the parent waits for this reply (and then keeps the parent).
      const [parent] = await tx`
        select id, depth, author_id, replies_count, deleted_at, hidden_at from comments
        where id = ${input.parentId} and organization_id = ${target.organizationId}
          and target_type = ${target.type} and target_id = ${target.id}
        for update`;
      if (!parent) return { ok: false, error: "notFound" } as const;
      if (parent.deleted_at || parent.hidden_at) return { ok: false, error: "parentGone" } as const;
      if (Number(parent.depth) >= MAX_DEPTH) return { ok: false, error: "tooDeep" } as const;
      depth = Number(parent.depth) + 1;
      parentAuthor = Number(parent.author_id);
      parentReplies = Number(parent.replies_count) + 1;
    }
    const [row] = await tx`
      insert into comments (organization_id, project_id, target_type, target_id, parent_id, depth, author_id, body, alignment)
      values (${target.organizationId}, ${target.projectId}, ${target.type}, ${target.id}, ${input.parentId}, ${depth},
              ${by.userId}, ${input.body}, ${depth === 0 ? alignmentToDb(input.alignment) : 0})
      returning id`;
    const id = Number(row!.id);
    if (input.parentId != null) {
      await tx`update comments set replies_count = replies_count + 1 where id = ${input.parentId} and organization_id = ${target.organizationId}`;
    }
    await bumpCommentsCount(tx, target, 1);
    await recordEvent(tx, {
      type: "comment.posted",
      organizationId: target.organizationId,
      projectId: target.projectId,
      payload: { targetType: target.type, targetId: target.id, commentId: id, parentId: input.parentId },
    });
    const location = commentLocation(target, { id, parentId: input.parentId }, parentReplies);
    if (parentAuthor != null && parentAuthor !== by.userId) {
      await notify(tx, {
        organizationId: target.organizationId,
        userId: parentAuthor,
        kind: "comment_reply",
        data: { path: location, targetTitle: target.title },
        author: { id: by.userId, name: by.name },
        origin: input.origin,
      });
    }
    return { ok: true, id, parentId: input.parentId, location } as const;
  }) as Promise<CreateResult>;
}

export type EditResult = { ok: true; location: string } | { ok: false; error: "notEditable" };

/** The author's own, neither deleted nor hidden: checked in the UPDATE itself. */
export async function editComment(
  db: Db,
  actor: Actor,
  input: { target: ResolvedTarget; commentId: number; body: string; alignment?: Alignment },
): Promise<EditResult> {
  const by = actsAs(actor);
  if (input.target.organizationId !== by.organizationId) throw new Error("a target of another organization");
  const alignment = input.alignment ? alignmentToDb(input.alignment) : null;
  const { target } = input;
  // The edit and its event commit together.
  return inTransaction(db, async (tx) => {
    const [row] = await tx`
      update comments set body = ${input.body}, edited_at = now(),
        alignment = case when depth = 0 and ${alignment}::smallint is not null then ${alignment}::smallint else alignment end
      where id = ${input.commentId} and organization_id = ${target.organizationId} and author_id = ${by.userId}
        and deleted_at is null and hidden_at is null
      returning id`;
    if (!row) return { ok: false, error: "notEditable" } as const;
    await recordEvent(tx, {
      type: "comment.edited",
      organizationId: target.organizationId,
      projectId: target.projectId,
      payload: { targetType: target.type, targetId: target.id, commentId: Number(row.id) },
    });
    return { ok: true, location: focusLocation(target, Number(row.id)) } as const;
  });
}

export type DeleteResult = { ok: true; removed: "row" | "soft"; location: string } | { ok: false; error: "notFound" };

/**
 * The author's own comment: with replies, it stays as "Commentaire supprimé" for them, its text
 * erased (nothing can show it any more); without, it goes, and so do deleted ancestors left
 * without replies.
 */
export async function deleteComment(
  sql: Sql,
  actor: Actor, input: { target: ResolvedTarget; commentId: number }): Promise<DeleteResult> {
  const by = actsAs(actor);
  if (input.target.organizationId !== by.organizationId) throw new Error("a target of another organization");
  const { target } = input;
  return sql.begin(async (tx) => {
    const [comment] = await tx`
      select id, parent_id, replies_count from comments
      where id = ${input.commentId} and organization_id = ${target.organizationId} and author_id = ${by.userId}
        and deleted_at is null
      for update`;
    if (!comment) return { ok: false, error: "notFound" } as const;
    const parentId = comment.parent_id == null ? null : Number(comment.parent_id);
    const back = parentId == null ? `${target.path}#comments` : focusLocation(target, parentId);
    await bumpCommentsCount(tx, target, -1);
    await recordEvent(tx, {
      type: "comment.deleted",
      organizationId: target.organizationId,
      projectId: target.projectId,
      payload: { targetType: target.type, targetId: target.id, commentId: Number(comment.id) },
    });
    if (Number(comment.replies_count) > 0) {
      await tx`
        update comments set deleted_at = now(), body = ''
        where id = ${comment.id} and organization_id = ${target.organizationId}`;
      return { ok: true, removed: "soft", location: focusLocation(target, Number(comment.id)) } as const;
    }
    await tx`delete from comments where id = ${comment.id} and organization_id = ${target.organizationId}`;
    // Walk up: a parent deleted earlier and now without replies goes too.
    let next = parentId;
    let location = back;
    while (next != null) {
      const [parent] = await tx`
        update comments set replies_count = greatest(replies_count - 1, 0)
        where id = ${next} and organization_id = ${target.organizationId}
        returning id, parent_id, replies_count, deleted_at`;
      if (!parent || parent.deleted_at == null || Number(parent.replies_count) > 0) break;
      await tx`delete from comments where id = ${parent.id} and organization_id = ${target.organizationId}`;
      next = parent.parent_id == null ? null : Number(parent.parent_id);
      location = next == null ? `${target.path}#comments` : focusLocation(target, next);
    }
    return { ok: true, removed: "row", location } as const;
  }) as Promise<DeleteResult>;
}
