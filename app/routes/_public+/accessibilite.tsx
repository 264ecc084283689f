// /accessibilite: the organization's RGAA accessibility statement, section by section as the
// DINUM's model gives them (conformance state from the last audit's rate, test results,
// non-accessible content, how the statement was made, contact, recourse), and the contact form
// whose messages go to the organization's admins (app/modules/accessibility/contact.server.ts).
import { getFormProps } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field, TextareaField } from "~/components/forms";
import { getT } from "~/i18n/i18n.server";
import { sendAccessibilityContact } from "~/modules/accessibility/contact.server";
import { ContactSchema, PAGE_MAX, PROBLEM_MAX } from "~/modules/accessibility/schema";
import { conformanceState, DEFENSEUR_DES_DROITS, formatRate, RGAA_VERSION, type StatementList } from "~/modules/accessibility/statement";
import { formatDayText } from "~/utils/dates";
import { getAccessibilityStatement } from "~/modules/accessibility/statement.server";
import { getUser } from "~/modules/auth/guards.server";
import { can } from "~/modules/permissions/permissions";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ context }: LoaderFunctionArgs) {
  const { org, locale } = context;
  const user = getUser(context);
  const statement = await getAccessibilityStatement(sql, org.id);
  const rate = statement?.complianceRate ?? null;
  const audit =
    statement && rate != null && statement.auditedOn && statement.auditor
      ? { rate: formatRate(rate, locale), date: formatDayText(statement.auditedOn, locale), auditor: statement.auditor }
      : null;
  const list = (name: StatementList) => statement?.[name] ?? [];
  return {
    title: getT(locale)("accessibility:title"),
    orgName: org.name,
    site: org.origin,
    state: conformanceState(rate),
    audit,
    // Before any statement is saved, the day the page is read: the statement says what holds today.
    statedOn: formatDayText(statement?.statedOn ?? new Date().toISOString().slice(0, 10), locale),
    lists: {
      nonConformities: list("nonConformities"),
      derogations: list("derogations"),
      exemptions: list("exemptions"),
      technologies: list("technologies"),
      testEnvironments: list("testEnvironments"),
      tools: list("tools"),
      auditedPages: list("auditedPages"),
    },
    // A member writing is known already: their name and address fill the form.
    sender: user ? { name: user.name ?? "", email: user.email ?? "" } : null,
    canEdit: can(user, "admin.organization.edit", { organizationId: org.id }),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const t = getT(context.locale);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: ContactSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), sent: false }, { status: 400 });
  }
  const outcome = await sendAccessibilityContact(sql, {
    organizationId: context.org.id,
    origin: context.org.origin,
    ip: context.ip,
    senderUserId: getUser(context)?.id ?? null,
    message: submission.value,
  });
  if (!outcome.ok) {
    const message = t("accessibility:contact.errors.rateLimited", { count: outcome.retryAfterMinutes });
    return data(
      { result: submission.reply({ formErrors: [message] }), sent: false },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfterMinutes * 60) } },
    );
  }
  return data({ result: submission.reply({ resetForm: true }), sent: true });
}

/** A list of the statement, or the sentence that says it is empty. */
function ItemList({ items, empty }: { items: string[]; empty: string }) {
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <ul>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

/** A titled part of the statement: its heading labels it, so that it is reachable by landmarks and headings. */
function Part({ id, level, title, children }: { id: string; level: 2 | 3; title: string; children: ReactNode }) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={id} className="stack" data-rgaa-section={id}>
      <Heading id={id}>{title}</Heading>
      {children}
    </section>
  );
}

