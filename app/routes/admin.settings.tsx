// /admin/settings: the organization's name, default language, primary colour and report threshold.
import { getFormProps, useForm, type FieldMetadata } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { LOCALES } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import { OrganizationSettingsSchema } from "~/modules/admin/schema";
import { getOrganizationSettings, updateOrganizationSettings } from "~/modules/admin/settings.server";
import { AdminBreadcrumb, SelectField } from "~/modules/admin/ui/parts";
import { notFound, requirePermission } from "~/modules/auth/guards.server";
import { textColorOn } from "~/utils/color";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "admin.organization.edit");
  const settings = await getOrganizationSettings(sql, context.org.id);
  if (!settings) notFound();
  return { title: getT(context.locale)("admin:settings.title"), orgName: context.org.name, settings };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "admin.organization.edit");
  const t = getT(context.locale);
  const submission = parseWithZod(await request.formData(), { schema: OrganizationSettingsSchema });
  if (submission.status !== "success") {
    return data({ reply: submission.reply(), notice: null }, { status: 400 });
  }
  // Saves, audits `organization.update` and forgets the cached organization (see the module).
  const result = await updateOrganizationSettings(sql, {
    organizationId: context.org.id,
    actorId: user.id,
    settings: submission.value,
  });
  if (!result) notFound();
  const notice = result.changed.length > 0 ? t("admin:settings.saved") : t("admin:settings.unchanged");
  return data({ reply: submission.reply(), notice });
}

export default function AdminSettings() {
  const { orgName, settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation(["common", "admin"]);
  const [form, fields] = useForm({
    id: "organization-settings",
    lastResult: actionData?.reply,
    defaultValue: { ...settings, reportThreshold: String(settings.reportThreshold) },
    constraint: getZodConstraint(OrganizationSettingsSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganizationSettingsSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="page--narrow stack">
      <AdminBreadcrumb current={t("admin:settings.title")} />
      <h1>{t("admin:settings.title")}</h1>
      <p>{t("admin:settings.intro", { org: orgName })}</p>
      <div role="status">{actionData?.notice ? <p className="notice">{actionData.notice}</p> : null}</div>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="settings-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <Field meta={fields.name} type="text" label={t("admin:settings.name")} hint={t("admin:settings.nameHint")} required />
        <SelectField
          meta={fields.defaultLocale}
          label={t("admin:settings.defaultLocale")}
          hint={t("admin:settings.defaultLocaleHint")}
          required
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`languages.${l}`)}
            </option>
          ))}
        </SelectField>
        <Field
          meta={fields.primaryColor}
          type="text"
          label={t("admin:settings.primaryColor")}
          hint={t("admin:settings.primaryColorHint")}
          required
          inputProps={{ spellCheck: false, autoComplete: "off", maxLength: 7 }}
        />
        <figure className="stack" style={{ margin: 0 }}>
          <figcaption>{t("admin:settings.preview")}</figcaption>
          <p
            style={{
              background: settings.primaryColor,
              color: textColorOn(settings.primaryColor),
              padding: "0.75rem 1rem",
              borderRadius: "0.375rem",
              margin: 0,
              fontWeight: 600,
            }}
          >
            {t("admin:settings.previewText")} ({settings.primaryColor})
          </p>
        </figure>
        <Field
          // A number in the schema, typed in a text input (Field takes text fields).
          meta={fields.reportThreshold as unknown as FieldMetadata<string | undefined>}
          type="text"
          label={t("admin:settings.reportThreshold")}
          hint={t("admin:settings.reportThresholdHint")}
          required
          inputProps={{ inputMode: "numeric", pattern: "[0-9]*", autoComplete: "off", maxLength: 3 }}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("actions.save")}
          </button>
        </div>
      </Form>
    </div>
  );
}
