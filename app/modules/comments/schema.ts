// The comment forms' schemas, shared by the browser (Conform) and the /comments action.
// Error messages are i18n keys.
import { z } from "zod";
import { targetTypeField } from "~/modules/targets/types";
import { ALIGNMENTS, COMMENT_MAX_LENGTH } from "./types";

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
