// /admin/residents: verified residents. The census import (a CSV hashed line by line, nothing
// readable kept; a report of rejected lines by number and reason) and the in-person verification
// of a member. Admins only; both audited.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { useValidatedForm } from "~/components/useValidatedForm";
import { getT } from "~/i18n/i18n.server";
import { AdminBreadcrumb } from "~/modules/admin/ui/parts";
import { requirePermission } from "~/modules/auth/guards.server";
import { importCensus, listCensusImports, verifyInPerson, type CensusImportResult } from "~/modules/identity/census.server";
import { CensusImportSchema, InPersonSchema } from "~/modules/identity/schema";
import { requireAct } from "~/modules/moderation/blocking.server";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

const CENSUS_MAX_BYTES = 20 * 1024 * 1024;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "admin.members.changeRole");
  const format = new Intl.DateTimeFormat(context.locale === "en" ? "en-GB" : "fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });
  const imports = (await listCensusImports(sql, context.org.id)).map((i) => ({ ...i, createdAt: format.format(i.createdAt) }));
  return { title: getT(context.locale)("identity:residents.title"), imports };
}

type ActionData =
  | { form: "census"; reply: SubmissionResult<string[]>; result: Omit<CensusImportResult, "importId"> | null }
  | { form: "inPerson"; reply: SubmissionResult<string[]>; verified: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAct(context, request, "admin.members.changeRole");
  const formData = await request.formData();
  if (formData.get("intent") === "census") {
    const submission = parseWithZod(formData, { schema: CensusImportSchema });
    const file = formData.get("file");
    const fileError = !(file instanceof File) || file.size === 0 ? "identity:errors.fileRequired" : file.size > CENSUS_MAX_BYTES ? "identity:errors.fileTooLarge" : null;
    if (submission.status !== "success" || fileError) {
      const reply = submission.reply(fileError ? { fieldErrors: { file: [fileError] } } : {});
      return data<ActionData>({ form: "census", reply, result: null }, { status: 400 });
    }
    const csv = await (file as File).text();
    const result = await importCensus(sql, { organizationId: context.org.id, actorId: user.id, csv, validUntil: submission.value.validUntil });
    if ("headerError" in result) {
      return data<ActionData>({ form: "census", reply: submission.reply({ fieldErrors: { file: ["identity:errors.header"] } }), result: null }, { status: 400 });
    }
    const { importId: _id, ...summary } = result;
    return data<ActionData>({ form: "census", reply: submission.reply({ resetForm: true }), result: summary });
  }
  const submission = parseWithZod(formData, { schema: InPersonSchema });
  if (submission.status !== "success") return data<ActionData>({ form: "inPerson", reply: submission.reply(), verified: false }, { status: 400 });
  const [member] = await sql`
    select id from users where organization_id = ${context.org.id} and email = ${submission.value.email} and deleted_at is null`;
  const outcome = member
    ? await verifyInPerson(sql, {
        organizationId: context.org.id,
        actorId: user.id,
        userId: Number(member.id),
        until: submission.value.until,
        birthDate: submission.value.birthDate ?? null,
      })
    : "not_found";
  if (outcome === "not_found") {
    return data<ActionData>({ form: "inPerson", reply: submission.reply({ fieldErrors: { email: ["identity:errors.memberNotFound"] } }), verified: false }, { status: 400 });
  }
  return data<ActionData>({ form: "inPerson", reply: submission.reply({ resetForm: true }), verified: true });
}

