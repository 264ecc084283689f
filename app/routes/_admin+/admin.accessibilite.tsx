// /admin/accessibilite: the admins enter the results of the last RGAA audit (rate, dates, who made
// it, the lists of the statement, one item per line); the page /accessibilite and the footer's
// conformance state follow. The structure and legal text of the statement come with the app.
import { getFormProps, type FieldMetadata } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field, TextareaField } from "~/components/forms";
import { getT } from "~/i18n/i18n.server";
import { StatementSchema } from "~/modules/accessibility/schema";
import { AUDITOR_MAX, conformanceState, formatRate, LIST_ITEM_MAX, LIST_MAX_ITEMS, STATEMENT_LISTS, type StatementList } from "~/modules/accessibility/statement";
import { getAccessibilityStatement, saveAccessibilityStatement } from "~/modules/accessibility/statement.server";
import { AdminBreadcrumb } from "~/modules/admin/ui/parts";
import { requirePermission } from "~/modules/auth/guards.server";
import { requireAct } from "~/modules/moderation/blocking.server";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "admin.organization.edit");
  const statement = await getAccessibilityStatement(sql, context.org.id);
  return {
    title: getT(context.locale)("accessibility:admin.title"),
    orgName: context.org.name,
    state: conformanceState(statement?.complianceRate),
    // As the form shows them: the rate in this language's notation, the lists one item per line.
    values: {
      complianceRate: statement?.complianceRate == null ? "" : formatRate(statement.complianceRate, context.locale).replace(/\s/g, ""),
      auditedOn: statement?.auditedOn ?? "",
      auditor: statement?.auditor ?? "",
      statedOn: statement?.statedOn ?? new Date().toISOString().slice(0, 10),
      ...(Object.fromEntries(STATEMENT_LISTS.map((name) => [name, (statement?.[name] ?? []).join("\n")])) as Record<StatementList, string>),
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // A blocked admin changes nothing.
  const user = await requireAct(context, request, "admin.organization.edit");
  const t = getT(context.locale);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: StatementSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), notice: null }, { status: 400 });
  }
  const { changed } = await saveAccessibilityStatement(sql, { organizationId: context.org.id, actorId: user.id, statement: submission.value });
  return data({
    result: submission.reply(),
    notice: changed ? t("accessibility:admin.saved") : t("accessibility:admin.unchanged"),
    state: conformanceState(submission.value.complianceRate),
  });
}

/** The label of each list: the page's own section titles, so that the form names what the page shows. */
const LIST_LABEL = {
  nonConformities: "accessibility:page.nonConformitiesTitle",
  derogations: "accessibility:page.derogationsTitle",
  exemptions: "accessibility:page.exemptionsTitle",
  technologies: "accessibility:page.technologiesTitle",
  testEnvironments: "accessibility:page.testEnvironmentsTitle",
  tools: "accessibility:page.toolsTitle",
  auditedPages: "accessibility:page.auditedPagesTitle",
} as const satisfies Record<StatementList, string>;

const LIST_HINT: Partial<Record<StatementList, "accessibility:admin.nonConformitiesHint" | "accessibility:admin.derogationsHint">> = {
  nonConformities: "accessibility:admin.nonConformitiesHint",
  derogations: "accessibility:admin.derogationsHint",
};

/** A field the schema turns into a number, a day or a list, typed as text in the form (Field takes text fields). */
function asText<T>(meta: FieldMetadata<T>) {
  return meta as unknown as FieldMetadata<string | undefined>;
}

export default function AdminAccessibility() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "admin", "accessibility"]);
  const state = actionData && "state" in actionData ? actionData.state : loaded.state;
  const [form, fields] = useValidatedForm(StatementSchema, { id: "accessibility-statement", lastResult: actionData?.result, defaultValue: loaded.values });
  return (
    <div className="page--narrow stack">
      <AdminBreadcrumb current={t("accessibility:admin.title")} />
      <h1>{t("accessibility:admin.title")}</h1>
      <p>{t("accessibility:admin.intro")}</p>
      <p>
        <strong>{t("accessibility:admin.currentState", { state: t(`accessibility:state.${state}`) })}</strong>{" "}
        <Link to="/accessibilite">{t("accessibility:admin.viewPage")}</Link>
      </p>
      <div role="status">{actionData?.notice ? <p className="notice">{actionData.notice}</p> : null}</div>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="accessibility-statement-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <fieldset className="stack">
          <legend>{t("accessibility:admin.auditTitle")}</legend>
          <p className="field__hint">{t("accessibility:admin.auditHint")}</p>
          <Field
            meta={asText(fields.complianceRate)}
            type="text"
            label={t("accessibility:admin.complianceRate")}
            hint={t("accessibility:admin.complianceRateHint")}
            inputProps={{ inputMode: "decimal", autoComplete: "off", maxLength: 8 }}
          />
          <Field meta={asText(fields.auditedOn)} type="date" label={t("accessibility:admin.auditedOn")} />
          <Field
            meta={asText(fields.auditor)}
            type="text"
            label={t("accessibility:admin.auditor")}
            hint={t("accessibility:admin.auditorHint")}
            inputProps={{ maxLength: AUDITOR_MAX }}
          />
        </fieldset>
        <Field meta={fields.statedOn} type="date" label={t("accessibility:admin.statedOn")} required />
        <fieldset className="stack">
          <legend>{t("accessibility:admin.listsTitle")}</legend>
          {STATEMENT_LISTS.map((name) => (
            <TextareaField
              key={name}
              meta={asText(fields[name])}
              label={t(LIST_LABEL[name])}
              hint={t(LIST_HINT[name] ?? "accessibility:admin.listHint")}
              rows={name === "nonConformities" ? 8 : 4}
              // Enough for every line at its longest, line breaks included.
              maxLength={LIST_MAX_ITEMS * (LIST_ITEM_MAX + 2)}
            />
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("accessibility:admin.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
