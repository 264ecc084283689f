// The officials' forms: a consultation's texts and settings, a question with its method, an
// option (free text, or a proposal of the project; a cost for a budget). Plain forms posted to
// the page (they work without JavaScript), checked on the server with the module's schemas; the
// errors come back beside each field and in a summary that takes the focus. Once a ballot exists
// the rules are frozen: the settings show as text with the reason, only the texts stay editable.
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CheckboxField, countFieldErrors, ErrorSummary, Field, FieldErrors, SelectField, TextareaField } from "~/components/forms";
import { ELIGIBILITIES, METHODS, RESULTS_VISIBILITIES, SECRECIES } from "../schema";

export type SettingsDefaults = {
  title: string;
  description: string;
  /** datetime-local values on the Paris clock. */
  opensAt: string;
  closesAt: string;
  eligibility: string;
  minAge: string;
  secrecy: string;
  resultsVisibility: string;
  allowChange: boolean;
};

type Reply = SubmissionResult<string[]> | undefined;

function RadioChoices({ name, legend, values, defaultValue, labelOf, errors, disabled }: {
  name: string;
  legend: string;
  values: readonly string[];
  defaultValue: string;
  labelOf: (value: string) => string;
  errors?: string[];
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const errorId = `${name}-error`;
  return (
    <fieldset className="field radio-group" aria-describedby={errors?.length ? errorId : undefined} disabled={disabled}>
      <legend>
        {legend} <span className="field__required">{t("form.required")}</span>
      </legend>
      {values.map((value) => (
        <div className="radio-group__option" key={value}>
          <input type="radio" id={`${name}-${value}`} name={name} value={value} defaultChecked={defaultValue === value} aria-invalid={errors?.length ? true : undefined} />
          <label htmlFor={`${name}-${value}`}>{labelOf(value)}</label>
        </div>
      ))}
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  );
}

/** Create (intent "create") or edit (intent "settings") a consultation. */
export function ConsultationSettingsForm({ intent, defaults, lastResult, frozen }: { intent: "create" | "settings"; defaults: SettingsDefaults; lastResult: Reply; frozen: boolean }) {
  const { t } = useTranslation(["consultations", "common"]);
  const navigation = useNavigation();
  const [form, fields] = useForm<Omit<SettingsDefaults, "allowChange"> & { allowChange: string }>({ id: `consultation-${intent}`, lastResult, defaultValue: { ...defaults, allowChange: defaults.allowChange ? "on" : undefined }, shouldValidate: "onSubmit" });
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <ErrorSummary id={`consultation-${intent}-errors`} formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
      <input type="hidden" name="intent" value={intent} />
      <Field meta={fields.title} label={t("consultations:manage.fields.title")} required />
      <TextareaField meta={fields.description} label={t("consultations:manage.fields.description")} hint={t("consultations:manage.fields.descriptionHint")} rows={4} />
      {frozen ? (
        <>
          <p className="frozen-note">{t("consultations:manage.frozen")}</p>
          {/* The rules go back unchanged: the database refuses any change to them now. */}
          {(["opensAt", "closesAt", "eligibility", "minAge", "secrecy", "resultsVisibility"] as const).map((name) => (
            <input key={name} type="hidden" name={name} value={defaults[name]} />
          ))}
          {defaults.allowChange ? <input type="hidden" name="allowChange" value="on" /> : null}
        </>
      ) : (
        <>
          <Field
            meta={fields.opensAt}
            label={t("consultations:manage.fields.opensAt")}
            hint={t("consultations:manage.fields.timeHint")}
            required
            inputProps={{ type: "datetime-local" }}
          />
          <Field
            meta={fields.closesAt}
            label={t("consultations:manage.fields.closesAt")}
            hint={t("consultations:manage.fields.timeHint")}
            required
            inputProps={{ type: "datetime-local" }}
          />
          <RadioChoices
            name="eligibility"
            legend={t("consultations:manage.fields.eligibility")}
            values={ELIGIBILITIES}
            defaultValue={defaults.eligibility}
            labelOf={(v) => t(`consultations:manage.eligibility.${v as (typeof ELIGIBILITIES)[number]}`)}
            errors={fields.eligibility.errors}
          />
          <Field meta={fields.minAge} label={t("consultations:manage.fields.minAge")} hint={t("consultations:manage.fields.minAgeHint")} inputProps={{ inputMode: "numeric" }} />
          <RadioChoices
            name="secrecy"
            legend={t("consultations:manage.fields.secrecy")}
            values={SECRECIES}
            defaultValue={defaults.secrecy}
            labelOf={(v) => t(`consultations:manage.secrecy.${v as (typeof SECRECIES)[number]}`)}
            errors={fields.secrecy.errors}
          />
          <RadioChoices
            name="resultsVisibility"
            legend={t("consultations:manage.fields.resultsVisibility")}
            values={RESULTS_VISIBILITIES}
            defaultValue={defaults.resultsVisibility}
            labelOf={(v) => t(`consultations:manage.resultsVisibility.${v as (typeof RESULTS_VISIBILITIES)[number]}`)}
            errors={fields.resultsVisibility.errors}
          />
          <CheckboxField meta={fields.allowChange} label={t("consultations:manage.fields.allowChange")} />
        </>
      )}
      <p className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t(intent === "create" ? "consultations:manage.create" : "consultations:manage.saveSettings")}
        </button>
      </p>
    </Form>
  );
}

