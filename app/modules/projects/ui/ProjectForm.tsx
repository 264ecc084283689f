// The officials' project form (create and edit): texts, rich body, theme, place, cover, documents
// and the four phases. Multipart (files); works without JavaScript; errors next to each field,
// values kept after a refused submission.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field, FieldErrors, FileField, SelectField, TextareaField } from "~/components/forms";
import { LocationField } from "~/components/map/LocationField";
import { RichTextField } from "~/components/rich-text/RichTextField";
import type { ParsedLocation } from "~/modules/maps/geometry";
import { PHASE_KINDS, PROJECT_KINDS, type Phase } from "../phases";
import { ALT_MAX, DOCUMENT_TITLE_MAX, ProjectFormSchema, SUMMARY_MAX, TITLE_MAX } from "../schema";
import { slugify } from "../slug";
import type { CoverImage, MapSettings } from "../types";

export type ProjectFormDefaults = {
  title: string;
  slug: string;
  summary: string;
  body: unknown;
  kind: string;
  coverAlt: string;
  location: ParsedLocation | null;
  phases: Phase[];
};

export type ProjectFormDocument = { id: number; title: string; meta: string };

export const IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif,image/avif";

export function ProjectForm({
  mode,
  lastResult,
  defaults,
  cover,
  documents,
  map,
}: {
  mode: "create" | "edit";
  lastResult: SubmissionResult<string[]> | undefined;
  defaults: ProjectFormDefaults;
  cover: CoverImage | null;
  documents: ProjectFormDocument[];
  map: MapSettings;
}) {
  const { t } = useTranslation(["common", "projects"]);
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(ProjectFormSchema, {
    id: `project-${mode}`,
    lastResult,
    shouldValidate: "onBlur",
    defaultValue: {
      title: defaults.title,
      slug: defaults.slug,
      summary: defaults.summary,
      kind: defaults.kind,
      coverAlt: defaults.coverAlt,
      bodyFormat: "plain",
      phases: Object.fromEntries(
        defaults.phases.map((p) => [p.kind, { startsOn: p.startsOn, endsOn: p.endsOn ?? "" }]),
      ),
    },
  });
  const [title, setTitle] = useState(defaults.title);
  const phases = fields.phases.getFieldset();
  const submitted = (lastResult?.initialValue ?? null) as Record<string, unknown> | null;
  const removed = new Set(
    ([] as unknown[]).concat(submitted?.removeDocuments ?? []).map((v) => String(v)),
  );
  const bodyDefault = submitted && typeof submitted.body === "string" ? submitted.body : defaults.body;

  return (
    <Form method="post" encType="multipart/form-data" className="form project-form" {...getFormProps(form)}>
      <ErrorSummary id={`project-${mode}-errors`} formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
      <input type="hidden" name="intent" value="save" />

      <fieldset>
        <legend>{t("projects:form.general")}</legend>
        <Field
          meta={fields.title}
          type="text"
          label={t("projects:form.title")}
          hint={t("projects:form.titleHint")}
          required
          inputProps={{ maxLength: TITLE_MAX, onInput: (event) => setTitle(event.currentTarget.value) }}
        />
        <Field
          meta={fields.slug}
          type="text"
          label={t("projects:form.slug")}
          hint={t("projects:form.slugHint")}
          inputProps={{ placeholder: slugify(title) || undefined, autoCapitalize: "none", spellCheck: false, autoComplete: "off" }}
        />
        <SelectField meta={fields.kind} label={t("projects:form.kind")} required>
          <option value="">{t("projects:form.kindChoose")}</option>
          {PROJECT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`projects:kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextareaField meta={fields.summary} label={t("projects:form.summary")} hint={t("projects:form.summaryHint")} rows={3} maxLength={SUMMARY_MAX} />
        <RichTextField
          name="body"
          label={t("projects:form.body")}
          hint={t("projects:form.bodyHint")}
          profile="full"
          defaultValue={bodyDefault}
          errors={fields.body.errors}
          required
        />
      </fieldset>

      <LocationField
        name="location"
        label={t("projects:form.location")}
        hint={t("projects:form.locationHint")}
        defaultValue={defaults.location}
        allowPolygon
        center={map.center}
        zoom={map.zoom}
        styleUrl={map.styleUrl}
        errors={fields.location.errors}
        submitted={submitted}
      />

      <fieldset>
        <legend>{t("projects:form.coverTitle")}</legend>
        {cover ? (
          <div className="stack">
            <p>{t("projects:form.currentCover")}</p>
            <img className="current-cover" src={cover.src} alt={cover.alt} width={cover.width} height={cover.height} />
            <div className="field field--checkbox">
              <input
                type="checkbox"
                id="project-remove-cover"
                name="removeCover"
                value="on"
                defaultChecked={submitted?.removeCover === "on"}
              />
              <label htmlFor="project-remove-cover">{t("projects:form.removeCover")}</label>
            </div>
          </div>
        ) : null}
        <FileField meta={fields.cover} label={t("projects:form.cover")} hint={t("projects:form.coverHint")} accept={IMAGE_ACCEPT} />
        <Field meta={fields.coverAlt} label={t("projects:form.coverAlt")} hint={t("projects:form.coverAltHint")} inputProps={{ maxLength: ALT_MAX }} />
      </fieldset>

      <fieldset>
        <legend>{t("projects:form.documentsTitle")}</legend>
        <p className="field__hint">{t("projects:form.documentsHint")}</p>
        {documents.length === 0 ? (
          <p>{t("projects:form.noDocuments")}</p>
        ) : (
          <ul className="documents">
            {documents.map((d) => (
              <li key={d.id}>
                <span>
                  {d.title} <span className="documents__meta">({d.meta})</span>
                </span>
                <div className="field field--checkbox">
                  <input
                    type="checkbox"
                    id={`project-remove-document-${d.id}`}
                    name="removeDocuments"
                    value={String(d.id)}
                    defaultChecked={removed.has(String(d.id))}
                  />
                  <label htmlFor={`project-remove-document-${d.id}`}>{t("projects:form.removeDocument", { title: d.title })}</label>
                </div>
              </li>
            ))}
          </ul>
        )}
        <Field meta={fields.documentTitle} label={t("projects:form.documentTitle")} inputProps={{ maxLength: DOCUMENT_TITLE_MAX }} />
        <FileField meta={fields.document} label={t("projects:form.document")} hint={t("projects:form.documentHint")} accept="application/pdf" />
      </fieldset>

      <fieldset aria-describedby={`project-phases-hint${fields.phases.errors?.length ? ` ${fields.phases.errorId}` : ""}`}>
        <legend>{t("projects:form.phasesTitle")}</legend>
        <p className="field__hint" id="project-phases-hint">
          {t("projects:form.phasesHint")} {t("projects:form.dateHint")}
        </p>
        <FieldErrors id={fields.phases.errorId} errors={fields.phases.errors} />
        <div className="phase-rows">
          {PHASE_KINDS.map((kind) => {
            const row = phases[kind].getFieldset();
            return (
              <fieldset key={kind} className="phase-row">
                <legend>{t(`projects:phases.${kind}`)}</legend>
                <Field meta={row.startsOn} type="date" label={t("projects:form.startsOn")} />
                <Field meta={row.endsOn} type="date" label={t("projects:form.endsOn")} />
              </fieldset>
            );
          })}
        </div>
      </fieldset>

      <div className="actions">
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {mode === "create" ? t("projects:form.create") : t("projects:form.save")}
        </button>
      </div>
    </Form>
  );
}
