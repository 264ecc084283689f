// Writing consultations: officials create and edit them (rules frozen by the database once a
// ballot exists), open, extend the close (only later), close and publish results, all audited;
// citizens cast ballots (castBallot), checked against the policy, the question's rules, the
// window on the database clock and the one-ballot-per-question key, in one transaction.
// Every command takes the Actor and checks it here; every statement names the organization.
import { isLocale, type Locale } from "~/i18n/config";
import type { Actor } from "~/modules/auth/actor";
import { actsAs } from "~/modules/auth/member-actor";
import { recordAudit } from "~/modules/audit/audit.server";
import { inTransaction, recordEvent } from "~/modules/events/outbox.server";
import { isBlocked } from "~/modules/moderation/blocking.server";
import { notify } from "~/modules/notifications/notify.server";
import type { NotificationKind } from "~/modules/notifications/kinds";
import { decide as decideProject } from "~/modules/projects/policy";
import type { ProjectStatus } from "~/modules/projects/phases";
import type { Db, Sql, Tx } from "~/utils/db.server";
import { ballotWriterOf, RetryBatch, writeBallots, outcomeOfError, type PendingBallot } from "./ballots.server";
import { decide } from "./policy";
import { loadQuestions, STATE_SQL } from "./queries.server";
import {
  checkAnswer,
  normalizeReceipt,
  type BallotError,
  type BallotInput,
  type BallotOutcome,
  type ConsultationInput,
  type ConsultationQuestion,
  type ConsultationState,
  type Eligibility,
  type OptionInput,
  type QuestionInput,
  type ResultsVisibility,
} from "./schema";

/** What an official's command answers: done, or refused with an i18n key (nothing written). */
export type CommandResult<T = void> = { ok: true; value: T } | { ok: false; error: string; notFound?: boolean };

const NOT_FOUND = { ok: false, error: "status.notFoundText", notFound: true } as const;
const fail = (error: string) => ({ ok: false, error }) as const;
const done = <T>(value: T) => ({ ok: true, value }) as const;

type Row = Record<string, unknown>;

/** The project's state for the policy, and whether the actor is blocked (read now). */
async function projectTarget(db: Db, actor: Actor, projectId: number) {
  const [p] = await db`select id, slug, title, status from projects where id = ${projectId} and organization_id = ${actor.organizationId}`;
  if (!p) return null;
  const actorBlocked = actor.user ? await isBlocked(db, actor.organizationId, actor.user.id) : false;
  return { row: p, target: { status: p.status as ProjectStatus, currentPhase: null, actorBlocked } };
}

/** The consultation (locked for the change when asked) with its project, if the actor may manage it. */
async function manageable(
  tx: Db,
  actor: Actor,
  consultationId: number,
  lock: boolean,
): Promise<{ ok: true; c: Row; project: Row } | { ok: false; error: string; notFound?: boolean }> {
  // The lock first (it waits for ballots in flight), then a fresh read of what they changed.
  if (lock) await tx`select 1 from consultations where id = ${consultationId} and organization_id = ${actor.organizationId} for no key update`;
  const [c] = await tx.unsafe(
    `select c.*, ${STATE_SQL} as state, coalesce(n.voters, 0) as voters from consultations c
     left join consultation_counts n on n.consultation_id = c.id
     where c.id = $1 and c.organization_id = $2`,
    [consultationId, actor.organizationId],
  );
  if (!c) return NOT_FOUND;
  const project = await projectTarget(tx, actor, Number(c.project_id));
  if (!project) return NOT_FOUND;
  const decision = decideProject(actor, "manage", project.target);
  if (!decision.allowed) return fail(decision.reason);
  return { ok: true, c, project: project.row };
}

