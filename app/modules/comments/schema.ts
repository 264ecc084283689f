// Comments as the browser and the server share them (client-safe): the thread's types and
// constants, and the comment forms' schemas used by Conform and the /comments action.
// Error messages are i18n keys.
import { z } from "zod";
import { targetTypeField, type TargetRef } from "~/modules/targets/types";

/** What a thread is on: any kind the targets' registry says takes comments. */
export type CommentTarget = TargetRef;

export const ALIGNMENTS = ["for", "neutral", "against"] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

/** Replies go down to depth 2 (three levels in all). */
export const MAX_DEPTH = 2;
export const COMMENT_MAX_LENGTH = 5000;

/** The URL search parameter holding the thread's page ("", "o", "n.123", "o.123", "f.45", "f.45.678"). */
export const COMMENTS_PARAM = "comments";

export function alignmentFromDb(value: number): Alignment {
  return value > 0 ? "for" : value < 0 ? "against" : "neutral";
}

export function alignmentToDb(value: Alignment): -1 | 0 | 1 {
  return value === "for" ? 1 : value === "against" ? -1 : 0;
}

export type ThreadComment = {
  id: number;
  parentId: number | null;
  depth: number;
  /** null: the author deleted their account (shown as "Participant supprimé"). */
  authorName: string | null;
  /** "deleted": removed by its author but kept for its replies; "hidden": hidden by moderation. */
  state: "visible" | "deleted" | "hidden";
  /** null when the viewer may not read it (deleted, or hidden and not theirs nor a moderator). */
  body: string | null;
  alignment: Alignment;
  repliesCount: number;
  createdAt: string;
  editedAt: string | null;
  /** Written by the viewer: edit and delete controls. */
  mine: boolean;
  replies: ThreadComment[];
  /** Replies exist beyond those loaded: link to the focused view of this comment. */
  moreReplies: boolean;
};

export type CommentThread = {
  target: CommentTarget;
  /** Comments not deleted, all levels. */
  total: number;
  order: "newest" | "oldest";
  /** "list": a page of top-level comments; "focus": one comment and a page of its replies. */
  mode: "list" | "focus";
  /** The page parameter of this page ("" for the first page of the newest-first list). */
  page: string;
  comments: ThreadComment[];
  /** Focus mode: the focused comment (its page of replies in `replies`), and its parent's id for context. */
  focus: (ThreadComment & { parentFocusPage: string | null }) | null;
  /** Page parameter of the next page, or null on the last one. */
  nextPage: string | null;
  /** Page parameter of the first page (the list in the current order), or null when on it. */
  firstPage: string | null;
};

/** Where a comment can be seen: the page parameter that shows it, for links and redirects. */
export function focusPage(commentId: number, after?: number | null): string {
  return after ? `f.${commentId}.${after}` : `f.${commentId}`;
}

export function commentAnchor(id: number): string {
  return `comment-${id}`;
}

// ---- the forms ----

const id = z.coerce.number({ invalid_type_error: "errors.invalid" }).int("errors.invalid").positive("errors.invalid").max(Number.MAX_SAFE_INTEGER, "errors.invalid");

const body = z
  .string({ required_error: "proposals:comments.errors.bodyRequired" })
  .trim()
  .min(1, "proposals:comments.errors.bodyRequired")
  .max(COMMENT_MAX_LENGTH, "proposals:comments.errors.bodyTooLong");

export const CreateCommentSchema = z.object({
  intent: z.literal("create"),
  // Whether the kind exists and takes comments is the action's question (an unknown one is a 404).
  targetType: targetTypeField,
  targetId: id,
  parentId: id.optional(),
  body,
  alignment: z.enum(ALIGNMENTS, { errorMap: () => ({ message: "errors.invalid" }) }).default("neutral"),
});

export const EditCommentSchema = z.object({
  intent: z.literal("edit"),
  commentId: id,
  body,
  alignment: z.enum(ALIGNMENTS, { errorMap: () => ({ message: "errors.invalid" }) }).optional(),
});

export const DeleteCommentSchema = z.object({
  intent: z.literal("delete"),
  commentId: id,
});

export const CommentActionSchema = z.discriminatedUnion("intent", [CreateCommentSchema, EditCommentSchema, DeleteCommentSchema], {
  errorMap: () => ({ message: "errors.invalid" }),
});
export type CommentAction = z.infer<typeof CommentActionSchema>;
