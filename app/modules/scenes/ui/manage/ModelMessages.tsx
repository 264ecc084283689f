// The pipeline's answers in plain words, in the page's language: why a model was refused (with
// the validator's messages, each explained when we know its code), and the budget report of an
// accepted one, as a table with its caption (the figures against the targets and the limits).
import { useTranslation } from "react-i18next";
import { cachedNumberFormat, formatBytes } from "~/utils/intl";

const formatNumber = (value: number, locale: string) => cachedNumberFormat(locale).format(value);
import { SCENE_BUDGET, type BudgetMetric, type BudgetReport, type PipelineRefusal, type ValidatorMessage } from "../../schema";

type LooseT = (key: string, options?: Record<string, unknown>) => string;

function useLooseT() {
  const { t, i18n } = useTranslation(["scenes"]);
  return { t: t as unknown as LooseT, locale: i18n.language, exists: (key: string) => i18n.exists(key) };
}

function metricValue(metric: BudgetMetric, value: number, locale: string) {
  return metric === "bytes" ? formatBytes(value, locale) : formatNumber(value, locale);
}

const SEVERITIES = ["error", "warning", "info", "hint"] as const;

function ValidatorLine({ message }: { message: ValidatorMessage }) {
  const { t, exists } = useLooseT();
  const known = `scenes:upload.validator.codes.${message.code}`;
  // A code we explain reads in the page's language; any other keeps the validator's English words.
  const words = exists(known) ? t(known) : <span lang="en">{message.message}</span>;
  return (
    <li>
      <strong>{t(`scenes:upload.validator.severity.${SEVERITIES[message.severity]}`)}</strong> : {words}
      {message.pointer ? <> ({t("scenes:upload.validator.at", { pointer: message.pointer })})</> : null}
      {exists(known) ? (
        <>
          {" "}
          <span className="field__hint" lang="en">
            [{message.code}] {message.message}
          </span>
        </>
      ) : null}
    </li>
  );
}

/** One sentence for a refusal, the same on the page and in the upload's live answer. */
export function refusalSentence(t: LooseT, refusal: PipelineRefusal, locale: string): string {
  const p = refusal.params as Record<string, string | number>;
  switch (refusal.code) {
    case "tooLarge":
      return t("scenes:upload.errors.tooLarge", { size: formatBytes(Number(p.size), locale), max: formatBytes(Number(p.max), locale) });
    case "truncated":
      return t("scenes:upload.errors.truncated", {
        detail: t(`scenes:upload.truncated.${String(p.detail)}`, { declared: formatNumber(Number(p.declared ?? 0), locale), actual: formatNumber(Number(p.actual ?? 0), locale) }),
      });
    case "dataUri":
      return t("scenes:upload.errors.dataUri", { where: t(`scenes:upload.where.${String(p.where)}`) });
    case "invalid":
      return t("scenes:upload.errors.invalid", { count: Number(p.count ?? refusal.validator?.errors ?? 0) });
    default:
      return t(`scenes:upload.errors.${refusal.code}`, p);
  }
}

export function ModelRefusal({ refusal, id }: { refusal: PipelineRefusal; id?: string }) {
  const { t, locale } = useLooseT();
  const messages = refusal.validator?.messages ?? [];
  const more = (refusal.validator ? refusal.validator.errors + refusal.validator.warnings : 0) - messages.length;
  return (
    <div className="form-errors" role="alert" tabIndex={-1} id={id}>
      <h3>{t("scenes:upload.summaryTitle")}</h3>
      <p>{refusalSentence(t, refusal, locale)}</p>
      {refusal.over?.length ? (
        <ul>
          {refusal.over.map((o) => (
            <li key={o.metric}>
              {t("scenes:upload.report.over", {
                metric: t(`scenes:upload.report.${o.metric}`),
                value: metricValue(o.metric, o.value, locale),
                limit: metricValue(o.metric, o.limit, locale),
              })}
            </li>
          ))}
        </ul>
      ) : null}
      {messages.length ? (
        <>
          <h4>{t("scenes:upload.validator.title")}</h4>
          <ul>
            {messages.map((m, i) => (
              <ValidatorLine key={`${m.code}-${i}`} message={m} />
            ))}
          </ul>
          {more > 0 ? <p>{t("scenes:upload.validator.more", { count: more })}</p> : null}
        </>
      ) : null}
      <p>{t("scenes:upload.nothingStored")}</p>
    </div>
  );
}

export function BudgetReportView({ report, headingLevel = 4 }: { report: BudgetReport; headingLevel?: 3 | 4 }) {
  const { t, locale } = useLooseT();
  const Heading = `h${headingLevel}` as "h3" | "h4";
  const rows: { key: string; value: string; before: string; target: string; limit: string; warn: boolean }[] = [
    ...(["bytes", "triangles", "drawCalls"] as const).map((metric) => {
      const before = metric === "bytes" ? report.originalBytes : metric === "triangles" ? report.trianglesBefore : report.drawCallsBefore;
      return {
        key: metric,
        value: metricValue(metric, report[metric], locale),
        before: metricValue(metric, before, locale),
        target: metricValue(metric, SCENE_BUDGET[metric].target, locale),
        limit: metricValue(metric, SCENE_BUDGET[metric].limit, locale),
        warn: report.warnings.some((w) => w.metric === metric),
      };
    }),
    { key: "materials", value: formatNumber(report.materials, locale), before: "—", target: "—", limit: "—", warn: false },
    { key: "textures", value: formatNumber(report.textures, locale), before: "—", target: "—", limit: "—", warn: false },
    { key: "textureBytes", value: formatBytes(report.textureBytes, locale), before: "—", target: "—", limit: "—", warn: false },
  ];
  return (
    <div className="budget-report">
      <Heading>{t("scenes:upload.report.title")}</Heading>
      <div className="table-scroll">
        <table>
          <caption>{t("scenes:upload.report.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("scenes:upload.report.metric")}</th>
              <th scope="col">{t("scenes:upload.report.value")}</th>
              <th scope="col">{t("scenes:upload.report.before")}</th>
              <th scope="col">{t("scenes:upload.report.targetCol")}</th>
              <th scope="col">{t("scenes:upload.report.limitCol")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={row.warn ? "budget-report__warn" : undefined}>
                <th scope="row">{t(`scenes:upload.report.${row.key}`)}</th>
                <td>{row.value}</td>
                <td>{row.before}</td>
                <td>{row.target}</td>
                <td>{row.limit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.warnings.length ? (
        <ul className="notice notice--warning">
          {report.warnings.map((w) => (
            <li key={w.metric}>
              {t("scenes:upload.report.warning", {
                metric: t(`scenes:upload.report.${w.metric}`),
                value: metricValue(w.metric, w.value, locale),
                target: metricValue(w.metric, w.target, locale),
              })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("scenes:upload.report.withinTargets")}</p>
      )}
      <p className="field__hint">
        {t("scenes:upload.report.validatorSummary", { errors: report.validator.errors, warnings: report.validator.warnings, infos: report.validator.infos })}{" "}
        {t("scenes:upload.report.duration", { seconds: formatNumber(Math.round(report.durationMs / 100) / 10, locale) })}
      </p>
      {report.validator.messages.length ? (
        <details>
          <summary>{t("scenes:upload.validator.title")}</summary>
          <ul>
            {report.validator.messages.map((m, i) => (
              <ValidatorLine key={`${m.code}-${i}`} message={m} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
