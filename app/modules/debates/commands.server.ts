// Writing debates: an official opens one, and closes it with a written conclusion; both audited,
// both events after commit.
import type { Actor } from "~/modules/auth/actor";
import { actsAs, auditedBy, onBehalf } from "~/modules/auth/member-actor";
import { recordAudit } from "~/modules/audit/audit.server";
import { recordEvent } from "~/modules/events/outbox.server";
import type { Sql } from "~/utils/db.server";

/** Opens a debate (audited `debate.open`). */
export async function openDebate(
  sql: Sql,
  actor: Actor,
  input: { projectId: number; title: string; description: string },
): Promise<number> {
  const by = actsAs(actor);
  return sql.begin(async (tx) => {
    const [row] = await tx`
      insert into debates (organization_id, project_id, author_id, title, description)
      values (${by.organizationId}, ${input.projectId}, ${by.userId}, ${input.title}, ${input.description})
      returning id`;
    const id = Number(row!.id);
    await recordAudit(tx, {
      organizationId: by.organizationId,
      actorId: auditedBy(actor).actorId,
      action: "debate.open",
      subjectType: "debate",
      subjectId: id,
      data: { projectId: input.projectId, title: input.title, ...onBehalf(actor) },
    });
    await recordEvent(tx, { type: "debate.opened", organizationId: by.organizationId, projectId: input.projectId, payload: { debateId: id } });
    return id;
  }) as Promise<number>;
}

export type CloseResult = { ok: true } | { ok: false; error: "notFound" | "alreadyClosed" };

/** Closes a debate with its conclusion (audited `debate.close`); closing twice is refused. */
export async function closeDebate(
  sql: Sql,
  actor: Actor,
  input: { projectId: number; debateId: number; conclusion: string },
): Promise<CloseResult> {
  const by = actsAs(actor);
  return sql.begin(async (tx) => {
    const [row] = await tx`
      update debates set closed_at = now(), closed_by = ${by.userId}, conclusion = ${input.conclusion}
      where id = ${input.debateId} and project_id = ${input.projectId} and organization_id = ${by.organizationId}
        and closed_at is null
      returning id`;
    if (!row) {
      const [exists] = await tx`
        select 1 from debates where id = ${input.debateId} and project_id = ${input.projectId} and organization_id = ${by.organizationId}`;
      return { ok: false, error: exists ? "alreadyClosed" : "notFound" } as const;
    }
    await recordAudit(tx, {
      organizationId: by.organizationId,
      actorId: auditedBy(actor).actorId,
      action: "debate.close",
      subjectType: "debate",
      subjectId: input.debateId,
      data: { projectId: input.projectId, ...onBehalf(actor) },
    });
    await recordEvent(tx, {
      type: "debate.closed",
      organizationId: by.organizationId,
      projectId: input.projectId,
      payload: { debateId: input.debateId },
    });
    return { ok: true } as const;
  }) as Promise<CloseResult>;
}
