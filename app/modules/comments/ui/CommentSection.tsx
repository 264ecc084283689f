// The comment thread of a project, proposal or debate: the form, the threaded list (replies up
// to three levels), paging links, and each author's edit and delete controls. Every form posts
// to /comments and works without JavaScript; with JavaScript a fetcher keeps the page in place.
import { getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getZodConstraint } from "@conform-to/zod";
import { Link, useFetcher, useLocation } from "@remix-run/react";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEventHandler,
  type ReactNode,
  type Ref,
} from "react";
import { useTranslation } from "react-i18next";
import { plainField, useErrorText, useOpenedOnce } from "~/components/forms";
import { CreateCommentSchema, DeleteCommentSchema, EditCommentSchema } from "../schema";
import {
  ALIGNMENTS,
  commentAnchor,
  COMMENT_MAX_LENGTH,
  COMMENTS_PARAM,
  MAX_DEPTH,
  focusPage,
  type Alignment,
  type CommentTarget,
  type CommentThread,
  type ThreadComment,
} from "../schema";
import { cachedDateFormat } from "~/utils/intl";

/** What the /comments action answers when a form is refused (a success redirects). */
export type CommentActionReply = { result: SubmissionResult<string[]> };

type SectionContextValue = {
  target: CommentTarget;
  canComment: boolean;
  announce: (message: string) => void;
  reportSlot?: (comment: ThreadComment) => ReactNode;
};
const SectionContext = createContext<SectionContextValue | null>(null);
function useSection() {
  const value = useContext(SectionContext);
  if (!value) throw new Error("CommentSection parts must be rendered inside CommentSection");
  return value;
}

/** A link to another page of the thread, keeping the page's other search parameters. */
function usePageHref() {
  const location = useLocation();
  return (page: string | null, anchor = "comments") => {
    const params = new URLSearchParams(location.search);
    if (page) params.set(COMMENTS_PARAM, page);
    else params.delete(COMMENTS_PARAM);
    const search = params.toString();
    return `${location.pathname}${search ? `?${search}` : ""}#${anchor}`;
  };
}

