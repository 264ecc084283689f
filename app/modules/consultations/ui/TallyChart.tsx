// A question's tally drawn on the server: SVG bars per method (bars for single choice and
// approval, the merit profile for majority judgment, spent and remaining for a budget) followed by
// the same numbers in a table, which is what assistive technologies read (the drawing is hidden
// from them). Bar widths are percentages and each bar's label is HTML above it, at the page's
// size: nothing shrinks or is cut on a phone.
import { useTranslation } from "react-i18next";
import { cachedNumberFormat } from "~/utils/intl";
import type { CountRow, MeritRow, TallyView } from "./types";

const BAR = 18; // px: a bar's height (its label is HTML above it, wrapping on a phone)

/** Mention colours, best to worst (7); a 6-mention scale drops the first. The table says the same in words. */
const GRADE_COLOURS = ["#0d5c2e", "#2e8540", "#79b557", "#c9d96b", "#f0c14b", "#e07b39", "#b3261e"];

export function gradeColours(count: number): string[] {
  return GRADE_COLOURS.slice(GRADE_COLOURS.length - count);
}

function useFormats() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    int: (n: number) => cachedNumberFormat(locale).format(n),
    pct: (n: number) => cachedNumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(n),
    euros: (n: number) => cachedNumberFormat(locale, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(n),
  };
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
/** A percentage for an SVG length, rounded so that the server's and the browser's markup agree. */
const pc = (fraction: number) => `${Math.round(Math.max(0, Math.min(1, fraction)) * 10000) / 100}%`;

export function TallyChart({ tally, id, caption }: { tally: TallyView; id: string; caption: string }) {
  switch (tally.method) {
    case "single":
    case "approval":
      return <BarChart id={id} caption={caption} ballots={tally.ballots} rows={tally.rows} method={tally.method} />;
    case "majority":
      return <MeritProfile id={id} caption={caption} ballots={tally.ballots} grades={tally.grades} rows={tally.rows} />;
    case "budget":
      return <BudgetChart id={id} caption={caption} tally={tally} />;
  }
}

