// Parts of the consultation pages: the state and rules in words, the receipt after a vote, the
// tallies (a chart and its table per question, the turnout, and a throttled announcement of the
// changes for screen readers).
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { formatReceipt, type ConsultationQuestion, type ConsultationState, type ConsultationTally } from "../schema";
import { ThrottledAnnouncer } from "./LiveAnnouncer";
import { TallyChart } from "./TallyChart";
import { tallyView } from "./view";
import { cachedNumberFormat } from "~/utils/intl";

export type RulesView = {
  state: ConsultationState;
  secrecy: "secret" | "public";
  resultsVisibility: "live" | "after_close";
  allowChange: boolean;
  eligibility: "members" | "verified";
  minAge: number | null;
};

export function StateBadge({ state }: { state: ConsultationState }) {
  const { t } = useTranslation("consultations");
  const tone = state === "open" ? "open" : state === "closed" ? "closed" : "under_study";
  return <span className={`status-badge status-badge--${tone}`}>{t(`page.states.${state}`)}</span>;
}

export function RulesList({ rules }: { rules: RulesView }) {
  const { t } = useTranslation("consultations");
  return (
    <ul className="rules-list">
      <li>{t(rules.secrecy === "secret" ? "page.rules.secret" : "page.rules.public")}</li>
      <li>{t(rules.resultsVisibility === "live" ? "page.rules.live" : "page.rules.afterClose")}</li>
      <li>{t(rules.allowChange ? "page.rules.change" : "page.rules.final")}</li>
      <li>
        {t(rules.eligibility === "verified" ? "page.rules.verified" : "page.rules.members")}
        {rules.minAge ? ` ${t("page.rules.minAge", { age: rules.minAge })}` : null}
      </li>
    </ul>
  );
}

export type ChoicesInWords = { question: string; choices: string[] }[];

/** After a vote: what was chosen and the receipt code; focused when it appears. */
export function ReceiptPanel({ receipt, secret, changed, choices }: { receipt: string; secret: boolean; changed: boolean; choices: ChoicesInWords }) {
  const { t } = useTranslation("consultations");
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), [receipt]);
  return (
    <section className="receipt" aria-labelledby="receipt-title" tabIndex={-1} ref={ref} role="status">
      <h2 id="receipt-title">{t(changed ? "page.receipt.changed" : "page.receipt.title")}</h2>
      <ChoicesList choices={choices} />
      <p>{t("page.receipt.code")}</p>
      <p className="receipt__code" data-testid="receipt-code">
        {formatReceipt(receipt)}
      </p>
      <p>{t(secret ? "page.receipt.secretHelp" : "page.receipt.publicHelp")}</p>
    </section>
  );
}

export function ChoicesList({ choices }: { choices: ChoicesInWords }) {
  const { t } = useTranslation("consultations");
  if (choices.length === 0) return null;
  return (
    <div className="choices">
      <p>{t("page.receipt.youChose")}</p>
      <ul>
        {choices.map((q) => (
          <li key={q.question}>
            <strong>{q.question}</strong> : {q.choices.join(", ") || t("page.receipt.nothing")}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The tallies of every question, the turnout, and what changed said politely to screen readers. */
export function Tallies({
  questions,
  tally,
  headingId,
  heading,
  live,
}: {
  questions: ConsultationQuestion[];
  tally: ConsultationTally;
  headingId: string;
  heading: string;
  live: boolean;
}) {
  const { t, i18n } = useTranslation("consultations");
  const tt = t as unknown as (key: string, options?: Record<string, unknown>) => string;
  const voters = cachedNumberFormat(i18n.language).format(tally.voters);
  return (
    <section aria-labelledby={headingId} className="tallies" data-testid="tallies">
      <h2 id={headingId}>{heading}</h2>
      <p className="turnout" data-testid="turnout">
        {t("page.turnout", { count: tally.voters, voters })}
        {live && !tally.final ? ` ${t("page.liveNote")}` : null}
      </p>
      {live ? <ThrottledAnnouncer message={t("page.announce", { count: tally.voters, voters })} /> : null}
      {questions.map((question) => {
        const qt = tally.questions.find((x) => x.questionId === question.id);
        if (!qt) return null;
        return <TallyChart key={question.id} id={`tally-${question.id}`} caption={question.title} tally={tallyView(question, qt, tt)} />;
      })}
    </section>
  );
}
