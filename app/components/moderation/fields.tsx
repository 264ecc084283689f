// Form parts the moderation forms need beyond components/forms.tsx: a labelled textarea and a
// group of radio buttons in a fieldset with its legend, both wired to Conform like Field is.
import { getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode, TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "~/components/forms";

export function TextareaField({
  meta,
  label,
  hint,
  required,
  textareaProps,
}: {
  meta: FieldMetadata<string | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  textareaProps?: TextareaHTMLAttributes<HTMLTextAreaElement>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const { key, ...props } = getTextareaProps(meta, { ariaDescribedBy: hintId });
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
      <textarea key={key} rows={3} {...props} {...textareaProps} required={required} aria-required={required || undefined} />
      {meta.errors?.length ? (
        <p className="field__error" id={meta.errorId}>
          {meta.errors.map(errorText).join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** Radio buttons in a fieldset: the legend names the question, each label an answer. */
export function RadioGroupField({
  meta,
  legend,
  options,
  required,
}: {
  meta: FieldMetadata<string | undefined>;
  legend: ReactNode;
  options: { value: string; label: ReactNode }[];
  required?: boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const invalid = Boolean(meta.errors?.length);
  return (
    <fieldset className="field radio-group" aria-describedby={invalid ? meta.errorId : undefined}>
      <legend>
        {legend} {required ? <span className="field__required">{t("form.required")}</span> : null}
      </legend>
      {options.map((option) => {
        const id = `${meta.id}-${option.value}`;
        const { key: _key, ...props } = getInputProps(meta, { type: "radio", value: option.value, ariaAttributes: false });
        return (
          <div className="radio-group__option" key={option.value}>
            <input {...props} id={id} required={required} aria-invalid={invalid || undefined} />
            <label htmlFor={id}>{option.label}</label>
          </div>
        );
      })}
      {invalid ? (
        <p className="field__error" id={meta.errorId}>
          {meta.errors!.map(errorText).join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}
