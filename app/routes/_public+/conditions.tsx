import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ context }: LoaderFunctionArgs) {
  return { title: getT(context.locale)("pages.termsTitle"), orgName: context.org.name };
}

export default function Page() {
  const { orgName } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <article className="page--narrow">
      <h1>{t("pages.termsTitle")}</h1>
      <p>{t("pages.termsBody", { org: orgName })}</p>
    </article>
  );
}
