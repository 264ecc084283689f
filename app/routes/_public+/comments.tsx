// POST /comments: post, edit or delete a comment on a project, proposal or debate. A success
// redirects to the comment (#comment-N); a refused form answers 400 with the errors. Without
// JavaScript that answer is this page: the form again, with the text kept.
import { getFormProps, getTextareaProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, useErrorText } from "~/components/forms";
import { getT } from "~/i18n/i18n.server";
import { forbidden, notFound, requireUser } from "~/modules/auth/guards.server";
import {
  createComment,
  deleteComment,
  editComment,
  findCommentTarget,
  findCommentState,
  findTargetOfComment,
  type ResolvedTarget,
} from "~/modules/comments/commands.server";
import { CommentActionSchema } from "~/modules/comments/schema";
import { decide as decideComment, type CommentAct } from "~/modules/comments/policy";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { findProject } from "~/modules/projects/queries.server";
import { decideSee } from "~/modules/targets/visibility";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ context }: LoaderFunctionArgs) {
  return { title: getT(context.locale)("proposals:comments.failedTitle") };
}

/**
 * The target as this member may see it, else a 404 that names nothing: a target of another
 * organization, hidden by moderation or in a draft project, for whoever the one visibility rule
 * (targets/visibility.ts) keeps out, does not exist for this request. Every answer that names the
 * target (its title in the link back) goes through here first.
 */
function requireVisible(context: AppLoadContext, target: ResolvedTarget | null): ResolvedTarget {
  if (!target || !decideSee(context.actor, target).allowed) notFound();
  return target;
}

/**
 * The comments' policy for `act` on the loaded state (the target, its project's phase, the
 * comment for a deletion, the actor's block); a refusal is the 403 page with its reason.
 */
async function requireCommentAct(
  args: ActionFunctionArgs,
  found: ResolvedTarget | null,
  act: CommentAct,
  commentId: number | null = null,
): Promise<ResolvedTarget> {
  const { context, request } = args;
  const user = requireUser(context, request);
  const target = requireVisible(context, found);
  const organizationId = context.org.id;
  const [project, actorBlocked, comment] = await Promise.all([
    findProject(sql, organizationId, target.projectId, user),
    isBlocked(sql, organizationId, user.id),
    commentId == null ? Promise.resolve(null) : findCommentState(sql, organizationId, commentId),
  ]);
  if (!project) notFound();
  const decision = decideComment(context.actor, act, {
    project: { status: project.status, currentPhase: project.currentPhase, actorBlocked },
    target,
    comment,
  });
  if (!decision.allowed) {
    if (decision.reason === "status.notFoundText") notFound();
    forbidden(decision.reason);
  }
  return target;
}

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  requireUser(context, request);
  const organizationId = context.org.id;
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: CommentActionSchema });
  if (submission.status !== "success") {
    // Even a refused form must point at a target of this organization.
    const intent = formData.get("intent");
    if (intent === "create") {
      const type = String(formData.get("targetType"));
      const id = Number(formData.get("targetId"));
      if (!Number.isSafeInteger(id) || id <= 0) notFound();
      // findCommentTarget answers null for a kind that is unknown or takes no comments.
      const target = requireVisible(context, await findCommentTarget(sql, organizationId, { type, id }));
      return data({ result: submission.reply(), back: { path: target.path, title: target.title } }, { status: 400 });
    }
    const commentId = Number(formData.get("commentId"));
    const target = requireVisible(
      context,
      Number.isSafeInteger(commentId) && commentId > 0 ? await findTargetOfComment(sql, organizationId, commentId) : null,
    );
    return data({ result: submission.reply(), back: { path: target.path, title: target.title } }, { status: 400 });
  }

  const value = submission.value;
  // Links in notification mails: the organization's own origin, never the request's Host.
  const origin = context.org.origin;

  if (value.intent === "create") {
    // Replies: the parent's state (gone, too deep) is checked by the command, under its lock.
    const target = await requireCommentAct(args, await findCommentTarget(sql, organizationId, { type: value.targetType, id: value.targetId }), "comment");
    const result = await createComment(sql, context.actor, {
      target,
      parentId: value.parentId ?? null,
      body: value.body,
      alignment: value.alignment,
      origin,
    });
    if (!result.ok) {
      if (result.error === "notFound") notFound();
      const message = result.error === "tooDeep" ? "proposals:comments.errors.tooDeep" : "proposals:comments.errors.parentGone";
      return data({ result: submission.reply({ formErrors: [message] }), back: { path: target.path, title: target.title } }, { status: 400 });
    }
    return redirect(result.location);
  }

  const target = await findTargetOfComment(sql, organizationId, value.commentId);
  if (!target) notFound();

  if (value.intent === "edit") {
    // The thread must take comments; whose comment and its state are checked in the UPDATE itself.
    await requireCommentAct(args, target, "comment");
    const result = await editComment(sql, context.actor, { target, commentId: value.commentId, body: value.body, alignment: value.alignment });
    if (!result.ok) {
      return data(
        { result: submission.reply({ formErrors: ["proposals:comments.errors.notEditable"] }), back: { path: target.path, title: target.title } },
        { status: 400 },
      );
    }
    return redirect(result.location);
  }

  // Deleting one's own words is possible whatever the phase, but not while blocked (a blocked
  // member changes nothing; what moderation looks at stays), nor under what one may not see.
  await requireCommentAct(args, target, "delete", value.commentId);
  const result = await deleteComment(sql, context.actor, { target, commentId: value.commentId });
  if (!result.ok) notFound();
  return redirect(result.location);
}

