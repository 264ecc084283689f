// Reading consultations: one consultation with its questions and options, a project's list, the
// tally from the counters (never a recount), a voter's own participation, the published ballot
// list and the receipt check. Every statement names the organization. The state (draft, scheduled,
// open, closed) is computed on the database clock.
import crypto from "node:crypto";
import type { Actor } from "~/modules/auth/actor";
import type { Db } from "~/utils/db.server";
import {
  normalizeReceipt,
  type BallotAnswer,
  type Consultation,
  type ConsultationOption,
  type ConsultationQuestion,
  type ConsultationState,
  type ConsultationSummary,
  type ConsultationTally,
  type GradeScale,
  type MethodSettings,
  type QuestionChoice,
  type QuestionCounts,
} from "./schema";
import { tallyQuestion } from "./tally";

type Row = Record<string, unknown>;

/** The state column, computed in SQL on the database clock (`c` is the consultations row). */
export const STATE_SQL = `case when c.opened_at is null then 'draft'
  when c.closed_at is not null or clock_timestamp() >= c.closes_at then 'closed'
  when clock_timestamp() < c.opens_at then 'scheduled' else 'open' end`;

export function settingsOfRow(r: Row): MethodSettings {
  switch (r.method) {
    case "approval":
      return { method: "approval", minChoices: Number(r.min_choices), maxChoices: Number(r.max_choices) };
    case "majority":
      return { method: "majority", scale: Number(r.grade_scale) as GradeScale };
    case "budget":
      return { method: "budget", total: Number(r.budget_total), minSpend: Number(r.budget_min_spend) };
    default:
      return { method: "single" };
  }
}

function optionOfRow(r: Row): ConsultationOption {
  return {
    id: Number(r.id),
    questionId: Number(r.question_id),
    position: Number(r.position),
    label: String(r.label),
    description: String(r.description),
    proposalId: r.proposal_id == null ? null : Number(r.proposal_id),
    cost: r.cost == null ? null : Number(r.cost),
  };
}

/** Questions of consultations, with their options, in two statements. */
export async function loadQuestions(db: Db, organizationId: number, consultationIds: number[]): Promise<ConsultationQuestion[]> {
  if (consultationIds.length === 0) return [];
  const questions = await db`
    select id, consultation_id, position, title, description, method, min_choices, max_choices, grade_scale, budget_total, budget_min_spend
    from consultation_questions
    where consultation_id = any(${consultationIds}::bigint[]) and organization_id = ${organizationId}
    order by consultation_id, position, id`;
  if (questions.length === 0) return [];
  const options = await db`
    select id, question_id, position, label, description, proposal_id, cost from consultation_options
    where question_id = any(${questions.map((q) => q.id as string)}::bigint[]) and organization_id = ${organizationId}
    order by question_id, position, id`;
  const byQuestion = new Map<number, ConsultationOption[]>();
  for (const o of options) {
    const option = optionOfRow(o);
    const list = byQuestion.get(option.questionId) ?? [];
    list.push(option);
    byQuestion.set(option.questionId, list);
  }
  return questions.map((q) => ({
    id: Number(q.id),
    consultationId: Number(q.consultation_id),
    position: Number(q.position),
    title: String(q.title),
    description: String(q.description),
    settings: settingsOfRow(q),
    options: byQuestion.get(Number(q.id)) ?? [],
  }));
}

const CONSULTATION_COLUMNS = `c.id, c.organization_id, c.project_id, c.title, c.description, c.opens_at, c.closes_at, c.eligibility, c.min_age,
  c.is_secret, c.results_visibility, c.allow_change, c.opened_at, c.closed_at, c.results_published_at,
  coalesce(n.voters, 0) as voters, ${STATE_SQL} as state`;

function consultationOfRow(r: Row, questions: ConsultationQuestion[]): Consultation {
  return {
    id: Number(r.id),
    organizationId: Number(r.organization_id),
    projectId: Number(r.project_id),
    title: String(r.title),
    description: String(r.description),
    opensAt: r.opens_at as Date,
    closesAt: r.closes_at as Date,
    eligibility: r.eligibility as Consultation["eligibility"],
    minAge: r.min_age == null ? null : Number(r.min_age),
    secrecy: r.is_secret ? "secret" : "public",
    resultsVisibility: r.results_visibility as Consultation["resultsVisibility"],
    allowChange: Boolean(r.allow_change),
    state: r.state as ConsultationState,
    openedAt: (r.opened_at as Date | null) ?? null,
    closedAt: (r.closed_at as Date | null) ?? null,
    resultsPublishedAt: (r.results_published_at as Date | null) ?? null,
    frozen: Number(r.voters) > 0,
    questions,
  };
}