function BarChart({ id, caption, ballots, rows, method }: { id: string; caption: string; ballots: number; rows: CountRow[]; method: "single" | "approval" }) {
  const { t } = useTranslation("consultations");
  const f = useFormats();
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart__caption">
        {caption}
      </figcaption>
      <div className="chart__plot" aria-hidden="true" data-chart={method}>
        {rows.map((row) => {
          const fraction = share(row.votes, ballots);
          return (
            <div key={row.id} className="chart__row">
              <span className={row.winner ? "chart__label chart__label--winner" : "chart__label"}>
                {t("charts.barLabel", { label: row.label, votes: f.int(row.votes), share: f.pct(fraction) })}
              </span>
              <svg className="chart__svg" width="100%" height={BAR} focusable="false">
                <rect x="0" y="0" width="100%" height={BAR} className="chart__track" />
                <rect x="0" y="0" width={pc(fraction)} height={BAR} className={row.winner ? "chart__bar chart__bar--winner" : "chart__bar"} />
              </svg>
            </div>
          );
        })}
      </div>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
        <table>
          <caption id={`${id}-table`} className="chart__table-caption">
            {t("charts.tableCaption", { caption })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("charts.option")}</th>
              <th scope="col">{t(method === "approval" ? "charts.approvals" : "charts.votes")}</th>
              <th scope="col">{t(method === "approval" ? "charts.shareOfVoters" : "charts.share")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">
                  {row.label}
                  {row.winner ? <> ({t("charts.winner")})</> : null}
                </th>
                <td>{f.int(row.votes)}</td>
                <td>{f.pct(share(row.votes, ballots))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function MeritProfile({ id, caption, ballots, grades, rows }: { id: string; caption: string; ballots: number; grades: string[]; rows: MeritRow[] }) {
  const { t } = useTranslation("consultations");
  const f = useFormats();
  const colours = gradeColours(grades.length);
  return (
    <figure className="chart chart--merit" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart__caption">
        {caption}
      </figcaption>
      <ul className="chart__legend" aria-hidden="true">
        {grades.map((grade, g) => (
          <li key={grade}>
            <span className="chart__swatch" style={{ background: colours[g] }} />
            {grade}
          </li>
        ))}
      </ul>
      <div className="chart__plot" aria-hidden="true" data-chart="majority">
        {rows.map((row) => {
          const total = row.counts.reduce((a, b) => a + b, 0);
          let from = 0;
          return (
            <div key={row.id} className="chart__row">
              <span className={row.rank === 1 ? "chart__label chart__label--winner" : "chart__label"}>
                {row.majorityGrade == null
                  ? t("charts.meritLabelEmpty", { label: row.label })
                  : t("charts.meritLabel", { label: row.label, grade: grades[row.majorityGrade] })}
              </span>
              <svg className="chart__svg" width="100%" height={BAR + 8} focusable="false">
                <rect x="0" y="4" width="100%" height={BAR} className="chart__track" />
                {row.counts.map((count, g) => {
                  const x = share(from, total);
                  const w = share(count, total);
                  from += count;
                  if (count === 0) return null;
                  return <rect key={g} x={pc(x)} y="4" width={pc(w)} height={BAR} fill={colours[g]} stroke="#fff" strokeWidth="1" data-grade={g} />;
                })}
                {/* The median: the mention found at the half of the voters is the majority mention. */}
                <line x1="50%" x2="50%" y1="0" y2={BAR + 8} className="chart__median" />
              </svg>
            </div>
          );
        })}
      </div>
      <p className="chart__note">{t("charts.medianNote")}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
        <table>
          <caption id={`${id}-table`} className="chart__table-caption">
            {t("charts.tableCaption", { caption })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("charts.rank")}</th>
              <th scope="col">{t("charts.option")}</th>
              <th scope="col">{t("charts.majorityGrade")}</th>
              {grades.map((grade) => (
                <th scope="col" key={grade}>
                  {grade}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const total = row.counts.reduce((a, b) => a + b, 0);
              return (
                <tr key={row.id}>
                  <td>{row.rank}</td>
                  <th scope="row">{row.label}</th>
                  <td>{row.majorityGrade == null ? t("charts.noGrade") : grades[row.majorityGrade]}</td>
                  {row.counts.map((count, g) => (
                    <td key={g}>
                      {f.int(count)} <span className="chart__share">({f.pct(share(count, total))})</span>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="chart__note">{t("charts.ballots", { count: ballots, formatted: f.int(ballots) })}</p>
    </figure>
  );
}

function BudgetChart({ id, caption, tally }: { id: string; caption: string; tally: Extract<TallyView, { method: "budget" }> }) {
  const { t } = useTranslation("consultations");
  const f = useFormats();
  const { budget, spent, rows, ballots } = tally;
  const remaining = Math.max(0, budget - spent);
  return (
    <figure className="chart chart--budget" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="chart__caption">
        {caption}
      </figcaption>
      <div className="chart__plot" aria-hidden="true" data-chart="budget">
        <div className="chart__row">
          <span className="chart__label chart__label--winner">
            {t("charts.spentLabel", { spent: f.euros(spent), budget: f.euros(budget), remaining: f.euros(remaining) })}
          </span>
          <svg className="chart__svg" width="100%" height={BAR + 6} focusable="false">
            <rect x="0" y="0" width="100%" height={BAR + 6} className="chart__remaining" />
            <rect x="0" y="0" width={pc(share(spent, budget))} height={BAR + 6} className="chart__spent" />
          </svg>
        </div>
        {rows.map((row) => (
          <div key={row.id} className="chart__row">
            <span className={row.winner ? "chart__label chart__label--winner" : "chart__label"}>
              {t(row.winner ? "charts.budgetLabelFunded" : "charts.budgetLabel", { label: row.label, cost: f.euros(row.cost ?? 0), votes: f.int(row.votes) })}
            </span>
            <svg className="chart__svg" width="100%" height={BAR} focusable="false">
              <rect x="0" y="0" width="100%" height={BAR} className="chart__track" />
              <rect x="0" y="0" width={pc(share(row.votes, ballots))} height={BAR} className={row.winner ? "chart__bar chart__bar--winner" : "chart__bar"} />
            </svg>
          </div>
        ))}
      </div>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-table`}>
        <table>
          <caption id={`${id}-table`} className="chart__table-caption">
            {t("charts.tableCaption", { caption })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("charts.project")}</th>
              <th scope="col">{t("charts.cost")}</th>
              <th scope="col">{t("charts.votes")}</th>
              <th scope="col">{t("charts.funded")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.label}</th>
                <td>{f.euros(row.cost ?? 0)}</td>
                <td>{f.int(row.votes)}</td>
                <td>{row.winner ? t("charts.yes") : t("charts.no")}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("charts.spent")}</th>
              <td colSpan={3}>{f.euros(spent)}</td>
            </tr>
            <tr>
              <th scope="row">{t("charts.remaining")}</th>
              <td colSpan={3}>{f.euros(remaining)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </figure>
  );
}
