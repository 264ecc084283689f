// "Gérer les projets › …": where an officials' page sits.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export function ManageBreadcrumb({ current }: { current: string }) {
  const { t } = useTranslation(["projects"]);
  return (
    <nav aria-label={t("projects:manage.breadcrumb")}>
      <p>
        <Link to="/manage/projects">{t("projects:manage.title")}</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{current}</span>
      </p>
    </nav>
  );
}
