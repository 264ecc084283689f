// /open-data: what the organization publishes as open data, under which licence (Licence
// Ouverte 2.0 / Etalab, summarised here), and the links to the files.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getT } from "~/i18n/i18n.server";
import { DATASETS, FIELDS, FORMATS, LICENCE_URL } from "~/modules/opendata/datasets";
import { countOpenData } from "~/modules/opendata/export.server";
import { sql } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, args.data?.title);

export async function loader({ context }: LoaderFunctionArgs) {
  const counts = await countOpenData(sql, context.org.id);
  return {
    title: getT(context.locale)("moderation:openData.title"),
    orgName: context.org.name,
    counts,
  };
}

export default function OpenDataPage() {
  const { orgName, counts } = useLoaderData<typeof loader>();
  const { t: typedT } = useTranslation(["common", "moderation"]);
  // Column names come from the export's definition: the typed t() cannot check them.
  const t = typedT as unknown as (key: string, values?: Record<string, unknown>) => string;
  return (
    <div className="stack open-data">
      <h1>{t("moderation:openData.title")}</h1>
      <p className="lead">{t("moderation:openData.intro", { org: orgName })}</p>

      <section aria-labelledby="open-data-datasets" className="stack">
        <h2 id="open-data-datasets">{t("moderation:openData.datasetsTitle")}</h2>
        <p>{t("moderation:openData.formats")}</p>
        {DATASETS.map((dataset) => (
          <section key={dataset} aria-labelledby={`dataset-${dataset}`} className="stack open-data__dataset">
            <h3 id={`dataset-${dataset}`}>{t(`moderation:openData.datasets.${dataset}.title`)}</h3>
            <p>{t(`moderation:openData.datasets.${dataset}.description`)}</p>
            <p>{t(`moderation:openData.datasets.${dataset}.count`, { count: counts[dataset] })}</p>
            <ul className="actions open-data__files">
              {FORMATS.map((format) => (
                <li key={format}>
                  <a href={`/open-data/${dataset}.${format}`} className="button button--secondary" download>
                    {t("moderation:openData.download", { format: format.toUpperCase() })}
                    <span className="visually-hidden"> {t(`moderation:openData.datasets.${dataset}.title`)}</span>
                  </a>
                </li>
              ))}
            </ul>
            <div className="table-wrap">
              <table>
                <caption>{t("moderation:openData.fieldsCaption", { dataset: t(`moderation:openData.datasets.${dataset}.title`) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("moderation:openData.fieldName")}</th>
                    <th scope="col">{t("moderation:openData.fieldDescription")}</th>
                  </tr>
                </thead>
                <tbody>
                  {FIELDS[dataset].map((name) => (
                    <tr key={name}>
                      <th scope="row">
                        <code>{name}</code>
                      </th>
                      <td>{t(`moderation:openData.fields.${dataset}.${name}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      </section>

      <section aria-labelledby="open-data-privacy" className="stack">
        <h2 id="open-data-privacy">{t("moderation:openData.privacyTitle")}</h2>
        <p>{t("moderation:openData.privacy", { org: orgName })}</p>
        <p>{t("moderation:openData.excluded")}</p>
      </section>

      <section aria-labelledby="open-data-licence" className="stack">
        <h2 id="open-data-licence">{t("moderation:openData.licenceTitle")}</h2>
        <p>{t("moderation:openData.licenceIntro", { org: orgName })}</p>
        <h3>{t("moderation:openData.freedomsTitle")}</h3>
        <ul>
          <li>{t("moderation:openData.freedoms.copy")}</li>
          <li>{t("moderation:openData.freedoms.share")}</li>
          <li>{t("moderation:openData.freedoms.adapt")}</li>
          <li>{t("moderation:openData.freedoms.commercial")}</li>
        </ul>
        <h3>{t("moderation:openData.conditionTitle")}</h3>
        <p>{t("moderation:openData.condition")}</p>
        <p>{t("moderation:openData.attributionExample", { org: orgName })}</p>
        <p>{t("moderation:openData.noWarranty")}</p>
        <p>
          <a href={LICENCE_URL} hrefLang="fr" rel="license external">
            {t("moderation:openData.licenceLink")}
          </a>
        </p>
      </section>

      <section aria-labelledby="open-data-formats" className="stack">
        <h2 id="open-data-formats">{t("moderation:openData.technicalTitle")}</h2>
        <ul>
          <li>{t("moderation:openData.technical.csv")}</li>
          <li>{t("moderation:openData.technical.formulas")}</li>
          <li>{t("moderation:openData.technical.json")}</li>
          <li>{t("moderation:openData.technical.dates")}</li>
          <li>{t("moderation:openData.technical.fresh")}</li>
        </ul>
      </section>
    </div>
  );
}
