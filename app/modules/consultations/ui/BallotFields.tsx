// The ballot's questions, one fieldset each, as plain form fields that a POST without JavaScript
// sends as they are (names from the module's schema: `q<question>` and `q<question>.o<option>`):
// a radio group for single choice; checkboxes with their minimum and maximum for approval; for
// majority judgment, one radio group per option (its own fieldset and legend), mentions best
// first; for a budget, checkboxes with each project's cost and the running total. The counts and
// the total follow the voter's clicks once JavaScript runs; the server checks everything again.
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "@remix-run/react";
import { cachedNumberFormat } from "~/utils/intl";
import { ballotFieldName, gradeFieldName } from "../schema";
import type { OptionView, QuestionView } from "./types";

/** Field name → the values to show checked (the voter's previous ballot, or the refused submission). */
export type BallotDefaults = Record<string, string[]>;

export const questionAnchor = (questionId: number) => `question-${questionId}`;

function useEuros() {
  const { i18n } = useTranslation();
  return (n: number) => cachedNumberFormat(i18n.language, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(n);
}

export function BallotFields({
  questions,
  defaults,
  errors,
  disabled = false,
}: {
  questions: QuestionView[];
  defaults: BallotDefaults;
  /** Question id → its translated error. */
  errors: Record<number, string>;
  disabled?: boolean;
}) {
  return (
    <>
      {questions.map((question) => (
        <BallotQuestion key={question.id} question={question} defaults={defaults} error={errors[question.id] ?? null} disabled={disabled} />
      ))}
    </>
  );
}

function QuestionFieldset({
  question,
  hint,
  error,
  children,
  status,
}: {
  question: QuestionView;
  hint: ReactNode;
  error: string | null;
  children: ReactNode;
  status?: ReactNode;
}) {
  const anchor = questionAnchor(question.id);
  const describedBy = [hint ? `${anchor}-hint` : null, error ? `${anchor}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className={error ? "ballot-question ballot-question--invalid" : "ballot-question"} id={anchor} aria-describedby={describedBy} tabIndex={-1}>
      <legend className="ballot-question__legend">{question.title}</legend>
      {question.description ? <p className="ballot-question__description">{question.description}</p> : null}
      {hint ? (
        <p className="field__hint" id={`${anchor}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${anchor}-error`}>
          {error}
        </p>
      ) : null}
      {children}
      {status}
    </fieldset>
  );
}

function OptionText({ option }: { option: OptionView }) {
  return (
    <>
      <span className="ballot-option__label">{option.label}</span>
      {option.description ? <span className="ballot-option__description">{option.description}</span> : null}
    </>
  );
}

function ProposalLink({ option }: { option: OptionView }) {
  const { t } = useTranslation("consultations");
  if (!option.href) return null;
  return (
    <Link to={option.href} className="ballot-option__link">
      {t("vote.seeProposal")}
      <span className="visually-hidden"> : {option.label}</span>
    </Link>
  );
}

function BallotQuestion({ question, defaults, error, disabled }: { question: QuestionView; defaults: BallotDefaults; error: string | null; disabled: boolean }) {
  switch (question.method) {
    case "single":
      return <SingleQuestion question={question} defaults={defaults} error={error} disabled={disabled} />;
    case "approval":
      return <ChoiceQuestion question={question} defaults={defaults} error={error} disabled={disabled} />;
    case "budget":
      return <ChoiceQuestion question={question} defaults={defaults} error={error} disabled={disabled} />;
    case "majority":
      return <MajorityQuestion question={question} defaults={defaults} error={error} disabled={disabled} />;
  }
}

type QuestionProps = { question: QuestionView; defaults: BallotDefaults; error: string | null; disabled: boolean };

function SingleQuestion({ question, defaults, error, disabled }: QuestionProps) {
  const { t } = useTranslation("consultations");
  const name = ballotFieldName(question.id);
  const chosen = defaults[name]?.[0] ?? null;
  return (
    <QuestionFieldset question={question} hint={t("vote.hintSingle")} error={error}>
      <ul className="ballot-options">
        {question.options.map((option) => {
          const id = `${name}-${option.id}`;
          return (
            <li key={option.id} className="ballot-option">
              <input type="radio" id={id} name={name} value={option.id} defaultChecked={chosen === String(option.id)} disabled={disabled} />
              <label htmlFor={id}>
                <OptionText option={option} />
              </label>
              <ProposalLink option={option} />
            </li>
          );
        })}
      </ul>
    </QuestionFieldset>
  );
}

/** Approval and budget: checkboxes, with what the choice adds up to (count or money). */
function ChoiceQuestion({ question, defaults, error, disabled }: QuestionProps) {
  const { t } = useTranslation("consultations");
  const euros = useEuros();
  const name = ballotFieldName(question.id);
  const [checked, setChecked] = useState<Set<string>>(() => new Set(defaults[name] ?? []));
  const budget = question.method === "budget";
  const toggle = (value: string, on: boolean) =>
    setChecked((before) => {
      const next = new Set(before);
      if (on) next.add(value);
      else next.delete(value);
      return next;
    });
  const spent = question.options.filter((o) => checked.has(String(o.id))).reduce((sum, o) => sum + (o.cost ?? 0), 0);
  const total = question.budget ?? 0;
  const over = budget && spent > total;
  const tooMany = !budget && checked.size > question.maxChoices;
  const hint = budget
    ? question.minSpend
      ? t("vote.hintBudgetMin", { total: euros(total), min: euros(question.minSpend) })
      : t("vote.hintBudget", { total: euros(total) })
    : question.minChoices === question.maxChoices
      ? t("vote.hintApprovalExactly", { count: question.maxChoices })
      : question.minChoices > 0
        ? t("vote.hintApprovalBetween", { min: question.minChoices, max: question.maxChoices })
        : t("vote.hintApprovalUpTo", { count: question.maxChoices });
  const statusId = `${questionAnchor(question.id)}-total`;
  const status = (
    <p className={over || tooMany ? "ballot-total ballot-total--over" : "ballot-total"}>
      <output id={statusId} htmlFor={question.options.map((o) => `${name}-${o.id}`).join(" ")} aria-live="polite">
        {budget
          ? t(over ? "vote.totalOver" : "vote.total", { spent: euros(spent), total: euros(total), remaining: euros(Math.max(0, total - spent)) })
          : t(tooMany ? "vote.chosenTooMany" : "vote.chosen", { count: checked.size, max: question.maxChoices })}
      </output>
    </p>
  );
  return (
    <QuestionFieldset question={question} hint={hint} error={error} status={status}>
      <ul className="ballot-options">
        {question.options.map((option) => {
          const id = `${name}-${option.id}`;
          return (
            <li key={option.id} className="ballot-option">
              <input
                type="checkbox"
                id={id}
                name={name}
                value={option.id}
                defaultChecked={checked.has(String(option.id))}
                disabled={disabled}
                onChange={(event) => toggle(String(option.id), event.currentTarget.checked)}
              />
              <label htmlFor={id}>
                <OptionText option={option} />
                {budget ? <span className="ballot-option__cost">{t("vote.cost", { cost: euros(option.cost ?? 0) })}</span> : null}
              </label>
              <ProposalLink option={option} />
            </li>
          );
        })}
      </ul>
    </QuestionFieldset>
  );
}

function MajorityQuestion({ question, defaults, error, disabled }: QuestionProps) {
  const { t } = useTranslation("consultations");
  return (
    <QuestionFieldset question={question} hint={t("vote.hintMajority")} error={error}>
      {question.options.map((option) => {
        const name = gradeFieldName(question.id, option.id);
        const chosen = defaults[name]?.[0] ?? null;
        const base = `q${question.id}-o${option.id}`;
        return (
          <fieldset key={option.id} className="grade-row" id={base}>
            <legend className="grade-row__legend">
              <OptionText option={option} />
            </legend>
            <ProposalLink option={option} />
            <div className="grade-row__grades">
              {question.grades.map((grade) => {
                const id = `${base}-g${grade.value}`;
                return (
                  <span className={`grade grade--${question.grades.length}-${grade.value}`} key={grade.value}>
                    <input type="radio" id={id} name={name} value={grade.value} defaultChecked={chosen === String(grade.value)} disabled={disabled} />
                    <label htmlFor={id}>{grade.label}</label>
                  </span>
                );
              })}
            </div>
          </fieldset>
        );
      })}
    </QuestionFieldset>
  );
}