/** The database's refusals, as the officials' messages. */
function refusalOf(error: unknown): string | null {
  const e = error as { code?: string; constraint_name?: string };
  switch (e.constraint_name) {
    case "consultation_rules_frozen":
      return "consultations:errors.frozen";
    case "consultation_close_only_later":
      return "consultations:errors.closeOnlyLater";
    case "consultation_option_cost":
      return "consultations:errors.costRequired";
    case "consultation_option_proposal":
    case "consultation_options_proposal_id_organization_id_fkey":
      return "consultations:errors.proposalNotInProject";
  }
  return null;
}

/** Runs an official's change; the database's refusals (frozen rules…) come back as messages. */
async function change<T>(db: Db, fn: (tx: Db) => Promise<CommandResult<T>>): Promise<CommandResult<T>> {
  try {
    // A refusal decided inside the transaction rolls it back (nothing of it is written).
    const result = await inTransaction(db, async (tx) => {
      const r = await fn(tx);
      if (!r.ok) throw new Refused(r);
      return r;
    });
    rulesChanged();
    return result;
  } catch (error) {
    if (error instanceof Refused) return error.result as CommandResult<T>;
    const refusal = refusalOf(error);
    if (refusal) return fail(refusal);
    throw error;
  }
}

class Refused extends Error {
  constructor(readonly result: { ok: false; error: string; notFound?: boolean }) {
    super(result.error);
  }
}

function settingsColumns(input: ConsultationInput) {
  return {
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    eligibility: input.eligibility,
    min_age: input.minAge,
    is_secret: input.secrecy === "secret",
    results_visibility: input.resultsVisibility,
    allow_change: input.allowChange,
  };
}

async function changed(tx: Db, actor: Actor, c: { id: number; projectId: number }, change: "created" | "updated" | "opened" | "extended" | "closed" | "published") {
  await recordEvent(tx, { type: "consultation.changed", organizationId: actor.organizationId, projectId: c.projectId, payload: { consultationId: c.id, change } });
}

export async function createConsultation(db: Db, actor: Actor, input: ConsultationInput & { projectId: number }): Promise<CommandResult<{ id: number }>> {
  return change(db, async (tx) => {
    const project = await projectTarget(tx, actor, input.projectId);
    if (!project) return NOT_FOUND;
    const decision = decideProject(actor, "manage", project.target);
    if (!decision.allowed) return fail(decision.reason);
    const [vote] = await tx`select 1 from project_phases where project_id = ${input.projectId} and organization_id = ${actor.organizationId} and kind = 'vote'`;
    if (!vote) return fail("consultations:errors.notVotePhase");
    const [row] = await tx`
      insert into consultations ${tx({
        organization_id: actor.organizationId,
        project_id: input.projectId,
        title: input.title,
        description: input.description,
        created_by: actor.user!.id,
        ...settingsColumns(input),
      })}
      returning id`;
    const id = Number(row!.id);
    await recordAudit(tx, { organizationId: actor.organizationId, actorId: actor.user!.id, action: "consultation.create", subjectType: "consultation", subjectId: id, data: { projectId: input.projectId } });
    await changed(tx, actor, { id, projectId: input.projectId }, "created");
    return done({ id });
  });
}

/** Texts always; settings only while no ballot exists (the database refuses otherwise). */
export async function updateConsultation(db: Db, actor: Actor, input: ConsultationInput & { consultationId: number }): Promise<CommandResult> {
  return change(db, async (tx) => {
    const m = await manageable(tx, actor, input.consultationId, true);
    if (!m.ok) return m;
    if (m.c.state === "closed") return fail("consultations:errors.alreadyClosed");
    const frozen = Number(m.c.voters) > 0;
    const columns = frozen
      ? { title: input.title, description: input.description }
      : { title: input.title, description: input.description, ...settingsColumns(input) };
    if (frozen && settingsDiffer(m.c, input)) return fail("consultations:errors.frozen");
    await tx`update consultations set ${tx(columns)}, updated_at = now() where id = ${input.consultationId} and organization_id = ${actor.organizationId}`;
    await changed(tx, actor, { id: input.consultationId, projectId: Number(m.c.project_id) }, "updated");
    return done(undefined);
  });
}