/** Shown only without JavaScript, when the form was refused: the text again, with the errors. */
export default function CommentRefused() {
  const answer = useActionData<typeof action>();
  const { t } = useTranslation(["common", "proposals"]);
  const errorText = useErrorText();
  const result = answer && "result" in answer ? answer.result : undefined;
  const initial = (result?.initialValue ?? {}) as Record<string, string | undefined>;
  const [form, fields] = useValidatedForm(CommentActionSchema, { id: "comment-retry", lastResult: result });
  if (!answer || !result) {
    return (
      <div className="page--narrow stack">
        <h1>{t("proposals:comments.failedTitle")}</h1>
        <p>
          <Link to="/">{t("status.goHome")}</Link>
        </p>
      </div>
    );
  }
  const bodyErrors = (result.error?.body ?? []) as string[];
  return (
    <div className="page--narrow stack">
      <h1>{t("proposals:comments.failedTitle")}</h1>
      <p>{t("proposals:comments.failedIntro")}</p>
      <Form method="post" action="/comments" className="form" {...getFormProps(form)}>
        <ErrorSummary id="comment-retry-errors" formErrors={form.errors} fieldErrorCount={bodyErrors.length ? 1 : 0} />
        {["intent", "targetType", "targetId", "parentId", "commentId", "alignment"].map((name) =>
          initial[name] ? <input key={name} type="hidden" name={name} value={initial[name]} /> : null,
        )}
        <div className="field">
          <label htmlFor={fields.body.id}>
            {t("proposals:comments.newLabel")} <span className="field__required">{t("form.required")}</span>
          </label>
          <textarea
            {...getTextareaProps(fields.body, { ariaDescribedBy: bodyErrors.length ? fields.body.errorId : undefined })}
            key={fields.body.key}
            rows={5}
            required
          />
          {bodyErrors.length ? (
            <p className="field__error" id={fields.body.errorId}>
              {bodyErrors.map(errorText).join(" ")}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("proposals:comments.retry")}
          </button>
          <Link to={`${answer.back.path}#comments`}>{t("proposals:comments.backTo", { title: answer.back.title })}</Link>
        </div>
      </Form>
    </div>
  );
}
