// Previous / next links around "page X of Y", inside a labelled nav. Links keep the other
// search parameters (filters, query) through `hrefFor`.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function Pagination({ label, page, pageCount, hrefFor }: { label: string; page: number; pageCount: number; hrefFor: (page: number) => string }) {
  const { t } = useTranslation(["projects"]);
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label} className="pagination">
      <ul>
        {page > 1 ? (
          <li>
            <Link to={hrefFor(Math.min(page - 1, pageCount))} rel="prev">
              {t("projects:pagination.previous")}
            </Link>
          </li>
        ) : null}
        <li aria-current="page">{t("projects:pagination.current", { page: String(page), pages: String(pageCount) })}</li>
        {page < pageCount ? (
          <li>
            <Link to={hrefFor(page + 1)} rel="next">
              {t("projects:pagination.next")}
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