export default function AccessibilityStatementPage() {
  const { orgName, site, state, audit, statedOn, lists, canEdit } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["common", "accessibility"]);
  const stateText = t(`accessibility:state.${state}`);
  const values = { org: orgName, state: stateText, version: RGAA_VERSION };
  const ddd = DEFENSEUR_DES_DROITS;
  return (
    <article className="page--narrow stack accessibility-statement">
      <h1>{t("accessibility:title")}</h1>
      <p>{t("accessibility:page.commitment", { org: orgName })}</p>
      <p>{t("accessibility:page.scope", { org: orgName, site })}</p>
      {canEdit ? (
        <p>
          <Link to="/admin/accessibilite">{t("accessibility:page.editLink")}</Link>
        </p>
      ) : null}

      <Part id="conformance" level={2} title={t("accessibility:page.conformanceTitle")}>
        <p>
          <strong>{state === "total" || !audit ? t("accessibility:page.conformance", values) : t("accessibility:page.conformanceBecause", values)}</strong>
        </p>
        {audit ? null : <p>{t("accessibility:page.noAudit")}</p>}
        <Part id="results" level={3} title={t("accessibility:page.resultsTitle")}>
          <p>
            {audit
              ? t("accessibility:page.results", { date: audit.date, auditor: audit.auditor, rate: audit.rate, version: RGAA_VERSION })
              : t("accessibility:page.resultsNone")}
          </p>
        </Part>
      </Part>

      <Part id="content" level={2} title={t("accessibility:page.contentTitle")}>
        <Part id="non-conformities" level={3} title={t("accessibility:page.nonConformitiesTitle")}>
          {lists.nonConformities.length > 0 ? <p>{t("accessibility:page.nonConformitiesIntro")}</p> : null}
          <ItemList items={lists.nonConformities} empty={t("accessibility:page.nonConformitiesNone")} />
        </Part>
        <Part id="derogations" level={3} title={t("accessibility:page.derogationsTitle")}>
          <ItemList items={lists.derogations} empty={t("accessibility:page.derogationsNone")} />
        </Part>
        <Part id="exemptions" level={3} title={t("accessibility:page.exemptionsTitle")}>
          <ItemList items={lists.exemptions} empty={t("accessibility:page.exemptionsNone")} />
        </Part>
      </Part>

      <Part id="establishment" level={2} title={t("accessibility:page.establishmentTitle")}>
        <p>{t("accessibility:page.establishment", { date: statedOn })}</p>
        <Part id="technologies" level={3} title={t("accessibility:page.technologiesTitle")}>
          <ItemList items={lists.technologies} empty={t("accessibility:page.notGiven")} />
        </Part>
        <Part id="test-environments" level={3} title={t("accessibility:page.testEnvironmentsTitle")}>
          {lists.testEnvironments.length > 0 ? <p>{t("accessibility:page.testEnvironmentsIntro")}</p> : null}
          <ItemList items={lists.testEnvironments} empty={t("accessibility:page.notGiven")} />
        </Part>
        <Part id="tools" level={3} title={t("accessibility:page.toolsTitle")}>
          <ItemList items={lists.tools} empty={t("accessibility:page.notGiven")} />
        </Part>
        <Part id="audited-pages" level={3} title={t("accessibility:page.auditedPagesTitle")}>
          <ItemList items={lists.auditedPages} empty={t("accessibility:page.notGiven")} />
        </Part>
      </Part>

      <Part id="contact" level={2} title={t("accessibility:page.contactTitle")}>
        <p>{t("accessibility:page.contactIntro", { org: orgName })}</p>
        <ContactForm />
      </Part>

      <Part id="recourse" level={2} title={t("accessibility:page.recourseTitle")}>
        <p>{t("accessibility:page.recourseCase")}</p>
        <p>{t("accessibility:page.recourseMeans")}</p>
        <ul>
          <li>
            <a href={ddd.formUrl}>{t("accessibility:page.recourseForm")}</a>
          </li>
          <li>
            <a href={ddd.delegatesUrl}>{t("accessibility:page.recourseDelegate")}</a>
          </li>
          <li>
            <PhoneSentence />
          </li>
          <li>
            {t("accessibility:page.recoursePost")}
            <address>
              {ddd.postalAddress.map((line, i) => (
                <span key={line}>
                  {i > 0 ? <br /> : null}
                  {line}
                </span>
              ))}
            </address>
          </li>
        </ul>
      </Part>
    </article>
  );
}

/** "appeler le Défenseur des droits au 09 69 39 00 00", the number a link a phone can dial. */
function PhoneSentence() {
  const { t } = useTranslation(["accessibility"]);
  const { phone, phoneHref } = DEFENSEUR_DES_DROITS;
  // The sentence is translated whole, then cut where the number goes.
  const marker = "\u2063PHONE\u2063";
  const [before, after] = t("accessibility:page.recoursePhone", { phone: marker }).split(marker) as [string, string?];
  return (
    <>
      {before}
      <a href={phoneHref}>{phone}</a>
      {after ?? ""}
    </>
  );
}

function ContactForm() {
  const { orgName, sender } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(["common", "accessibility"]);
  const [form, fields] = useValidatedForm(ContactSchema, { id: "accessibility-contact", lastResult: actionData?.result, defaultValue: sender ? { name: sender.name, email: sender.email } : undefined });
  return (
    <section aria-labelledby="contact-form-title" className="stack">
      <h3 id="contact-form-title">{t("accessibility:contact.title")}</h3>
      <div role="status">{actionData?.sent ? <p className="notice">{t("accessibility:contact.sent", { org: orgName })}</p> : null}</div>
      <Form method="post" className="form" {...getFormProps(form)}>
        <ErrorSummary id="accessibility-contact-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
        <Field meta={fields.name} type="text" label={t("accessibility:contact.name")} required inputProps={{ autoComplete: "name", maxLength: 80 }} />
        <Field
          meta={fields.email}
          type="email"
          label={t("accessibility:contact.email")}
          hint={t("accessibility:contact.emailHint")}
          required
          inputProps={{ autoComplete: "email", maxLength: 254 }}
        />
        <Field
          meta={fields.page}
          type="text"
          label={t("accessibility:contact.page")}
          hint={t("accessibility:contact.pageHint")}
          required
          inputProps={{ maxLength: PAGE_MAX }}
        />
        <TextareaField
          meta={fields.problem}
          label={t("accessibility:contact.problem")}
          hint={t("accessibility:contact.problemHint")}
          required
          rows={6}
          maxLength={PROBLEM_MAX}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("accessibility:contact.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
