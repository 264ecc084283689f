// Form parts of the project form that app/components/forms.tsx does not have: textarea, select,
// date and file inputs, with their label, hint and errors tied together as Field does.
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "~/components/forms";

type Meta = FieldMetadata<string | undefined>;

function describedBy(meta: { id: string; errorId: string; errors?: string[] }, hint: ReactNode, extra?: string) {
  return [hint ? `${meta.id}-hint` : null, extra ?? null, meta.errors?.length ? meta.errorId : null].filter(Boolean).join(" ") || undefined;
}

function Label({ htmlFor, label, required }: { htmlFor: string; label: ReactNode; required?: boolean }) {
  const { t } = useTranslation();
  return (
    <label htmlFor={htmlFor}>
      {label} {required ? <span className="field__required">{t("form.required")}</span> : null}
    </label>
  );
}

function Hint({ id, hint }: { id: string; hint: ReactNode }) {
  if (!hint) return null;
  return (
    <p className="field__hint" id={`${id}-hint`}>
      {hint}
    </p>
  );
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] | null }) {
  const errorText = useErrorText();
  if (!errors?.length) return null;
  return (
    <p className="field__error" id={id}>
      {errors.map(errorText).join(" ")}
    </p>
  );
}

export function TextareaField({ meta, label, hint, required, rows = 4, maxLength }: { meta: Meta; label: ReactNode; hint?: ReactNode; required?: boolean; rows?: number; maxLength?: number }) {
  const { key, ...props } = getTextareaProps(meta, { ariaDescribedBy: describedBy(meta, hint) });
  return (
    <div className="field">
      <Label htmlFor={meta.id} label={label} required={required} />
      <Hint id={meta.id} hint={hint} />
      <textarea key={key} {...props} rows={rows} maxLength={maxLength} required={required} aria-required={required || undefined} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({ meta, label, hint, required, children }: { meta: Meta; label: ReactNode; hint?: ReactNode; required?: boolean; children: ReactNode }) {
  const { key, ...props } = getSelectProps(meta, { ariaDescribedBy: describedBy(meta, hint) });
  return (
    <div className="field">
      <Label htmlFor={meta.id} label={label} required={required} />
      <Hint id={meta.id} hint={hint} />
      <select key={key} {...props} required={required} aria-required={required || undefined}>
        {children}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function InputField({
  meta,
  label,
  hint,
  required,
  type = "text",
  inputProps,
}: {
  meta: Meta;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  type?: "text" | "date";
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
}) {
  const { key, ...props } = getInputProps(meta, { type, ariaDescribedBy: describedBy(meta, hint) });
  return (
    <div className="field">
      <Label htmlFor={meta.id} label={label} required={required} />
      <Hint id={meta.id} hint={hint} />
      <input key={key} {...props} {...inputProps} required={required} aria-required={required || undefined} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A file input: never pre-filled (browsers forbid it), its errors shown like the others. */
export function FileField({
  meta,
  label,
  hint,
  accept,
}: {
  meta: { id: string; name: string; errorId: string; errors?: string[] };
  label: ReactNode;
  hint?: ReactNode;
  accept: string;
}) {
  return (
    <div className="field">
      <Label htmlFor={meta.id} label={label} />
      <Hint id={meta.id} hint={hint} />
      <input
        id={meta.id}
        name={meta.name}
        type="file"
        accept={accept}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={describedBy(meta, hint)}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