export async function getConsultation(db: Db, organizationId: number, consultationId: number): Promise<Consultation | null> {
  const [row] = await db.unsafe(
    `select ${CONSULTATION_COLUMNS} from consultations c left join consultation_counts n on n.consultation_id = c.id
     where c.id = $1 and c.organization_id = $2`,
    [consultationId, organizationId],
  );
  if (!row) return null;
  return consultationOfRow(row, await loadQuestions(db, organizationId, [consultationId]));
}

/** A project's consultations, newest first; drafts only when `withDrafts` (those who manage projects). */
export async function listProjectConsultations(
  db: Db,
  organizationId: number,
  projectId: number,
  options: { withDrafts?: boolean } = {},
): Promise<ConsultationSummary[]> {
  const rows = await db.unsafe(
    `select ${CONSULTATION_COLUMNS},
       (select count(*) from consultation_questions q where q.consultation_id = c.id) as questions_count
     from consultations c left join consultation_counts n on n.consultation_id = c.id
     where c.project_id = $1 and c.organization_id = $2 ${options.withDrafts ? "" : "and c.opened_at is not null"}
     order by c.id desc limit 100`,
    [projectId, organizationId],
  );
  return rows.map((r) => {
    const c = consultationOfRow(r, []);
    return {
      id: c.id,
      projectId: c.projectId,
      title: c.title,
      state: c.state,
      opensAt: c.opensAt,
      closesAt: c.closesAt,
      resultsVisibility: c.resultsVisibility,
      resultsPublishedAt: c.resultsPublishedAt,
      secrecy: c.secrecy,
      questionsCount: Number(r.questions_count),
      voters: Number(r.voters),
    };
  });
}

/** Counters of a consultation's questions, in two statements (the tally's inputs). */
export async function loadCounts(db: Db, organizationId: number, consultationId: number): Promise<{ voters: number; counts: Map<number, QuestionCounts>; state: ConsultationState }> {
  const [head] = await db.unsafe(
    `select coalesce(n.voters, 0) as voters, ${STATE_SQL} as state,
       coalesce((select json_agg(json_build_object('q', q.id, 'b', q.ballots)) from consultation_questions q where q.consultation_id = c.id), '[]') as questions
     from consultations c left join consultation_counts n on n.consultation_id = c.id
     where c.id = $1 and c.organization_id = $2`,
    [consultationId, organizationId],
  );
  const counts = new Map<number, QuestionCounts>();
  if (!head) return { voters: 0, counts, state: "draft" };
  for (const q of head.questions as { q: number; b: number }[]) counts.set(Number(q.q), { questionId: Number(q.q), ballots: Number(q.b), counts: new Map() });
  const rows = await db`
    select t.question_id, t.option_id, t.grade, t.votes from consultation_tallies t
    join consultation_questions q on q.id = t.question_id
    where q.consultation_id = ${consultationId} and t.organization_id = ${organizationId} and t.votes > 0`;
  for (const r of rows) {
    const q = counts.get(Number(r.question_id));
    if (!q) continue;
    const optionId = Number(r.option_id);
    let grades = q.counts.get(optionId);
    if (!grades) q.counts.set(optionId, (grades = new Map()));
    grades.set(Number(r.grade), Number(r.votes));
  }
  return { voters: Number(head.voters), counts, state: head.state as ConsultationState };
}

/** The tally of questions from their counters. */
export function tallyOf(consultationId: number, questions: ConsultationQuestion[], counted: { voters: number; counts: Map<number, QuestionCounts>; state: ConsultationState }): ConsultationTally {
  return {
    consultationId,
    voters: counted.voters,
    final: counted.state === "closed",
    questions: questions.map((q) => ({ questionId: q.id, ...tallyQuestion(q, counted.counts.get(q.id) ?? { questionId: q.id, ballots: 0, counts: new Map() }) })),
  };
}

/** The tally from the counters. Callers check `seeResults` first (results after close). */
export async function getTally(db: Db, organizationId: number, consultationId: number, questions?: ConsultationQuestion[]): Promise<ConsultationTally | null> {
  const qs = questions ?? (await loadQuestions(db, organizationId, [consultationId]));
  const counted = await loadCounts(db, organizationId, consultationId);
  if (counted.counts.size === 0 && qs.length === 0) {
    const [exists] = await db`select 1 from consultations where id = ${consultationId} and organization_id = ${organizationId}`;
    if (!exists) return null;
  }
  return tallyOf(consultationId, qs, counted);
}