/** Add a question: its text, its method and the method's settings. */
export function QuestionForm({ lastResult }: { lastResult: Reply }) {
  const { t } = useTranslation(["consultations", "common"]);
  const navigation = useNavigation();
  const [form, fields] = useForm<{ title: string; description: string; method: string; minChoices: string; maxChoices: string; scale: string; total: string; minSpend: string }>({ id: "question-add", lastResult, shouldValidate: "onSubmit", defaultValue: { method: "single", minChoices: "1", maxChoices: "3", scale: "7", minSpend: "0" } });
  const submitted = (lastResult?.initialValue ?? null) as Record<string, unknown> | null;
  const [method, setMethod] = useState(String(submitted?.method ?? "single"));
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const all = fields as unknown as Record<string, { id: string; name: string; errorId: string; errors?: string[] }>;
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "question";
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <ErrorSummary id="question-add-errors" formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
      <input type="hidden" name="intent" value="question" />
      <Field meta={fields.title} label={t("consultations:manage.fields.question")} required />
      <TextareaField meta={fields.description} label={t("consultations:manage.fields.questionDescription")} rows={3} />
      <fieldset className="field radio-group" aria-describedby={all.method?.errors?.length ? "question-method-error" : undefined}>
        <legend>
          {t("consultations:manage.fields.method")} <span className="field__required">{t("common:form.required")}</span>
        </legend>
        {METHODS.map((m) => (
          <div className="radio-group__option" key={m}>
            <input type="radio" id={`question-method-${m}`} name="method" value={m} defaultChecked={method === m} onChange={() => setMethod(m)} aria-describedby={`question-method-${m}-help`} />
            <label htmlFor={`question-method-${m}`}>
              {t(`consultations:methods.${m}`)}
              <span className="field__hint" id={`question-method-${m}-help`}>
                {" "}
                {t(`consultations:methodHelp.${m}`)}
              </span>
            </label>
          </div>
        ))}
        <FieldErrors id="question-method-error" errors={all.method?.errors} />
      </fieldset>
      {/* Each method's settings: all shown without JavaScript (the server reads the chosen method's
          only); with it, those of the chosen method alone. */}
      <fieldset className="field" hidden={hydrated && method !== "approval"}>
        <legend>{t("consultations:manage.fields.approvalBounds")}</legend>
        <NumberField name="minChoices" label={t("consultations:manage.fields.minChoices")} defaultValue={String(submitted?.minChoices ?? "1")} errors={all.minChoices?.errors} />
        <NumberField name="maxChoices" label={t("consultations:manage.fields.maxChoices")} defaultValue={String(submitted?.maxChoices ?? "3")} errors={all.maxChoices?.errors} />
      </fieldset>
      <div hidden={hydrated && method !== "majority"}>
        <RadioChoices
          name="scale"
          legend={t("consultations:manage.fields.scale")}
          values={["7", "6"]}
          defaultValue={String(submitted?.scale ?? "7")}
          labelOf={(v) => t(v === "7" ? "consultations:manage.scale7" : "consultations:manage.scale6")}
          errors={all.scale?.errors}
        />
      </div>
      <fieldset className="field" hidden={hydrated && method !== "budget"}>
        <legend>{t("consultations:manage.fields.budget")}</legend>
        <NumberField name="total" label={t("consultations:manage.fields.total")} defaultValue={String(submitted?.total ?? "")} errors={all.total?.errors} />
        <NumberField name="minSpend" label={t("consultations:manage.fields.minSpend")} hint={t("consultations:manage.fields.minSpendHint")} defaultValue={String(submitted?.minSpend ?? "0")} errors={all.minSpend?.errors} />
      </fieldset>
      <p className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t("consultations:manage.addQuestion")}
        </button>
      </p>
    </Form>
  );
}

function NumberField({ name, label, hint, defaultValue, errors, required }: { name: string; label: string; hint?: string; defaultValue: string; errors?: string[]; required?: boolean }) {
  const { t } = useTranslation();
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} {required ? <span className="field__required">{t("form.required")}</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input type="text" inputMode="numeric" id={id} name={name} defaultValue={defaultValue} aria-describedby={describedBy} aria-invalid={errors?.length ? true : undefined} />
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** Add an option to a question: a label, or a proposal of the project; its cost for a budget. */
export function OptionForm({ questionId, budget, proposals, lastResult }: { questionId: number; budget: boolean; proposals: { id: number; title: string }[]; lastResult: Reply }) {
  const { t } = useTranslation(["consultations", "common"]);
  const navigation = useNavigation();
  const formId = `option-add-${questionId}`;
  const [form, fields] = useForm<{ label: string; description: string; proposalId: string; cost: string }>({ id: formId, lastResult, shouldValidate: "onSubmit" });
  const busy = navigation.state === "submitting" && navigation.formData?.get("questionId") === String(questionId);
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <ErrorSummary id={`${formId}-errors`} formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
      <input type="hidden" name="intent" value="option" />
      <input type="hidden" name="questionId" value={questionId} />
      <Field meta={fields.label} label={t("consultations:manage.fields.optionLabel")} hint={t("consultations:manage.fields.optionLabelHint")} />
      <TextareaField meta={fields.description} label={t("consultations:manage.fields.optionDescription")} rows={2} />
      {proposals.length > 0 ? (
        <SelectField meta={fields.proposalId} label={t("consultations:manage.fields.proposal")} hint={t("consultations:manage.fields.proposalHint")}>
          <option value="">{t("consultations:manage.fields.noProposal")}</option>
          {proposals.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </SelectField>
      ) : null}
      {budget ? <Field meta={fields.cost} label={t("consultations:manage.fields.cost")} required inputProps={{ inputMode: "numeric" }} /> : null}
      <p className="actions">
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t("consultations:manage.addOption")}
        </button>
      </p>
    </Form>
  );
}
