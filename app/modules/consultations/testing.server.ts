// Test data for consultations (Vitest, benches): an open consultation built through the commands,
// as an official would, in a project with a vote phase.
import { actorOf, type Actor } from "~/modules/auth/actor";
import type { SessionUser } from "~/modules/auth/session.server";
import { createTestProject, dayFromToday } from "~/modules/projects/testing.server";
import type { Db } from "~/utils/db.server";
import { addOption, addQuestion, createConsultation, openConsultation, type CommandResult } from "./commands.server";
import type { ConsultationInput, MethodSettings } from "./schema";

export function actorFor(user: { id: number; organizationId: number; role: SessionUser["role"]; email?: string; name?: string }): Actor {
  return actorOf(user.organizationId, {
    id: user.id,
    organizationId: user.organizationId,
    email: user.email ?? "x@example.org",
    name: user.name ?? "Test",
    role: user.role,
    isSystemAdmin: false,
    locale: null,
    emailConfirmed: true,
  });
}

export function value<T>(result: CommandResult<T>): T {
  if (!result.ok) throw new Error(`command refused: ${result.error}`);
  return result.value;
}

/** A published project whose vote phase runs today. */
export async function createVoteProject(organizationId: number, officialId: number) {
  return createTestProject(organizationId, officialId, {
    phases: [
      { kind: "co_construction", startsOn: await dayFromToday(-30), endsOn: await dayFromToday(-2) },
      { kind: "vote", startsOn: await dayFromToday(-1), endsOn: await dayFromToday(20) },
    ],
  });
}

export type TestQuestion = { title?: string; settings: MethodSettings; options: { label: string; cost?: number; proposalId?: number }[] };

/** A consultation with its questions and options, opened unless `open: false`. */
export async function createTestConsultation(
  db: Db,
  official: Actor,
  projectId: number,
  input: Partial<ConsultationInput> & { questions: TestQuestion[]; open?: boolean },
) {
  const now = Date.now();
  const id = value(
    await createConsultation(db, official, {
      projectId,
      title: input.title ?? "Consultation de test",
      description: input.description ?? "",
      opensAt: input.opensAt ?? new Date(now - 60_000),
      closesAt: input.closesAt ?? new Date(now + 7 * 86_400_000),
      eligibility: input.eligibility ?? "members",
      minAge: input.minAge ?? null,
      secrecy: input.secrecy ?? "secret",
      resultsVisibility: input.resultsVisibility ?? "live",
      allowChange: input.allowChange ?? false,
    }),
  ).id;
  const questions: { id: number; optionIds: number[] }[] = [];
  for (const [i, q] of input.questions.entries()) {
    const questionId = value(await addQuestion(db, official, { consultationId: id, title: q.title ?? `Question ${i + 1}`, description: "", ...q.settings } as never)).id;
    const optionIds: number[] = [];
    for (const o of q.options) {
      optionIds.push(value(await addOption(db, official, { questionId, label: o.label, description: "", proposalId: o.proposalId ?? null, cost: o.cost ?? null })).id);
    }
    questions.push({ id: questionId, optionIds });
  }
  if (input.open !== false) value(await openConsultation(db, official, { consultationId: id }));
  return { id, questions };
}
