// The proposal form (new and edit): title, body in the "basic" rich-text editor (a textarea
// without JavaScript), and an optional point on the map.
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { useValidatedForm } from "~/components/useValidatedForm";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { countFieldErrors, ErrorSummary, Field } from "~/components/forms";
import { LocationField } from "~/components/map/LocationField";
import { RichTextField } from "~/components/rich-text/RichTextField";
import type { NamedPlace } from "~/modules/maps/places";
import type { MapSettings } from "~/modules/projects/queries.server";
import { ProposalSchema } from "../schema";

export function ProposalForm({
  id,
  lastResult,
  defaultValue,
  map,
  location,
  submitLabel,
  cancelTo,
}: {
  id: string;
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: { title: string; body: Record<string, unknown>; place: [number, number] | null };
  map: MapSettings;
  /** Residents name a place from the local list; officials may type coordinates too. */
  location: { coordinates: boolean; places: NamedPlace[] };
  submitLabel: string;
  cancelTo: string;
}) {
  const { t } = useTranslation(["common", "proposals"]);
  const navigation = useNavigation();
  const [form, fields] = useValidatedForm(ProposalSchema, { id, lastResult, defaultValue: defaultValue ? { title: defaultValue.title } : undefined });
  const posted = (lastResult?.initialValue ?? null) as Record<string, unknown> | null;
  const bodyDefault = posted && typeof posted.body === "string" ? posted.body : defaultValue?.body;
  const place = defaultValue?.place
    ? { geometry: { type: "Point" as const, coordinates: defaultValue.place }, center: defaultValue.place }
    : null;
  return (
    <Form method="post" className="form proposal-form" {...getFormProps(form)}>
      <ErrorSummary id={`${id}-errors`} formErrors={form.errors} fieldErrorCount={countFieldErrors(form.allErrors)} />
      <Field
        meta={fields.title}
        type="text"
        label={t("proposals:form.title")}
        hint={t("proposals:form.titleHint")}
        required
        inputProps={{ maxLength: 160, autoComplete: "off" }}
      />
      <RichTextField
        name="body"
        label={t("proposals:form.body")}
        hint={t("proposals:form.bodyHint")}
        profile="basic"
        defaultValue={bodyDefault}
        errors={fields.body.errors}
        required
      />
      <LocationField
        name="location"
        label={t("proposals:form.location")}
        hint={t("proposals:form.locationHint")}
        allowPolygon={false}
        center={defaultValue?.place ?? map.center}
        zoom={defaultValue?.place ? Math.max(map.zoom, 15) : map.zoom}
        styleUrl={map.styleUrl}
        defaultValue={place}
        submitted={posted}
        errors={fields.location.errors}
        coordinates={location.coordinates}
        places={location.places}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {submitLabel}
        </button>
        <Link to={cancelTo}>{t("proposals:form.cancel")}</Link>
      </div>
    </Form>
  );
}