function settingsDiffer(c: Row, input: ConsultationInput): boolean {
  return (
    (c.opens_at as Date).getTime() !== input.opensAt.getTime() ||
    (c.closes_at as Date).getTime() !== input.closesAt.getTime() ||
    c.eligibility !== input.eligibility ||
    (c.min_age == null ? null : Number(c.min_age)) !== input.minAge ||
    Boolean(c.is_secret) !== (input.secrecy === "secret") ||
    c.results_visibility !== input.resultsVisibility ||
    Boolean(c.allow_change) !== input.allowChange
  );
}

function questionColumns(input: QuestionInput) {
  return {
    title: input.title,
    description: input.description,
    method: input.method,
    min_choices: input.method === "approval" ? input.minChoices : null,
    max_choices: input.method === "approval" ? input.maxChoices : null,
    grade_scale: input.method === "majority" ? input.scale : null,
    budget_total: input.method === "budget" ? input.total : null,
    budget_min_spend: input.method === "budget" ? input.minSpend : null,
  };
}

export async function addQuestion(db: Db, actor: Actor, input: QuestionInput & { consultationId: number }): Promise<CommandResult<{ id: number }>> {
  return change(db, async (tx) => {
    const m = await manageable(tx, actor, input.consultationId, true);
    if (!m.ok) return m;
    if (Number(m.c.voters) > 0) return fail("consultations:errors.frozen");
    const cols = questionColumns(input);
    const [inserted] = await tx`
      insert into consultation_questions (organization_id, consultation_id, position, title, description, method, min_choices, max_choices, grade_scale, budget_total, budget_min_spend)
      select ${actor.organizationId}, ${input.consultationId},
             coalesce((select max(position) + 1 from consultation_questions where consultation_id = ${input.consultationId}), 0),
             ${cols.title}, ${cols.description}, ${cols.method}, ${cols.min_choices}, ${cols.max_choices},
             ${cols.grade_scale}, ${cols.budget_total}, ${cols.budget_min_spend}
      returning id`;
    await changed(tx, actor, { id: input.consultationId, projectId: Number(m.c.project_id) }, "updated");
    return done({ id: Number(inserted!.id) });
  });
}

/** The question with its consultation, if the actor may manage it. */
async function manageableQuestion(tx: Db, actor: Actor, questionId: number) {
  const [q] = await tx`select id, consultation_id, method from consultation_questions where id = ${questionId} and organization_id = ${actor.organizationId}`;
  if (!q) return NOT_FOUND;
  const m = await manageable(tx, actor, Number(q.consultation_id), true);
  if (!m.ok) return m;
  return { ...m, q };
}

export async function updateQuestion(db: Db, actor: Actor, input: QuestionInput & { questionId: number }): Promise<CommandResult> {
  return change(db, async (tx) => {
    const m = await manageableQuestion(tx, actor, input.questionId);
    if (!m.ok) return m;
    if (Number(m.c.voters) > 0) return fail("consultations:errors.frozen");
    // Changing to or from a budget changes what an option is: only without options of the other kind.
    if ((m.q.method === "budget") !== (input.method === "budget")) {
      const [option] = await tx`select 1 from consultation_options where question_id = ${input.questionId} limit 1`;
      if (option) return fail(input.method === "budget" ? "consultations:errors.costRequired" : "consultations:errors.costNotBudget");
    }
    await tx`update consultation_questions set ${tx(questionColumns(input))} where id = ${input.questionId} and organization_id = ${actor.organizationId}`;
    await changed(tx, actor, { id: Number(m.c.id), projectId: Number(m.c.project_id) }, "updated");
    return done(undefined);
  });
}

