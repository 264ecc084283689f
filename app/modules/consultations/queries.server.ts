// Reading consultations: one consultation with its questions and options, a project's list, the
// tally from the counters (never a recount), a voter's own ballot, the published ballot list and
// the receipt check. Every statement names the organization.
import type { Actor } from "~/modules/auth/actor";
import type { Db } from "~/utils/db.server";
import type { BallotAnswer, Consultation, ConsultationSummary, ConsultationTally } from "./schema";

function notImplemented(): never {
  throw new Error("consultations: not implemented yet");
}

export async function getConsultation(_db: Db, _organizationId: number, _consultationId: number): Promise<Consultation | null> {
  return notImplemented();
}

export async function listProjectConsultations(_db: Db, _organizationId: number, _projectId: number): Promise<ConsultationSummary[]> {
  return notImplemented();
}

/** The tally from the counters. Callers check `seeResults` first (results after close). */
export async function getTally(_db: Db, _organizationId: number, _consultationId: number): Promise<ConsultationTally | null> {
  return notImplemented();
}

/** What the actor already did: the questions they voted on, and their choices when the ballot is public. */
export async function getOwnParticipation(
  _db: Db,
  _actor: Actor,
  _consultationId: number,
): Promise<{ questionIds: number[]; answers: BallotAnswer[] | null }> {
  return notImplemented();
}

/** Published ballots (secret: receipt digest and choices only), keyset by digest. */
export async function listBallots(
  _db: Db,
  _organizationId: number,
  _consultationId: number,
  _options: { after: string | null; limit: number },
): Promise<{ ballots: { digest: string; questionId: number; answer: BallotAnswer; voterId: number | null }[]; next: string | null }> {
  return notImplemented();
}

/** Whether a receipt's ballot is among the stored ballots of the consultation. */
export async function receiptStored(_db: Db, _organizationId: number, _consultationId: number, _receipt: string): Promise<boolean> {
  return notImplemented();
}
