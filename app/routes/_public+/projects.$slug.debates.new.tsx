// /projects/:slug/debates/new: an official opens a debate (a question and its context).
import { getFormProps, getTextareaProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field, useErrorText } from "~/components/forms";
import { getT } from "~/i18n/i18n.server";
import { participationLinks } from "~/modules/comments/ui/links";
import { openDebate } from "~/modules/debates/commands.server";
import { DebateSchema } from "~/modules/debates/schema";
import { requireAct } from "~/modules/moderation/blocking.server";
import { requireVisibleProject } from "~/modules/projects/request.server";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const links: LinksFunction = () => participationLinks();

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  // The form is refused to a blocked official at once, not after they wrote it.
  await requireAct(context, request, "project.manage");
  const project = await requireVisibleProject(context, request, params.slug);
  return {
    title: getT(context.locale)("proposals:debates.form.title", { project: project.title }),
    project: { slug: project.slug, title: project.title },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireAct(context, request, "project.manage");
  const project = await requireVisibleProject(context, request, params.slug);
  const submission = parseWithZod(await request.formData(), { schema: DebateSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const id = await openDebate(sql, context.actor, {
    projectId: project.id,
    title: submission.value.title,
    description: submission.value.description,
  });
  return redirect(`/projects/${project.slug}/debates/${id}?done=created`);
}

export default function NewDebate() {
  const { project } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "proposals"]);
  const errorText = useErrorText();
  const [form, fields] = useValidatedForm(DebateSchema, { id: "debate-new", lastResult });
  const descriptionHint = `${fields.description.id}-hint`;
  return (
    <div className="stack participation">
      <h2>{t("proposals:debates.form.heading")}</h2>
      <p>{t("proposals:debates.form.intro")}</p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="debate-new-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <Field
          meta={fields.title}
          type="text"
          label={t("proposals:debates.form.titleLabel")}
          hint={t("proposals:debates.form.titleHint")}
          required
          inputProps={{ maxLength: 200, autoComplete: "off" }}
        />
        <div className="field">
          <label htmlFor={fields.description.id}>{t("proposals:debates.form.description")}</label>
          <p className="field__hint" id={descriptionHint}>
            {t("proposals:debates.form.descriptionHint")}
          </p>
          <textarea
            {...getTextareaProps(fields.description, {
              ariaDescribedBy: [descriptionHint, fields.description.errors?.length ? fields.description.errorId : null].filter(Boolean).join(" "),
            })}
            key={fields.description.key}
            rows={8}
          />
          {fields.description.errors?.length ? (
            <p className="field__error" id={fields.description.errorId}>
              {fields.description.errors.map(errorText).join(" ")}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("proposals:debates.form.submit")}
          </button>
          <Link to={`/projects/${project.slug}/debates`}>{t("proposals:form.cancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