export async function removeQuestion(db: Db, actor: Actor, input: { questionId: number }): Promise<CommandResult> {
  return change(db, async (tx) => {
    const m = await manageableQuestion(tx, actor, input.questionId);
    if (!m.ok) return m;
    if (Number(m.c.voters) > 0) return fail("consultations:errors.frozen");
    await tx`delete from consultation_questions where id = ${input.questionId} and organization_id = ${actor.organizationId}`;
    await changed(tx, actor, { id: Number(m.c.id), projectId: Number(m.c.project_id) }, "updated");
    return done(undefined);
  });
}

async function checkOption(tx: Db, actor: Actor, method: string, budgetTotal: number | null, projectId: number, input: OptionInput): Promise<string | null> {
  if (method === "budget" && input.cost == null) return "consultations:errors.costRequired";
  if (method !== "budget" && input.cost != null) return "consultations:errors.costNotBudget";
  if (method === "budget" && budgetTotal != null && input.cost! > budgetTotal) return "consultations:errors.costOverTotal";
  if (input.proposalId != null) {
    const [p] = await tx`select 1 from proposals where id = ${input.proposalId} and project_id = ${projectId} and organization_id = ${actor.organizationId}`;
    if (!p) return "consultations:errors.proposalNotInProject";
  }
  return null;
}

export async function addOption(db: Db, actor: Actor, input: OptionInput & { questionId: number }): Promise<CommandResult<{ id: number }>> {
  return change(db, async (tx) => {
    const m = await manageableQuestion(tx, actor, input.questionId);
    if (!m.ok) return m;
    if (Number(m.c.voters) > 0) return fail("consultations:errors.frozen");
    const [q] = await tx`select method, budget_total from consultation_questions where id = ${input.questionId}`;
    const problem = await checkOption(tx, actor, String(q!.method), q!.budget_total == null ? null : Number(q!.budget_total), Number(m.c.project_id), input);
    if (problem) return fail(problem);
    const [row] = await tx`
      insert into consultation_options (organization_id, question_id, position, label, description, proposal_id, cost)
      select ${actor.organizationId}, ${input.questionId},
             coalesce((select max(position) + 1 from consultation_options where question_id = ${input.questionId}), 0),
             ${input.label}, ${input.description}, ${input.proposalId}, ${input.cost}
      returning id`;
    await changed(tx, actor, { id: Number(m.c.id), projectId: Number(m.c.project_id) }, "updated");
    return done({ id: Number(row!.id) });
  });
}

async function manageableOption(tx: Db, actor: Actor, optionId: number) {
  const [o] = await tx`
    select o.id, o.question_id, q.method, q.budget_total from consultation_options o join consultation_questions q on q.id = o.question_id
    where o.id = ${optionId} and o.organization_id = ${actor.organizationId}`;
  if (!o) return NOT_FOUND;
  const m = await manageableQuestion(tx, actor, Number(o.question_id));
  if (!m.ok) return m;
  return { ...m, o };
}

export async function updateOption(db: Db, actor: Actor, input: OptionInput & { optionId: number }): Promise<CommandResult> {
  return change(db, async (tx) => {
    const m = await manageableOption(tx, actor, input.optionId);
    if (!m.ok) return m;
    if (Number(m.c.voters) > 0) return fail("consultations:errors.frozen");
    const problem = await checkOption(tx, actor, String(m.o.method), m.o.budget_total == null ? null : Number(m.o.budget_total), Number(m.c.project_id), input);
    if (problem) return fail(problem);
    await tx`
      update consultation_options set label = ${input.label}, description = ${input.description}, proposal_id = ${input.proposalId}, cost = ${input.cost}
      where id = ${input.optionId} and organization_id = ${actor.organizationId}`;
    await changed(tx, actor, { id: Number(m.c.id), projectId: Number(m.c.project_id) }, "updated");
    return done(undefined);
  });
}

export async function removeOption(db: Db, actor: Actor, input: { optionId: number }): Promise<CommandResult> {
  return change(db, async (tx) => {
    const m = await manageableOption(tx, actor, input.optionId);
    if (!m.ok) return m;
    if (Number(m.c.voters) > 0) return fail("consultations:errors.frozen");
    await tx`delete from consultation_options where id = ${input.optionId} and organization_id = ${actor.organizationId}`;
    await changed(tx, actor, { id: Number(m.c.id), projectId: Number(m.c.project_id) }, "updated");
    return done(undefined);
  });
}

