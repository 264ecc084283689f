import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = (args) => pageTitle(args, null);

export async function loader({ context }: LoaderFunctionArgs) {
  return { orgName: context.org.name, loggedIn: Boolean(context.auth) };
}

export default function Home() {
  const { orgName, loggedIn } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="stack">
      <h1>{t("home.title", { org: orgName })}</h1>
      <p className="lead">{t("home.intro")}</p>
      <section aria-labelledby="projects-title">
        <h2 id="projects-title">{t("home.projectsTitle")}</h2>
        <p>{t("home.noProjects")}</p>
      </section>
      {loggedIn ? null : (
        <section aria-labelledby="join-title">
          <h2 id="join-title">{t("home.joinTitle")}</h2>
          <p>{t("home.joinText")}</p>
          <p className="actions">
            <Link to="/signup" className="button">
              {t("nav.signup")}
            </Link>
            <Link to="/login" className="button button--secondary">
              {t("nav.login")}
            </Link>
          </p>
        </section>
      )}
    </div>
  );
}