export default function AdminResidents() {
  const { imports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation(["common", "identity"]);
  const census = actionData?.form === "census" ? actionData : null;
  const inPerson = actionData?.form === "inPerson" ? actionData : null;
  const [censusForm, censusFields] = useValidatedForm(CensusImportSchema, { id: "census-import", lastResult: census?.reply });
  const [personForm, personFields] = useValidatedForm(InPersonSchema, { id: "in-person", lastResult: inPerson?.reply });
  const fileErrors = censusForm.allErrors?.file;
  return (
    <div className="page--narrow stack">
      <AdminBreadcrumb current={t("identity:residents.title")} />
      <h1>{t("identity:residents.title")}</h1>
      <p>{t("identity:residents.intro")}</p>

      <section className="stack" aria-labelledby="census-title">
        <h2 id="census-title">{t("identity:residents.importTitle")}</h2>
        <p>{t("identity:residents.importIntro")}</p>
        <div role="status">
          {census?.result ? (
            <div className="notice stack">
              <p>{t("identity:residents.imported", { imported: String(census.result.importedLines), total: String(census.result.totalLines) })}</p>
              {census.result.rejected.length > 0 ? <RejectedLines rejected={census.result.rejected} /> : null}
            </div>
          ) : null}
        </div>
        <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(censusForm)}>
          <ErrorSummary id="census-errors" formErrors={censusForm.errors} fieldErrorCount={countFieldErrors(censusForm.allErrors)} />
          <input type="hidden" name="intent" value="census" />
          <div className="field">
            <label htmlFor="census-file">
              {t("identity:residents.file")} <span className="field__required">{t("form.required")}</span>
            </label>
            <input
              id="census-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              required
              aria-required
              aria-invalid={fileErrors?.length ? true : undefined}
              aria-describedby={fileErrors?.length ? "census-file-error" : undefined}
            />
            {fileErrors?.length ? (
              <p className="field__error" id="census-file-error">
                {fileErrors.map((e) => t(e as never)).join(" ")}
              </p>
            ) : null}
          </div>
          <Field
            meta={censusFields.validUntil}
            label={t("identity:residents.validUntil")}
            hint={t("identity:residents.validUntilHint")}
            required
            inputProps={{ inputMode: "numeric", autoComplete: "off", maxLength: 10 }}
          />
          <div className="actions">
            <button type="submit" className="button">
              {t("identity:residents.submit")}
            </button>
          </div>
        </Form>
        <h3>{t("identity:residents.history")}</h3>
        {imports.length === 0 ? (
          <p>{t("identity:residents.none")}</p>
        ) : (
          <ul>
            {imports.map((i) => (
              <li key={i.id}>
                {t("identity:residents.historyItem", {
                  date: i.createdAt,
                  imported: String(i.importedLines),
                  total: String(i.totalLines),
                  rejected: String(i.rejected.length),
                  until: i.validUntil,
                })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="stack" aria-labelledby="in-person-title">
        <h2 id="in-person-title">{t("identity:residents.inPersonTitle")}</h2>
        <p>{t("identity:residents.inPersonIntro")}</p>
        <div role="status">{inPerson?.verified ? <p className="notice">{t("identity:residents.verified")}</p> : null}</div>
        <Form method="post" className="form" {...getFormProps(personForm)}>
          <ErrorSummary id="in-person-errors" formErrors={personForm.errors} fieldErrorCount={countFieldErrors(personForm.allErrors)} />
          <input type="hidden" name="intent" value="inPerson" />
          <Field meta={personFields.email} type="email" label={t("identity:residents.member")} required inputProps={{ autoComplete: "off" }} />
          <Field meta={personFields.birthDate} label={t("identity:residents.birthDate")} inputProps={{ inputMode: "numeric", autoComplete: "off", maxLength: 10 }} />
          <Field meta={personFields.until} label={t("identity:residents.until")} required inputProps={{ inputMode: "numeric", autoComplete: "off", maxLength: 10 }} />
          <div className="actions">
            <button type="submit" className="button">
              {t("identity:residents.verify")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}

function RejectedLines({ rejected }: { rejected: { line: number; reason: string }[] }) {
  const { t } = useTranslation("identity");
  return (
    <details>
      <summary>{t("residents.rejectedTitle", { count: rejected.length })}</summary>
      <ul>
        {rejected.slice(0, 200).map((r) => (
          <li key={r.line}>{t("residents.rejectedLine", { line: String(r.line), reason: t(`residents.reasons.${r.reason}` as never) })}</li>
        ))}
      </ul>
    </details>
  );
}
