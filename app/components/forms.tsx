// Accessible form parts shared by every form: labels tied to inputs, errors announced and linked
// by aria-describedby, an error summary that takes focus after a failed submission.
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SyntheticEvent,
  type TextareaHTMLAttributes,
} from "react";
import { useTranslation } from "react-i18next";

/** Errors are i18n keys ("errors.email", "auth:login.invalid"), or text the server already translated. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (error: string) => (i18n.exists(error) ? (t as (k: string) => string)(error) : error);
}

type Meta = FieldMetadata<string | undefined>;

type FieldConstraint = { required?: boolean; minLength?: number; maxLength?: number; pattern?: string };

/**
 * The metadata conform's useForm gives a field before any submission (same ids, names, initial
 * value and constraints), without useForm. For the plain HTML version of a form repeated down a
 * page (a reply form and a report form under each comment): it works without JavaScript, and
 * becomes a validated form only when someone opens it (see useOpenedOnce). Building a useForm
 * for each of a hundred closed forms was a third of the rendering time of a long thread.
 */
export function plainField(formId: string, name: string, constraint?: FieldConstraint, initialValue?: string): Meta {
  const id = `${formId}-${name}`;
  const field = {
    id,
    name,
    formId,
    errorId: `${id}-error`,
    descriptionId: `${id}-description`,
    initialValue,
    errors: undefined,
    key: undefined,
    valid: true,
    dirty: false,
    ...constraint,
  };
  return field as unknown as Meta;
}

/** For a <details> holding a form: false until someone opens it with JavaScript running, then true. */
export function useOpenedOnce() {
  const [opened, setOpened] = useState(false);
  const onToggle = useCallback((event: SyntheticEvent<HTMLDetailsElement>) => {
    if (event.currentTarget.open) setOpened(true);
  }, []);
  return [opened, onToggle] as const;
}

function FieldLabel({ htmlFor, label, required }: { htmlFor: string; label: ReactNode; required?: boolean }) {
  const { t } = useTranslation();
  return (
    <label htmlFor={htmlFor}>
      {label} {required ? <span className="field__required">{t("form.required")}</span> : null}
    </label>
  );
}

function FieldHint({ id, hint }: { id: string; hint: ReactNode }) {
  if (!hint) return null;
  return (
    <p className="field__hint" id={id}>
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

const hintIdOf = (meta: { id: string }, hint: ReactNode) => (hint ? `${meta.id}-hint` : undefined);

type FieldProps = {
  meta: Meta;
  label: ReactNode;
  type?: "text" | "email" | "password" | "hidden" | "date";
  hint?: ReactNode;
  required?: boolean;
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
};

export function Field({ meta, label, type = "text", hint, required, inputProps }: FieldProps) {
  const hintId = hintIdOf(meta, hint);
  // Conform adds the error's id to aria-describedby itself when the field is invalid.
  const { key, ...props } = getInputProps(meta, { type, ariaDescribedBy: hintId });
  return (
    <div className="field">
      <FieldLabel htmlFor={meta.id} label={label} required={required} />
      <FieldHint id={`${meta.id}-hint`} hint={hint} />
      <input key={key} {...props} {...inputProps} required={required} aria-required={required || undefined} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextareaField({
  meta,
  label,
  hint,
  required,
  rows = 4,
  maxLength,
  textareaProps,
}: {
  meta: Meta;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  rows?: number;
  maxLength?: number;
  textareaProps?: TextareaHTMLAttributes<HTMLTextAreaElement>;
}) {
  const { key, ...props } = getTextareaProps(meta, { ariaDescribedBy: hintIdOf(meta, hint) });
  return (
    <div className="field">
      <FieldLabel htmlFor={meta.id} label={label} required={required} />
      <FieldHint id={`${meta.id}-hint`} hint={hint} />
      <textarea
        key={key}
        rows={rows}
        maxLength={maxLength}
        {...props}
        {...textareaProps}
        required={required}
        aria-required={required || undefined}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({ meta, label, hint, required, children }: { meta: Meta; label: ReactNode; hint?: ReactNode; required?: boolean; children: ReactNode }) {
  const { key, ...props } = getSelectProps(meta, { ariaDescribedBy: hintIdOf(meta, hint) });
  return (
    <div className="field">
      <FieldLabel htmlFor={meta.id} label={label} required={required} />
      <FieldHint id={`${meta.id}-hint`} hint={hint} />
      <select key={key} {...props} required={required} aria-required={required || undefined}>
        {children}
      </select>
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
  const invalid = Boolean(meta.errors?.length);
  return (
    <div className="field">
      <FieldLabel htmlFor={meta.id} label={label} />
      <FieldHint id={`${meta.id}-hint`} hint={hint} />
      <input
        id={meta.id}
        name={meta.name}
        type="file"
        accept={accept}
        aria-invalid={invalid || undefined}
        aria-describedby={[hintIdOf(meta, hint), invalid ? meta.errorId : undefined].filter(Boolean).join(" ") || undefined}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
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
  meta: Meta;
  legend: ReactNode;
  options: { value: string; label: ReactNode }[];
  required?: boolean;
}) {
  const { t } = useTranslation();
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
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </fieldset>
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