/** Opens a draft for voting (from its opens_at): needs at least one question with two options. Audited. */
export async function openConsultation(db: Db, actor: Actor, input: { consultationId: number }): Promise<CommandResult> {
  return change(db, async (tx) => {
    const m = await manageable(tx, actor, input.consultationId, true);
    if (!m.ok) return m;
    if (m.c.opened_at != null) return fail("consultations:errors.alreadyOpen");
    const questions = await loadQuestions(tx, actor.organizationId, [input.consultationId]);
    if (questions.length === 0 || questions.some((q) => q.options.length < 2)) return fail("consultations:errors.incomplete");
    const [row] = await tx`
      update consultations set opened_at = now(), updated_at = now()
      where id = ${input.consultationId} and organization_id = ${actor.organizationId} and clock_timestamp() < closes_at
      returning id`;
    if (!row) return fail("consultations:errors.alreadyClosed");
    await recordAudit(tx, { organizationId: actor.organizationId, actorId: actor.user!.id, action: "consultation.open", subjectType: "consultation", subjectId: input.consultationId, data: { projectId: Number(m.c.project_id) } });
    await changed(tx, actor, { id: input.consultationId, projectId: Number(m.c.project_id) }, "opened");
    return done(undefined);
  });
}

/** The voters of a consultation, told of a change (a later close, the results) in their language. */
async function tellVoters(
  tx: Db,
  organizationId: number,
  consultationId: number,
  kind: NotificationKind,
  data: (locale: Locale) => Record<string, string> & { path: string },
  extraUserIds: number[] = [],
) {
  const rows = await tx`
    select u.id, coalesce(u.locale, o.default_locale) as locale, o.canonical_origin, o.host
    from users u join organizations o on o.id = u.organization_id
    where u.organization_id = ${organizationId} and u.deleted_at is null
      and (u.id in (select voter_id from consultation_voters where consultation_id = ${consultationId}) or u.id = any(${extraUserIds}::bigint[]))
    order by u.id`;
  for (const r of rows) {
    const locale: Locale = isLocale(r.locale) ? r.locale : "fr";
    await notify(tx, { organizationId, userId: Number(r.id), kind, data: data(locale), origin: originOf(r) });
  }
  return rows.length;
}

function originOf(r: Row): string {
  if (r.canonical_origin) return String(r.canonical_origin);
  const host = String(r.host);
  const port = process.env.PORT ?? "3000";
  return /^(localhost|127\.0\.0\.1)$|\.localhost$/.test(host) ? `http://${host}:${port}` : `https://${host}`;
}

function consultationPath(project: Row, consultationId: number) {
  return `/projects/${String(project.slug)}/consultations/${consultationId}`;
}

/** Moves the close later (never earlier), audited; the voters are notified. */
export async function extendClose(db: Db, actor: Actor, input: { consultationId: number; closesAt: Date }): Promise<CommandResult> {
  return change(db, async (tx) => {
    const m = await manageable(tx, actor, input.consultationId, true);
    if (!m.ok) return m;
    if (m.c.closed_at != null || m.c.state === "closed") return fail("consultations:errors.alreadyClosed");
    const [row] = await tx`
      update consultations set closes_at = ${input.closesAt}, updated_at = now()
      where id = ${input.consultationId} and organization_id = ${actor.organizationId}
        and ${input.closesAt} > closes_at and ${input.closesAt} > clock_timestamp()
      returning id`;
    if (!row) return fail("consultations:errors.closeOnlyLater");
    const from = m.c.closes_at as Date;
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.user!.id,
      action: "consultation.extend",
      subjectType: "consultation",
      subjectId: input.consultationId,
      data: { closesAt: { from: from.toISOString(), to: input.closesAt.toISOString() } },
    });
    await tellVoters(tx, actor.organizationId, input.consultationId, "consultation_extended", (locale) => ({
      path: consultationPath(m.project, input.consultationId),
      consultationTitle: String(m.c.title),
      closesAt: formatParis(input.closesAt, locale),
    }));
    await changed(tx, actor, { id: input.consultationId, projectId: Number(m.c.project_id) }, "extended");
    return done(undefined);
  });
}