/** A choice as stored (compact JSON) and back. */
export function storedChoice(choice: QuestionChoice): unknown {
  switch (choice.method) {
    case "single":
      return choice.optionId;
    case "approval":
    case "budget":
      return [...choice.optionIds].sort((a, b) => a - b);
    case "majority":
      return Object.fromEntries(Object.entries(choice.grades).map(([k, v]) => [k, v]));
  }
}

export function choiceOfStored(settings: MethodSettings, stored: unknown): QuestionChoice {
  switch (settings.method) {
    case "single":
      return { method: "single", optionId: Number(stored) };
    case "approval":
      return { method: "approval", optionIds: (stored as number[]).map(Number) };
    case "budget":
      return { method: "budget", optionIds: (stored as number[]).map(Number) };
    case "majority":
      return { method: "majority", grades: Object.fromEntries(Object.entries(stored as Record<string, number>).map(([k, v]) => [Number(k), Number(v)])) };
  }
}

/** The id of the ballot a receipt stands for on a question: SHA-256 of both (the receipt is never stored). */
export function ballotIdOf(receipt: string, questionId: number): Buffer {
  return crypto.createHash("sha256").update(`${receipt}:${questionId}`).digest();
}

/** What the actor already did: the questions they voted on, and their choices when the ballot is public. */
export async function getOwnParticipation(
  db: Db,
  actor: Actor,
  consultationId: number,
): Promise<{ questionIds: number[]; answers: BallotAnswer[] | null }> {
  if (!actor.user) return { questionIds: [], answers: null };
  const rows = await db`
    select question_id from consultation_participations
    where consultation_id = ${consultationId} and voter_id = ${actor.user.id} and organization_id = ${actor.organizationId}
    order by question_id`;
  const questionIds = rows.map((r) => Number(r.question_id));
  const publicRows = await db`
    select b.question_id, b.choice, q.method, q.min_choices, q.max_choices, q.grade_scale, q.budget_total, q.budget_min_spend
    from consultation_ballots b join consultation_questions q on q.id = b.question_id
    where b.consultation_id = ${consultationId} and b.voter_id = ${actor.user.id} and b.organization_id = ${actor.organizationId}`;
  if (publicRows.length === 0) return { questionIds, answers: null };
  return {
    questionIds,
    answers: publicRows.map((r) => ({ questionId: Number(r.question_id), ...choiceOfStored(settingsOfRow(r), r.choice) })),
  };
}

export type PublishedBallot = { digest: string; questionId: number; answer: BallotAnswer; voterId: number | null };

/** Stored ballots (secret: digest and choice only), keyset by digest (hex). */
export async function listBallots(
  db: Db,
  organizationId: number,
  consultationId: number,
  options: { after: string | null; limit: number },
): Promise<{ ballots: PublishedBallot[]; next: string | null }> {
  const after = options.after && /^[0-9a-f]{64}$/.test(options.after) ? Buffer.from(options.after, "hex") : null;
  const limit = Math.max(1, Math.min(options.limit, 1000));
  const rows = await db`
    select b.id, b.question_id, b.choice, b.voter_id, q.method, q.min_choices, q.max_choices, q.grade_scale, q.budget_total, q.budget_min_spend
    from consultation_ballots b join consultation_questions q on q.id = b.question_id
    where b.consultation_id = ${consultationId} and b.organization_id = ${organizationId}
      ${after ? db`and b.id > ${after}` : db``}
    order by b.id limit ${limit + 1}`;
  const page = rows.slice(0, limit).map((r) => ({
    digest: (r.id as Buffer).toString("hex"),
    questionId: Number(r.question_id),
    answer: { questionId: Number(r.question_id), ...choiceOfStored(settingsOfRow(r), r.choice) } as BallotAnswer,
    voterId: r.voter_id == null ? null : Number(r.voter_id),
  }));
  return { ballots: page, next: rows.length > limit ? page.at(-1)!.digest : null };
}

/** The questions whose ballot a receipt finds among the stored ballots of the consultation (empty: not found). */
export async function receiptStored(db: Db, organizationId: number, consultationId: number, receipt: string): Promise<number[]> {
  const normal = normalizeReceipt(receipt);
  if (!normal) return [];
  const questions = await db`select id from consultation_questions where consultation_id = ${consultationId} and organization_id = ${organizationId}`;
  if (questions.length === 0) return [];
  const ids = questions.map((q) => ballotIdOf(normal, Number(q.id)));
  const rows = await db`
    select question_id from consultation_ballots
    where id in ${db(ids)} and consultation_id = ${consultationId} and organization_id = ${organizationId}
    order by question_id`;
  return rows.map((r) => Number(r.question_id));
}
