// Small accessible fields for the officials' scene forms: many short forms on one page, each
// plain HTML (they work without JavaScript), their errors (translated by the server) next to the
// field they concern and summed up, focused, at the top of the form that failed.
import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FieldErrors } from "~/components/forms";

export type FormAnswer = { form: string; fieldErrors: Record<string, string[]>; formErrors: string[]; values: Record<string, string> } | null | undefined;

/** The answer when it is this form's, else null. */
export function answerFor(answer: FormAnswer, form: string) {
  return answer && answer.form === form ? answer : null;
}

export function FormErrors({ answer }: { answer: FormAnswer }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const count = answer ? Object.values(answer.fieldErrors).filter((e) => e.length > 0).length : 0;
  const shown = Boolean(answer && (count > 0 || answer.formErrors.length > 0));
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, answer]);
  if (!answer || !shown) return null;
  return (
    <div className="form-errors" role="alert" tabIndex={-1} ref={ref}>
      {count > 0 ? <h2>{t("form.errorsTitle", { count })}</h2> : null}
      {answer.formErrors.length ? (
        <ul>
          {answer.formErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function TextInput({
  id,
  name,
  label,
  hint,
  answer,
  defaultValue,
  required,
  maxLength,
  multiline,
  inputMode,
  rows = 4,
}: {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  answer: FormAnswer;
  defaultValue?: string;
  required?: boolean;
  maxLength?: number;
  multiline?: boolean;
  inputMode?: "decimal" | "text";
  rows?: number;
}) {
  const { t } = useTranslation();
  const errors = answer?.fieldErrors[name];
  const value = answer ? (answer.values[name] ?? "") : (defaultValue ?? "");
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    required,
    maxLength,
    "aria-required": required || undefined,
    "aria-invalid": errors?.length ? true : undefined,
    "aria-describedby": describedBy,
  } as const;
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
      {multiline ? <textarea {...common} rows={rows} defaultValue={value} key={value} /> : <input {...common} type="text" inputMode={inputMode} defaultValue={value} key={value} />}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function FileInput({ id, name, label, hint, answer, accept }: { id: string; name: string; label: ReactNode; hint?: ReactNode; answer: FormAnswer; accept: string }) {
  const errors = answer?.fieldErrors[name];
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} type="file" accept={accept} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy} />
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** Three coordinates in a fieldset (camera or target), typed as text: "12,5" and "12.5" read the same. */
export function Vec3Fields({
  idPrefix,
  prefix,
  legend,
  answer,
  values,
}: {
  idPrefix: string;
  prefix: "camera" | "target";
  legend: string;
  answer: FormAnswer;
  values?: [number, number, number];
}) {
  const { t, i18n } = useTranslation(["scenes"]);
  const format = (n: number | undefined) => (n == null ? "" : i18n.language === "fr" ? String(n).replace(".", ",") : String(n));
  const axes = [
    ["X", t("scenes:manage.axisX")],
    ["Y", t("scenes:manage.axisY")],
    ["Z", t("scenes:manage.axisZ")],
  ] as const;
  return (
    <fieldset className="vec3">
      <legend>{legend}</legend>
      {axes.map(([axis, label], i) => (
        <TextInput
          key={axis}
          id={`${idPrefix}-${prefix}${axis}`}
          name={`${prefix}${axis}`}
          label={label}
          answer={answer}
          defaultValue={format(values?.[i])}
          required
          maxLength={14}
          inputMode="decimal"
        />
      ))}
    </fieldset>
  );
}