function formatParis(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" }).format(date);
}

/**
 * Closes: at or after closes_at, or earlier only while no ballot exists. The row lock waits for
 * the ballots in flight (they hold it FOR SHARE), so none commits after the close. Audited.
 */
export async function closeConsultation(db: Db, actor: Actor, input: { consultationId: number }): Promise<CommandResult> {
  return change(db, async (tx) => {
    const m = await manageable(tx, actor, input.consultationId, true);
    if (!m.ok) return m;
    if (m.c.opened_at == null) return fail("consultations:errors.notOpened");
    if (m.c.closed_at != null) return fail("consultations:errors.alreadyClosed");
    if (m.c.state !== "closed" && Number(m.c.voters) > 0) return fail("consultations:errors.closeEarlyWithBallots");
    await markClosed(tx, actor.organizationId, input.consultationId, Number(m.c.project_id), actor.user!.id);
    return done(undefined);
  });
}

async function markClosed(tx: Db, organizationId: number, consultationId: number, projectId: number, actorId: number | null) {
  await tx`update consultations set closed_at = clock_timestamp() where id = ${consultationId} and organization_id = ${organizationId}`;
  await recordAudit(tx, { organizationId, actorId, action: "consultation.close", subjectType: "consultation", subjectId: consultationId, data: { projectId } });
  await recordEvent(tx, { type: "consultation.changed", organizationId, projectId, payload: { consultationId, change: "closed" } });
}

/**
 * The closing job: consultations whose closes_at passed are marked closed (audited, without an
 * actor). Each is locked first, so ballots in flight commit before. Returns the ids closed.
 */
export async function closeDueConsultations(sql: Sql): Promise<number[]> {
  const due = await sql`select id, organization_id, project_id from consultations where opened_at is not null and closed_at is null and closes_at <= now() order by id limit 100`;
  const closed: number[] = [];
  for (const c of due) {
    const id = Number(c.id);
    const done = await sql.begin(async (tx) => {
      const [row] = await tx`select 1 from consultations where id = ${id} and closed_at is null and closes_at <= clock_timestamp() for no key update`;
      if (!row) return false;
      await markClosed(tx, Number(c.organization_id), id, Number(c.project_id), null);
      return true;
    });
    if (done) closed.push(id);
  }
  if (closed.length > 0) rulesChanged();
  return closed;
}

/** Publishes the results of a closed consultation; voters and the project's followers notified. Audited. */
export async function publishResults(db: Db, actor: Actor, input: { consultationId: number }): Promise<CommandResult> {
  return change(db, async (tx) => {
    const m = await manageable(tx, actor, input.consultationId, true);
    if (!m.ok) return m;
    if (m.c.state !== "closed") return fail("consultations:errors.notClosed");
    if (m.c.results_published_at != null) return fail("consultations:errors.alreadyPublished");
    // Closed by time but not yet by the job: mark it now (the close and the publication both audited).
    if (m.c.closed_at == null) await markClosed(tx, actor.organizationId, input.consultationId, Number(m.c.project_id), actor.user!.id);
    await tx`update consultations set results_published_at = now() where id = ${input.consultationId} and organization_id = ${actor.organizationId}`;
    await recordAudit(tx, { organizationId: actor.organizationId, actorId: actor.user!.id, action: "consultation.publish", subjectType: "consultation", subjectId: input.consultationId, data: { projectId: Number(m.c.project_id) } });
    const followers = await tx`select user_id from follows where project_id = ${Number(m.c.project_id)} and organization_id = ${actor.organizationId}`;
    await tellVoters(
      tx,
      actor.organizationId,
      input.consultationId,
      "consultation_results",
      () => ({ path: `${consultationPath(m.project, input.consultationId)}/results`, consultationTitle: String(m.c.title), projectTitle: String(m.project.title) }),
      followers.map((f) => Number(f.user_id)),
    );
    await changed(tx, actor, { id: input.consultationId, projectId: Number(m.c.project_id) }, "published");
    return done(undefined);
  });
}

