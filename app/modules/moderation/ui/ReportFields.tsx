// The fields of a report (reason, details) and its form-level errors: shared by the inline
// ReportButton and the /report page.
import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "~/components/forms";
import { REPORT_DETAILS_MAX, REPORT_REASONS } from "~/modules/moderation/schema";
import { RadioGroupField, TextareaField } from "~/components/forms";

export function ReportFields({ reason, details }: { reason: FieldMetadata<string | undefined>; details: FieldMetadata<string | undefined> }) {
  const { t } = useTranslation(["common", "moderation"]);
  return (
    <>
      <RadioGroupField
        meta={reason}
        legend={t("moderation:report.legend")}
        required
        options={REPORT_REASONS.map((r) => ({ value: r, label: t(`moderation:reasons.${r}`) }))}
      />
      <TextareaField
        meta={details}
        label={t("moderation:report.details")}
        hint={t("moderation:report.detailsHint")}
        textareaProps={{ maxLength: REPORT_DETAILS_MAX }}
      />
    </>
  );
}

/** Errors about the whole form (already reported, own content...), announced when they appear. */
export function FormErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  const errorText = useErrorText();
  return (
    <div role="alert" id={id}>
      {errors?.length ? (
        <div className="form-errors">
          {errors.map((e) => (
            <p key={e}>{errorText(e)}</p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
