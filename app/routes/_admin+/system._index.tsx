// /system: the instance's organizations, for system admins; creates new ones (with a first admin).
import { getFormProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { LOCALES } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import { formatMoment } from "~/utils/dates";
import { listOrganizationSummaries } from "~/modules/admin/organizations.server";
import { listOrganizations } from "~/modules/organizations/queries.server";
import { CreateOrganizationSchema } from "~/modules/admin/schema";
import { DateTime, SelectField } from "~/modules/admin/ui/parts";
import { requirePermission } from "~/modules/auth/guards.server";
import { adminPasswordLink, createOrganization } from "~/modules/organizations/commands.server";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "system.organizations.manage");
  const [organizations, origins] = await Promise.all([listOrganizationSummaries(sql), listOrganizations(sql)]);
  // Where each one's mail links lead: the stored canonical origin, or the one derived from its host.
  const originById = new Map(origins.map((o) => [o.id, o.origin]));
  return {
    title: getT(context.locale)("admin:system.title"),
    organizations: organizations.map((o) => ({ ...o, origin: originById.get(o.id) ?? "", createdAt: formatMoment(o.createdAt, context.locale) })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requirePermission(context, request, "system.organizations.manage");
  const submission = parseWithZod(await request.formData(), { schema: CreateOrganizationSchema });
  if (submission.status !== "success") {
    return data({ reply: submission.reply(), created: null }, { status: 400 });
  }
  const { host, name, defaultLocale, origin, adminEmail, adminName } = submission.value;
  const result = await createOrganization(sql, {
    host,
    name,
    defaultLocale,
    canonicalOrigin: origin ?? null,
    actorId: user.id,
    admin: adminEmail && adminName ? { email: adminEmail, name: adminName } : undefined,
  });
  if (!result.ok) {
    return data({ reply: submission.reply({ fieldErrors: { host: ["admin:system.errors.hostTaken"] } }), created: null }, { status: 409 });
  }
  const t = getT(context.locale);
  const org = result.organization;
  return data({
    reply: submission.reply({ resetForm: true }),
    created: {
      notice: t("admin:system.created", { name: org.name, host: org.host }),
      // Shown once, to the system admin who passes it on; only its hash is stored.
      admin: org.admin ? { email: org.admin.email, link: adminPasswordLink(org.origin, org.admin.token) } : null,
    },
  });
}

export default function SystemPage() {
  const { organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation(["common", "admin"]);
  const [form, fields] = useValidatedForm(CreateOrganizationSchema, { id: "create-organization", lastResult: actionData?.reply, defaultValue: { defaultLocale: "fr" } });
  const created = actionData?.created;
  return (
    <div className="stack">
      <h1>{t("admin:system.title")}</h1>
      <p>{t("admin:system.intro")}</p>
      <div role="status">
        {created ? (
          <div className="notice stack">
            <p>{created.notice}</p>
            {created.admin ? (
              <p>
                {t("admin:system.adminLink", { email: created.admin.email })} <code>{created.admin.link}</code>
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      {/* Focusable, so that keyboard users can scroll it when it overflows (360 px). */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="organizations-caption">
        <table>
          <caption id="organizations-caption">{t("admin:system.caption", { count: organizations.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin:system.colHost")}</th>
              <th scope="col">{t("admin:system.colOrigin")}</th>
              <th scope="col">{t("admin:system.colName")}</th>
              <th scope="col">{t("admin:system.colLocale")}</th>
              <th scope="col">{t("admin:system.colMembers")}</th>
              <th scope="col">{t("admin:system.colCreated")}</th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((o) => (
              <tr key={o.id}>
                <th scope="row">{o.host}</th>
                <td>{o.origin}</td>
                <td>{o.name}</td>
                <td>{t(`languages.${o.defaultLocale}`)}</td>
                <td>{o.members}</td>
                <td>
                  <DateTime value={o.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="create-organization-title">
        <h2 id="create-organization-title">{t("admin:system.createTitle")}</h2>
        <Form method="post" className="form" {...getFormProps(form)}>
          <ErrorSummary id="create-organization-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
          <Field
            meta={fields.host}
            type="text"
            label={t("admin:system.host")}
            hint={t("admin:system.hostHint")}
            required
            inputProps={{ autoComplete: "off", spellCheck: false, autoCapitalize: "none" }}
          />
          <Field
            meta={fields.origin}
            type="text"
            label={t("admin:system.origin")}
            hint={t("admin:system.originHint")}
            inputProps={{ autoComplete: "off", spellCheck: false, autoCapitalize: "none", inputMode: "url" }}
          />
          <Field meta={fields.name} type="text" label={t("admin:system.name")} hint={t("admin:system.nameHint")} required />
          <SelectField meta={fields.defaultLocale} label={t("admin:system.defaultLocale")} required>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </SelectField>
          <fieldset className="form">
            <legend>{t("admin:system.adminTitle")}</legend>
            <p className="field__hint">{t("admin:system.adminIntro")}</p>
            <Field meta={fields.adminEmail} type="email" label={t("admin:system.adminEmail")} inputProps={{ autoComplete: "off" }} />
            <Field meta={fields.adminName} type="text" label={t("admin:system.adminName")} inputProps={{ autoComplete: "off" }} />
          </fieldset>
          <div className="actions">
            <button type="submit" className="button">
              {t("admin:system.submit")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