// ——— Ballots ———

/** What a ballot needs to know of its consultation: read once a second at most per process. */
export type BallotRules = {
  id: number;
  organizationId: number;
  projectId: number;
  projectSlug: string;
  projectStatus: ProjectStatus;
  eligibility: Eligibility;
  minAge: number | null;
  secret: boolean;
  allowChange: boolean;
  resultsVisibility: ResultsVisibility;
  resultsPublishedAt: Date | null;
  opensAt: number;
  closesAt: number;
  openedAt: number | null;
  closedAt: number | null;
  /** Today in Paris on the database clock when read (ages). */
  today: string;
  questions: ConsultationQuestion[];
};

const RULES_TTL_MS = 1_000;
const RULES = Symbol.for("maquette.consultationRules");
type RulesHolder = { [RULES]?: Map<string, { at: number; rules: Promise<BallotRules | null> }> };
const rulesCache = () => ((globalThis as RulesHolder)[RULES] ??= new Map());

/** Forget the cached rules (an official changed a consultation in this process). */
export function rulesChanged(): void {
  rulesCache().clear();
}

async function readRules(db: Db, organizationId: number, consultationId: number): Promise<BallotRules | null> {
  const [c] = await db`
    select c.id, c.project_id, p.slug as project_slug, p.status as project_status, c.eligibility, c.min_age, c.is_secret, c.allow_change,
           c.results_visibility, c.results_published_at, c.opens_at, c.closes_at, c.opened_at, c.closed_at,
           to_char((now() at time zone 'Europe/Paris')::date, 'YYYY-MM-DD') as today
    from consultations c join projects p on p.id = c.project_id and p.organization_id = c.organization_id
    where c.id = ${consultationId} and c.organization_id = ${organizationId}`;
  if (!c) return null;
  return {
    id: Number(c.id),
    organizationId,
    projectId: Number(c.project_id),
    projectSlug: String(c.project_slug),
    projectStatus: c.project_status as ProjectStatus,
    eligibility: c.eligibility as Eligibility,
    minAge: c.min_age == null ? null : Number(c.min_age),
    secret: Boolean(c.is_secret),
    allowChange: Boolean(c.allow_change),
    resultsVisibility: c.results_visibility as ResultsVisibility,
    resultsPublishedAt: (c.results_published_at as Date | null) ?? null,
    opensAt: (c.opens_at as Date).getTime(),
    closesAt: (c.closes_at as Date).getTime(),
    openedAt: c.opened_at ? (c.opened_at as Date).getTime() : null,
    closedAt: c.closed_at ? (c.closed_at as Date).getTime() : null,
    today: String(c.today),
    questions: await loadQuestions(db, organizationId, [consultationId]),
  };
}

/** The rules of a consultation, from a cache of one second (the database rechecks the window and the rules). */
export function ballotRules(db: Db, organizationId: number, consultationId: number): Promise<BallotRules | null> {
  const cache = rulesCache();
  const key = `${organizationId}:${consultationId}`;
  const hit = cache.get(key);
  const now = Date.now();
  if (hit && now - hit.at < RULES_TTL_MS) return hit.rules;
  const rules = readRules(db, organizationId, consultationId);
  cache.set(key, { at: now, rules });
  rules.catch(() => cache.delete(key));
  if (cache.size > 1000) cache.delete(cache.keys().next().value!);
  return rules;
}

