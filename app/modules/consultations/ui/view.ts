// From the module's types to what the pages show: questions for the ballot, tallies for the
// charts, a voter's choices in words. Pure and client-safe: the live tally (a socket message)
// goes through the same functions in the browser as the loader's tally on the server.
import { GRADE_KEYS, gradesOf, type BallotAnswer, type ConsultationQuestion, type QuestionTally } from "../schema";
import type { BallotDefaults } from "./BallotFields";
import { ballotFieldName, gradeFieldName } from "../schema";
import type { OptionView, QuestionView, TallyView } from "./types";

type T = (key: string, options?: Record<string, unknown>) => string;

/** The mentions of a scale, best first, with the grade each one sends. */
export function gradeOptions(scale: 6 | 7, t: T) {
  return [...gradesOf(scale)].map((key, value) => ({ value, label: t(`consultations:grades.${key}`) })).reverse();
}

export function questionView(question: ConsultationQuestion, t: T, proposalHref: (proposalId: number) => string): QuestionView {
  const s = question.settings;
  const options: OptionView[] = question.options.map((o) => ({
    id: o.id,
    label: o.label,
    description: o.description || null,
    cost: o.cost,
    href: o.proposalId ? proposalHref(o.proposalId) : null,
  }));
  return {
    id: question.id,
    title: question.title,
    description: question.description || null,
    method: s.method,
    options,
    minChoices: s.method === "approval" ? s.minChoices : s.method === "single" ? 1 : 0,
    maxChoices: s.method === "approval" ? s.maxChoices : s.method === "single" ? 1 : options.length,
    grades: s.method === "majority" ? gradeOptions(s.scale, t) : [],
    budget: s.method === "budget" ? s.total : null,
    minSpend: s.method === "budget" ? s.minSpend || null : null,
  };
}

/** A question's tally as its chart shows it: options in the ballot's order, winners marked; mentions best first. */
export function tallyView(question: ConsultationQuestion, tally: QuestionTally, t: T): TallyView {
  const labels = new Map(question.options.map((o) => [o.id, o.label]));
  const label = (id: number) => labels.get(id) ?? "?";
  const order = (id: number) => question.options.findIndex((o) => o.id === id);
  const winners = new Set(tally.winners);
  switch (tally.method) {
    case "single":
    case "approval":
      return {
        method: tally.method,
        ballots: tally.ballots,
        rows: [...tally.options]
          .sort((a, b) => order(a.optionId) - order(b.optionId))
          .map((o) => ({ id: o.optionId, label: label(o.optionId), votes: o.votes, cost: null, winner: tally.ballots > 0 && winners.has(o.optionId) })),
      };
    case "majority": {
      const grades = gradeOptions(tally.scale, t).map((g) => g.label);
      return {
        method: "majority",
        ballots: tally.ballots,
        grades,
        // Ranked: the merit profile reads best first.
        rows: [...tally.options]
          .sort((a, b) => a.rank - b.rank || order(a.optionId) - order(b.optionId))
          .map((o) => ({
            id: o.optionId,
            label: label(o.optionId),
            counts: [...o.profile].reverse(),
            majorityGrade: o.majorityGrade == null ? null : tally.scale - 1 - o.majorityGrade,
            rank: o.rank,
          })),
      };
    }
    case "budget":
      return {
        method: "budget",
        ballots: tally.ballots,
        budget: tally.total,
        spent: tally.spent,
        rows: [...tally.options]
          .sort((a, b) => b.votes - a.votes || order(a.optionId) - order(b.optionId))
          .map((o) => ({ id: o.optionId, label: label(o.optionId), votes: o.votes, cost: o.cost, winner: o.funded })),
      };
  }
}

/** The form's fields as a ballot fills them (to show a voter's ballot again, or a refused one). */
export function defaultsOf(answers: BallotAnswer[]): BallotDefaults {
  const defaults: BallotDefaults = {};
  for (const a of answers) {
    if (a.method === "single") defaults[ballotFieldName(a.questionId)] = [String(a.optionId)];
    else if (a.method === "majority") for (const [optionId, grade] of Object.entries(a.grades)) defaults[gradeFieldName(a.questionId, Number(optionId))] = [String(grade)];
    else defaults[ballotFieldName(a.questionId)] = a.optionIds.map(String);
  }
  return defaults;
}

/** The submitted form's fields, to show a refused ballot as the voter filled it. */
export function defaultsOfForm(form: { entries(): IterableIterator<[string, FormDataEntryValue]> } | FormData): BallotDefaults {
  const defaults: BallotDefaults = {};
  for (const [name, value] of (form as FormData).entries()) {
    if (typeof value !== "string" || !/^q[0-9]+(\.o[0-9]+)?$/.test(name)) continue;
    (defaults[name] ??= []).push(value);
  }
  return defaults;
}

/** What a voter chose, in words, per question: "Des arbres", or "Fontaine : Bien" for each graded option. */
export function choicesInWords(questions: ConsultationQuestion[], answers: BallotAnswer[], t: T): { question: string; choices: string[] }[] {
  const out: { question: string; choices: string[] }[] = [];
  for (const q of questions) {
    const a = answers.find((x) => x.questionId === q.id);
    if (!a) continue;
    const label = (id: number) => q.options.find((o) => o.id === id)?.label ?? "?";
    let choices: string[];
    if (a.method === "single") choices = [label(a.optionId)];
    else if (a.method === "majority")
      choices = q.options
        .filter((o) => a.grades[o.id] != null)
        .map((o) => t("consultations:page.gradedChoice", { option: o.label, grade: t(`consultations:grades.${GRADE_KEYS[a.grades[o.id]!]}`) }));
    else choices = a.optionIds.map(label);
    out.push({ question: q.title, choices });
  }
  return out;
}