export function CommentSection({
  thread,
  target,
  canComment,
  closedReason,
  reportSlot,
  headingLevel = 2,
}: {
  thread: CommentThread;
  target: CommentTarget;
  canComment: boolean;
  /** Why the viewer cannot comment: an i18n key ("proposals:comments.closed.login", "projects:closed.phase"…). */
  closedReason: string | null;
  /** Reserved for the moderation team's "Signaler" button, rendered in each comment's actions. */
  reportSlot?: (comment: ThreadComment) => ReactNode;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation(["common", "proposals"]);
  const errorText = useErrorText();
  const location = useLocation();
  const pageHref = usePageHref();
  // A status belongs to the page it was said on: another navigation clears it.
  const [status, setStatus] = useState<{ text: string; key: string } | null>(null);
  const locationKey = useRef(location.key);
  locationKey.current = location.key;
  const announce = useCallback((text: string) => setStatus({ text, key: locationKey.current }), []);
  const statusText = status && status.key === location.key ? status.text : "";
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const SubHeading = headingLevel === 2 ? "h3" : "h4";

  // After posting, the page comes back with #comment-N: move the focus there for keyboard and
  // screen-reader users (the browser only scrolls).
  useEffect(() => {
    const id = location.hash.slice(1);
    if (!id.startsWith("comment-")) return;
    const element = document.getElementById(id);
    if (element) element.focus({ preventScroll: false });
  }, [location.hash, location.key]);

  const loginHref = `/login?redirectTo=${encodeURIComponent(location.pathname + location.search + "#comments")}`;
  const list = thread.mode === "focus" && thread.focus ? [thread.focus] : thread.comments;

  return (
    <SectionContext.Provider value={{ target, canComment, announce, reportSlot }}>
      <section className="comments" id="comments" aria-labelledby="comments-title" tabIndex={-1}>
        <Heading id="comments-title">{t("proposals:comments.title", { count: thread.total })}</Heading>
        <div role="status" className="comments__status">
          {statusText ? <p className="notice">{statusText}</p> : null}
        </div>
        {canComment ? (
          <CommentForm mode="create" parent={null} />
        ) : closedReason ? (
          <p className="notice notice--info">
            {errorText(closedReason)}{" "}
            {closedReason === "proposals:comments.closed.login" ? (
              <>
                <Link to={loginHref}>{t("nav.login")}</Link> · <Link to="/signup">{t("nav.signup")}</Link>
              </>
            ) : null}
          </p>
        ) : null}

        {thread.mode === "list" && (thread.comments.length > 1 || thread.nextPage || thread.firstPage != null) ? (
          <nav className="comments__order" aria-label={t("proposals:comments.order.label")}>
            <span aria-hidden="true">{t("proposals:comments.order.label")} :</span>
            <ul>
              <li>
                <Link to={pageHref(null)} aria-current={thread.order === "newest" ? "true" : undefined}>
                  {t("proposals:comments.order.newest")}
                </Link>
              </li>
              <li>
                <Link to={pageHref("o")} aria-current={thread.order === "oldest" ? "true" : undefined}>
                  {t("proposals:comments.order.oldest")}
                </Link>
              </li>
            </ul>
          </nav>
        ) : thread.mode === "focus" ? (
          <p className="comments__focus-nav">
            <Link to={pageHref(null)}>{t("proposals:comments.focus.all")}</Link>
            {thread.focus?.parentFocusPage ? (
              <>
                {" · "}
                <Link to={pageHref(thread.focus.parentFocusPage, commentAnchor(thread.focus.parentId!))}>
                  {t("proposals:comments.focus.parent")}
                </Link>
              </>
            ) : null}
          </p>
        ) : null}

        <SubHeading className="visually-hidden">{t("proposals:comments.listTitle")}</SubHeading>
        {list.length === 0 ? (
          <p>{t("proposals:comments.empty")}</p>
        ) : (
          <ol className="comment-list">
            {list.map((comment) => (
              <CommentItem key={comment.id} comment={comment} />
            ))}
          </ol>
        )}

        {thread.nextPage || thread.firstPage != null ? (
          <nav className="pagination" aria-label={t("proposals:comments.pagination")}>
            <ul>
              {thread.firstPage != null ? (
                <li>
                  <Link to={pageHref(thread.firstPage || null)}>{t("proposals:comments.firstPage")}</Link>
                </li>
              ) : null}
              {thread.nextPage ? (
                <li>
                  <Link to={pageHref(thread.nextPage)}>
                    {thread.mode === "focus" ? t("proposals:comments.nextReplies") : t("proposals:comments.nextPage")}
                  </Link>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>
    </SectionContext.Provider>
  );
}

/** Icons drawn inline (no emoji font needed); the word beside them carries the meaning. */
function AlignmentIcon({ alignment }: { alignment: Alignment }) {
  const common = { width: 14, height: 14, viewBox: "0 0 16 16", "aria-hidden": true, focusable: false } as const;
  if (alignment === "neutral") {
    return (
      <svg {...common}>
        <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="2" />
        <circle cx="8" cy="8" r="2" fill="currentColor" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M5 8h6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      {alignment === "for" ? <path d="M8 5v6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" /> : null}
    </svg>
  );
}

export function AlignmentBadge({ alignment }: { alignment: Alignment }) {
  const { t } = useTranslation("proposals");
  return (
    <span className={`alignment alignment--${alignment}`}>
      <AlignmentIcon alignment={alignment} /> {t(`comments.alignment.${alignment}`)}
    </span>
  );
}

function formatDate(iso: string, locale: string) {
  return cachedDateFormat(locale === "en" ? "en-GB" : "fr-FR", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Europe/Paris",
  }).format(new Date(iso));
}

function CommentItem({ comment }: { comment: ThreadComment }) {
  const { t, i18n } = useTranslation(["common", "proposals", "account"]);
  const { canComment, reportSlot } = useSection();
  const pageHref = usePageHref();
  const anchor = commentAnchor(comment.id);
  const author = comment.authorName ?? t("account:participant.deleted");
  return (
    <li className="comment-list__item">
      <article className={`comment comment--${comment.state}`} id={anchor} tabIndex={-1} aria-labelledby={`${anchor}-meta`}>
        {comment.state === "deleted" ? (
          <p className="comment__placeholder" id={`${anchor}-meta`}>
            {t("proposals:comments.deleted")}
          </p>
        ) : comment.state === "hidden" && comment.body == null ? (
          <p className="comment__placeholder" id={`${anchor}-meta`}>
            {t("proposals:comments.hidden")}
          </p>
        ) : (
          <>
            <p className="comment__meta" id={`${anchor}-meta`}>
              <span className="comment__author">{author}</span>
              <span className="comment__sep" aria-hidden="true">
                {" · "}
              </span>
              <span className="visually-hidden">, </span>
              <time dateTime={comment.createdAt}>{formatDate(comment.createdAt, i18n.language)}</time>
              {comment.editedAt ? (
                <>
                  {" "}
                  <span className="comment__edited">{t("proposals:comments.edited")}</span>
                </>
              ) : null}
              {comment.depth === 0 ? (
                <>
                  <span className="comment__sep" aria-hidden="true">
                    {" · "}
                  </span>
                  <span className="visually-hidden">, </span>
                  <AlignmentBadge alignment={comment.alignment} />
                </>
              ) : null}
            </p>
            {comment.state === "hidden" ? <p className="comment__moderated">{t("proposals:comments.hiddenForYou")}</p> : null}
            <div className="comment__body">{comment.body}</div>
            <div className="comment__actions">
              {canComment && comment.state === "visible" && comment.depth < MAX_DEPTH ? (
                <CommentFormDisclosure summary={t("proposals:comments.reply")} mode="create" parent={comment} />
              ) : null}
              {comment.mine && canComment && comment.state === "visible" ? (
                <CommentFormDisclosure summary={t("proposals:comments.edit")} mode="edit" parent={null} comment={comment} />
              ) : null}
              {comment.mine ? <DeleteComment comment={comment} /> : null}
              {/* Report slot: the moderation team adds its "Signaler" button here. */}
              {reportSlot && comment.state === "visible" && !comment.mine ? reportSlot(comment) : null}
            </div>
          </>
        )}
      </article>
      {comment.replies.length > 0 ? (
        <ol className="comment-list comment-list--replies" aria-label={t("proposals:comments.repliesTo", { name: author })}>
          {comment.replies.map((reply) => (
            <CommentItem key={reply.id} comment={reply} />
          ))}
        </ol>
      ) : null}
      {comment.moreReplies ? (
        <p className="comment__more">
          <Link to={pageHref(focusPage(comment.id), anchor)}>
            {t("proposals:comments.moreReplies", { count: comment.repliesCount })}
          </Link>
        </p>
      ) : null}
    </li>
  );
}

function DeleteComment({ comment }: { comment: ThreadComment }) {
  const { t } = useTranslation(["common", "proposals"]);
  const fetcher = useFetcher<CommentActionReply>();
  const { announce } = useSection();
  const submitted = useRef(false);
  useEffect(() => {
    if (fetcher.state === "submitting") submitted.current = true;
    if (fetcher.state === "idle" && submitted.current) {
      submitted.current = false;
      if (!fetcher.data) announce(t("proposals:comments.deletedNotice"));
    }
  }, [fetcher.state, fetcher.data, announce, t]);
  return (
    <details className="comment__disclosure">
      <summary>{t("proposals:comments.delete")}</summary>
      <fetcher.Form method="post" action="/comments" className="comment__confirm">
        <input type="hidden" name="intent" value={DeleteCommentSchema.shape.intent.value} />
        <input type="hidden" name="commentId" value={comment.id} />
        <p>{comment.repliesCount > 0 ? t("proposals:comments.deleteKeepsReplies") : t("proposals:comments.deleteConfirm")}</p>
        <button type="submit" className="button button--danger" disabled={fetcher.state !== "idle"}>
          {t("proposals:comments.deleteSubmit")}
        </button>
      </fetcher.Form>
    </details>
  );
}

type CommentFormProps = { mode: "create" | "edit"; parent: ThreadComment | null; comment?: ThreadComment };

const CONSTRAINTS = { create: getZodConstraint(CreateCommentSchema), edit: getZodConstraint(EditCommentSchema) };

function commentFormId({ mode, parent, comment }: CommentFormProps, target: CommentTarget) {
  return mode === "edit" ? `comment-edit-${comment!.id}` : parent ? `comment-reply-${parent.id}` : `comment-new-${target.type}-${target.id}`;
}

function initialValues({ mode, comment }: CommentFormProps) {
  return mode === "edit" ? { body: comment!.body ?? "", alignment: comment!.alignment } : { body: undefined, alignment: "neutral" as const };
}

/**
 * "Reply" and "Edit" under a comment. Until someone opens it with JavaScript running, the form
 * inside is plain HTML (it posts as a page); once opened, it is the validated form of CommentForm.
 */
function CommentFormDisclosure({ summary, ...props }: CommentFormProps & { summary: string }) {
  const { target } = useSection();
  const [opened, onToggle] = useOpenedOnce();
  let form: ReactNode;
  if (opened) {
    form = <CommentForm {...props} />;
  } else {
    const formId = commentFormId(props, target);
    const initial = initialValues(props);
    const constraint = CONSTRAINTS[props.mode];
    form = (
      <CommentFormView
        {...props}
        FormElement="form"
        formProps={{ id: formId }}
        body={plainField(formId, "body", constraint.body, initial.body)}
        alignment={plainField(formId, "alignment", constraint.alignment, initial.alignment)}
        busy={false}
      />
    );
  }
  return (
    <details className="comment__disclosure" onToggle={onToggle}>
      <summary>{summary}</summary>
      {form}
    </details>
  );
}

function CommentForm(props: CommentFormProps) {
  const { mode } = props;
  const { t } = useTranslation(["common", "proposals"]);
  const { target, announce } = useSection();
  const fetcher = useFetcher<CommentActionReply>();
  const formRef = useRef<HTMLFormElement>(null);
  const schema = mode === "edit" ? EditCommentSchema : CreateCommentSchema;
  const [form, fields] = useValidatedForm(schema, {
    id: commentFormId(props, target),
    lastResult: fetcher.state === "idle" ? fetcher.data?.result : undefined,
    defaultValue: initialValues(props),
  });
  const submitted = useRef(false);
  useEffect(() => {
    if (fetcher.state === "submitting") submitted.current = true;
    if (fetcher.state === "idle" && submitted.current) {
      submitted.current = false;
      // A success redirects (no data): clear the form, close its disclosure, say so.
      if (!fetcher.data) {
        if (mode === "create") formRef.current?.reset();
        const details = formRef.current?.closest("details");
        if (details) details.open = false;
        announce(mode === "edit" ? t("proposals:comments.editedNotice") : t("proposals:comments.postedNotice"));
      }
    }
  }, [fetcher.state, fetcher.data, mode, announce, t]);
  return (
    <CommentFormView
      {...props}
      FormElement={fetcher.Form}
      formProps={{ ...getFormProps(form), ref: formRef }}
      formErrors={form.errors}
      body={fields.body}
      alignment={fields.alignment}
      busy={fetcher.state !== "idle"}
    />
  );
}

type FieldMeta = ReturnType<typeof plainField>;

/** The markup of a comment form, plain or validated. */
function CommentFormView({
  mode,
  parent,
  comment,
  FormElement,
  formProps,
  formErrors,
  body,
  alignment,
  busy,
}: CommentFormProps & {
  FormElement: "form" | ReturnType<typeof useFetcher>["Form"];
  formProps: { id?: string; ref?: Ref<HTMLFormElement>; onSubmit?: FormEventHandler<HTMLFormElement>; noValidate?: boolean };
  formErrors?: string[];
  body: FieldMeta;
  alignment: FieldMeta;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation(["common", "proposals"]);
  const errorText = useErrorText();
  const { target } = useSection();
  const uid = useId();
  const withAlignment = mode === "create" ? parent == null : comment!.depth === 0;
  const label = mode === "edit" ? t("proposals:comments.editLabel") : parent ? t("proposals:comments.replyLabel") : t("proposals:comments.newLabel");
  const describedBy = [`${uid}-hint`, body.errors?.length ? body.errorId : undefined].filter(Boolean).join(" ");
  const { key: bodyKey, ...bodyProps } = getTextareaProps(body, { ariaDescribedBy: describedBy });
  return (
    <FormElement method="post" action="/comments" className="form comment-form" {...formProps}>
      <input type="hidden" name="intent" value={mode} />
      {mode === "create" ? (
        <>
          <input type="hidden" name="targetType" value={target.type} />
          <input type="hidden" name="targetId" value={target.id} />
          {parent ? <input type="hidden" name="parentId" value={parent.id} /> : null}
        </>
      ) : (
        <input type="hidden" name="commentId" value={comment!.id} />
      )}
      {formErrors?.length ? (
        <p className="field__error" role="alert">
          {formErrors.map(errorText).join(" ")}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={body.id}>
          {label} <span className="field__required">{t("form.required")}</span>
        </label>
        <p className="field__hint" id={`${uid}-hint`}>
          {t("proposals:comments.bodyHint", { max: COMMENT_MAX_LENGTH.toLocaleString(i18n.language === "en" ? "en-GB" : "fr-FR") })}
        </p>
        <textarea {...bodyProps} key={bodyKey} rows={parent || mode === "edit" ? 3 : 4} required aria-required />
        {body.errors?.length ? (
          <p className="field__error" id={body.errorId}>
            {body.errors.map(errorText).join(" ")}
          </p>
        ) : null}
      </div>
      {withAlignment ? (
        <fieldset className="field alignment-field">
          <legend>{t("proposals:comments.alignmentLegend")}</legend>
          <div className="alignment-field__options">
            {ALIGNMENTS.map((value) => (
              <label key={value} className="alignment-field__option">
                <input type="radio" name={alignment.name} value={value} defaultChecked={(alignment.initialValue ?? "neutral") === value} />{" "}
                <AlignmentBadge alignment={value} />
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {mode === "edit" ? t("proposals:comments.editSubmit") : parent ? t("proposals:comments.replySubmit") : t("proposals:comments.submit")}
        </button>
      </div>
    </FormElement>
  );
}