/** The state as the cached rules see it now (the database decides at the insert). */
export function stateOfRules(rules: Pick<BallotRules, "openedAt" | "closedAt" | "opensAt" | "closesAt">, now = Date.now()): ConsultationState {
  if (rules.openedAt == null) return "draft";
  if (rules.closedAt != null || now >= rules.closesAt) return "closed";
  if (now < rules.opensAt) return "scheduled";
  return "open";
}

const refusal = (reason: Extract<BallotOutcome, { ok: false }>["reason"], error: string, errors?: Record<number, BallotError>): BallotOutcome =>
  errors ? { ok: false, reason, error, errors } : { ok: false, reason, error };

/**
 * Casts (or, when allowed, changes) a ballot. Acknowledged only once committed; refusals carry a
 * precise i18n key and store nothing. With the pool, the ballot joins the next small batch; inside
 * a caller's transaction it is written there.
 */
export async function castBallot(db: Db, actor: Actor, input: BallotInput): Promise<BallotOutcome> {
  const rules = await ballotRules(db, actor.organizationId, input.consultationId);
  if (!rules) return refusal("notFound", "status.notFoundText");
  const state = stateOfRules(rules);
  const decision = decide(actor, "vote", {
    project: { status: rules.projectStatus, currentPhase: null, actorBlocked: false },
    consultation: { state, eligibility: rules.eligibility, minAge: rules.minAge, resultsVisibility: rules.resultsVisibility, resultsPublishedAt: rules.resultsPublishedAt },
    today: rules.today,
  });
  if (!decision.allowed) {
    if (decision.reason === "status.notFoundText") return refusal("notFound", decision.reason);
    if (decision.reason === "consultations:ballot.closed") return refusal("closed", decision.reason);
    if (decision.reason === "consultations:ballot.notOpen") return refusal("notOpen", decision.reason);
    return refusal("ineligible", decision.reason);
  }
  if (rules.projectStatus === "archived") return refusal("closed", "consultations:ballot.closed");
  if (input.answers.length === 0) return refusal("invalid", "consultations:ballot.empty");
  const errors: Record<number, BallotError> = {};
  const seen = new Set<number>();
  for (const answer of input.answers) {
    const question = rules.questions.find((q) => q.id === answer.questionId);
    if (!question || seen.has(answer.questionId)) {
      errors[answer.questionId] = { key: "consultations:ballot.unknownOption" };
      continue;
    }
    seen.add(answer.questionId);
    const problem = checkAnswer(question, answer);
    if (problem) errors[answer.questionId] = problem;
  }
  if (Object.keys(errors).length > 0) return refusal("invalid", "consultations:ballot.invalid", errors);
  let receipt: string | null = null;
  if (input.receipt) {
    receipt = normalizeReceipt(input.receipt);
    if (!receipt) return refusal("receiptUnknown", "consultations:ballot.receiptUnknown");
  }
  const pending: PendingBallot = {
    organizationId: actor.organizationId,
    projectId: rules.projectId,
    consultationId: input.consultationId,
    secret: rules.secret,
    allowChange: rules.allowChange,
    // The member the ballot is for (an aidant acting for someone votes in their name).
    voterId: actsAs(actor).userId,
    answers: input.answers,
    receipt,
  };
  if ("savepoint" in db) {
    // Inside the caller's transaction (the demo seed, tests): written there, in a savepoint so
    // that a refusal by the database leaves the caller's transaction usable.
    for (let attempt = 0; ; attempt++) {
      try {
        const [outcome] = (await (db as Tx).savepoint((sp) => writeBallots(sp, [pending]))) as BallotOutcome[];
        return outcome!;
      } catch (error) {
        // Another transaction took a participation meanwhile: once it committed, this one sees it.
        if (error instanceof RetryBatch && attempt < 3) continue;
        const outcome = outcomeOfError(error);
        if (outcome) return outcome;
        throw error;
      }
    }
  }
  return ballotWriterOf(db as Sql).write(pending);
}
