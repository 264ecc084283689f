// Accessible form parts shared by every form: labels tied to inputs, errors announced and linked
// by aria-describedby, an error summary that takes focus after a failed submission.
import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useEffect, useRef, type InputHTMLAttributes, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Errors are i18n keys ("errors.email", "auth:login.invalid"), or text the server already translated. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (error: string) => (i18n.exists(error) ? (t as (k: string) => string)(error) : error);
}

type FieldProps = {
  meta: FieldMetadata<string | undefined>;
  label: ReactNode;
  type: "text" | "email" | "password" | "hidden";
  hint?: ReactNode;
  required?: boolean;
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
};

export function Field({ meta, label, type, hint, required, inputProps }: FieldProps) {
  const errorText = useErrorText();
  const { t } = useTranslation();
  const hintId = hint ? `${meta.id}-hint` : undefined;
  // Conform adds the error's id to aria-describedby itself when the field is invalid.
  const { key, ...props } = getInputProps(meta, { type, ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={meta.id}>
        {label} {required ? <span className="field__required">{t("form.required")}</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input key={key} {...props} {...inputProps} required={required} aria-required={required || undefined} />
      {meta.errors?.length ? (
        <p className="field__error" id={meta.errorId}>
          {meta.errors.map(errorText).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function CheckboxField({
  meta,
  label,
  required,
}: {
  meta: FieldMetadata<string | boolean | undefined>;
  label: ReactNode;
  required?: boolean;
}) {
  const errorText = useErrorText();
  const { key, ...props } = getInputProps(meta, { type: "checkbox", value: "on" });
  return (
    <div className="field field--checkbox">
      <input key={key} {...props} required={required} aria-required={required || undefined} />
      <label htmlFor={meta.id}>{label}</label>
      {meta.errors?.length ? (
        <p className="field__error" id={meta.errorId}>
          {meta.errors.map(errorText).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level errors and a count of field errors; focused when it appears. */
export function ErrorSummary({ id, formErrors, fieldErrorCount }: { id: string; formErrors?: string[]; fieldErrorCount: number }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ref = useRef<HTMLDivElement>(null);
  const hasErrors = Boolean(formErrors?.length) || fieldErrorCount > 0;
  useEffect(() => {
    if (hasErrors) ref.current?.focus();
  }, [hasErrors, formErrors, fieldErrorCount]);
  if (!hasErrors) return null;
  return (
    <div className="form-errors" role="alert" tabIndex={-1} ref={ref} id={id}>
      {fieldErrorCount > 0 ? <h2>{t("form.errorsTitle", { count: fieldErrorCount })}</h2> : null}
      {formErrors?.length ? (
        <ul>
          {formErrors.map((e) => (
            <li key={e}>{errorText(e)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** How many fields of a Conform form currently show an error. */
export function countFieldErrors(allErrors: Record<string, string[]> | undefined): number {
  if (!allErrors) return 0;
  return Object.entries(allErrors).filter(([name, errs]) => name !== "" && errs.length > 0).length;
}
