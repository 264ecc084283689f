// Writing consultations: officials create and edit them (rules frozen by the database once a
// ballot exists), open, extend the close (only later), close and publish results, all audited;
// citizens cast ballots (castBallot), checked against the policy, the question's rules, the
// window on the database clock and the one-ballot-per-question constraint, in one transaction.
// Every command takes the Actor and checks it here; every statement names the organization.
import type { Actor } from "~/modules/auth/actor";
import type { Db } from "~/utils/db.server";
import type { BallotInput, BallotOutcome, ConsultationInput, OptionInput, QuestionInput } from "./schema";

/** What an official's command answers: done, or refused with an i18n key (nothing written). */
export type CommandResult<T = void> = { ok: true; value: T } | { ok: false; error: string; notFound?: boolean };

function notImplemented(): never {
  throw new Error("consultations: not implemented yet");
}

export async function createConsultation(_db: Db, _actor: Actor, _input: ConsultationInput & { projectId: number }): Promise<CommandResult<{ id: number }>> {
  return notImplemented();
}

/** Texts always; settings only while no ballot exists (the database refuses otherwise). */
export async function updateConsultation(_db: Db, _actor: Actor, _input: ConsultationInput & { consultationId: number }): Promise<CommandResult> {
  return notImplemented();
}

export async function addQuestion(_db: Db, _actor: Actor, _input: QuestionInput & { consultationId: number }): Promise<CommandResult<{ id: number }>> {
  return notImplemented();
}

export async function updateQuestion(_db: Db, _actor: Actor, _input: QuestionInput & { questionId: number }): Promise<CommandResult> {
  return notImplemented();
}

export async function removeQuestion(_db: Db, _actor: Actor, _input: { questionId: number }): Promise<CommandResult> {
  return notImplemented();
}

export async function addOption(_db: Db, _actor: Actor, _input: OptionInput & { questionId: number }): Promise<CommandResult<{ id: number }>> {
  return notImplemented();
}

export async function updateOption(_db: Db, _actor: Actor, _input: OptionInput & { optionId: number }): Promise<CommandResult> {
  return notImplemented();
}

export async function removeOption(_db: Db, _actor: Actor, _input: { optionId: number }): Promise<CommandResult> {
  return notImplemented();
}

/** Opens a draft for voting (from its opens_at): needs at least one question with two options. Audited. */
export async function openConsultation(_db: Db, _actor: Actor, _input: { consultationId: number }): Promise<CommandResult> {
  return notImplemented();
}

/** Moves the close later (never earlier), audited; the voters are notified. */
export async function extendClose(_db: Db, _actor: Actor, _input: { consultationId: number; closesAt: Date }): Promise<CommandResult> {
  return notImplemented();
}

/** Closes: at or after closes_at, or earlier only while no ballot exists. Waits for ballots in flight. Audited. */
export async function closeConsultation(_db: Db, _actor: Actor, _input: { consultationId: number }): Promise<CommandResult> {
  return notImplemented();
}

/** Publishes the results of a closed consultation; voters and followers notified. Audited. */
export async function publishResults(_db: Db, _actor: Actor, _input: { consultationId: number }): Promise<CommandResult> {
  return notImplemented();
}

/**
 * Casts (or, when allowed, changes) a ballot. Acknowledged only once committed; refusals carry a
 * precise i18n key and store nothing.
 */
export async function castBallot(_db: Db, _actor: Actor, _input: BallotInput): Promise<BallotOutcome> {
  return notImplemented();
}
