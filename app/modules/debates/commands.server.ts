// Writing debates: an official opens one, and closes it with a written conclusion; both audited,
// both events after commit.
import { recordAudit } from "~/modules/audit/audit.server";
import { recordEvent } from "~/modules/events/outbox.server";
import type { Sql } from "~/utils/db.server";

/** Opens a debate (audited `debate.open`). */
export async function openDebate(
  sql: Sql,
  input: { organizationId: number; projectId: number; authorId: number; title: string; description: string },
): Promise<number> {
  return sql.begin(async (tx) => {
    const [row] = await tx`
      insert into debates (organization_id, project_id, author_id, title, description)
      values (${input.organizationId}, ${input.projectId}, ${input.authorId}, ${input.title}, ${input.description})
      returning id`;
    const id = Number(row!.id);
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actorId: input.authorId,
      action: "debate.open",
      subjectType: "debate",
      subjectId: id,
      data: { projectId: input.projectId, title: input.title },
    });
    await recordEvent(tx, { type: "debate.opened", organizationId: input.organizationId, projectId: input.projectId, payload: { debateId: id } });
    return id;
  }) as Promise<number>;
}

export type CloseResult = { ok: true } | { ok: false; error: "notFound" | "alreadyClosed" };

/** Closes a debate with its conclusion (audited `debate.close`); closing twice is refused. */
export async function closeDebate(
  sql: Sql,
  input: { organizationId: number; projectId: number; debateId: number; officialId: number; conclusion: string },
): Promise<CloseResult> {
  return sql.begin(async (tx) => {
    const [row] = await tx`
      update debates set closed_at = now(), closed_by = ${input.officialId}, conclusion = ${input.conclusion}
      where id = ${input.debateId} and project_id = ${input.projectId} and organization_id = ${input.organizationId}
        and closed_at is null
      returning id`;
    if (!row) {
      const [exists] = await tx`
        select 1 from debates where id = ${input.debateId} and project_id = ${input.projectId} and organization_id = ${input.organizationId}`;
      return { ok: false, error: exists ? "alreadyClosed" : "notFound" } as const;
    }
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actorId: input.officialId,
      action: "debate.close",
      subjectType: "debate",
      subjectId: input.debateId,
      data: { projectId: input.projectId },
    });
    await recordEvent(tx, {
      type: "debate.closed",
      organizationId: input.organizationId,
      projectId: input.projectId,
      payload: { debateId: input.debateId },
    });
    return { ok: true } as const;
  }) as Promise<CloseResult>;
}
