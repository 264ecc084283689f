// Small UI parts shared by the admin, moderation and system pages: breadcrumb, pagination,
// dates, a labelled <select> wired to Conform.
import { getSelectProps, type FieldMetadata } from "@conform-to/react";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "~/components/forms";
import type { DateLabel } from "~/utils/dates";

/** A date formatted by the loader (see app/utils/dates.ts), machine-readable too. */
export function DateTime({ value }: { value: DateLabel }) {
  return <time dateTime={value.iso}>{value.label}</time>;
}

/** "Administration › Members": where this page sits. */
export function AdminBreadcrumb({ current }: { current: string }) {
  const { t } = useTranslation(["admin"]);
  return (
    <nav aria-label={t("admin:nav.breadcrumb")} className="admin-breadcrumb">
      <p>
        <Link to="/admin">{t("admin:nav.admin")}</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{current}</span>
      </p>
    </nav>
  );
}

/** Previous / next links around "page X of Y", inside a labelled nav. */
export function Pagination({
  label,
  page,
  pageCount,
  hrefFor,
}: {
  label: string;
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
}) {
  const { t } = useTranslation(["admin"]);
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label}>
      <ul className="actions" style={{ listStyle: "none", padding: 0 }}>
        {page > 1 ? (
          <li>
            <Link to={hrefFor(page - 1)} rel="prev">
              {t("admin:pagination.previous")}
            </Link>
          </li>
        ) : null}
        <li>{t("admin:pagination.current", { page: String(page), pages: String(pageCount) })}</li>
        {page < pageCount ? (
          <li>
            <Link to={hrefFor(page + 1)} rel="next">
              {t("admin:pagination.next")}
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** A <select> with its label, hint and errors, like Field does for inputs. */
export function SelectField({
  meta,
  label,
  hint,
  required,
  children,
}: {
  meta: FieldMetadata<string | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const hintId = hint ? `${meta.id}-hint` : undefined;
  const describedBy = [hintId, meta.errors?.length ? meta.errorId : undefined].filter(Boolean).join(" ") || undefined;
  const { key, ...props } = getSelectProps(meta, { ariaDescribedBy: describedBy });
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
      <select key={key} {...props} required={required} aria-required={required || undefined}>
        {children}
      </select>
      {meta.errors?.length ? (
        <p className="field__error" id={meta.errorId}>
          {meta.errors.map(errorText).join(" ")}
        </p>
      ) : null}
    </div>
  );
}
