// Writing proposals: create, edit (15 minutes and no support, checked in the UPDATE itself so that
// a support arriving at the same moment wins), withdraw, support and unsupport (idempotent through
// the supports primary key, the counter updated in the same transaction), and the official answer
// (audited, the author notified). Every statement names the organization.
import type { Actor } from "~/modules/auth/actor";
import { actsAs, auditedBy, onBehalf } from "~/modules/auth/member-actor";
import { isLocale } from "~/i18n/config";
import { getT } from "~/i18n/i18n.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { inTransaction, recordEvent } from "~/modules/events/outbox.server";
import { notify } from "~/modules/notifications/notify.server";
import type { RichText } from "~/modules/richtext/richtext.server";
import type { Db, Sql } from "~/utils/db.server";
import { EDIT_WINDOW_MINUTES, type AnswerStatus } from "./schema";

export type ProposalInput = {
  title: string;
  body: RichText;
  /** [lng, lat], or null for no place. */
  place: [number, number] | null;
};

export async function createProposal(
  db: Db,
  actor: Actor,
  input: ProposalInput & { projectId: number },
): Promise<number> {
  const by = actsAs(actor);
  const [lng, lat] = input.place ?? [null, null];
  // The proposal and its event commit together.
  return inTransaction(db, async (tx) => {
    const [row] = await tx`
      insert into proposals (organization_id, project_id, author_id, title, body, body_html, body_text, lng, lat)
      values (${by.organizationId}, ${input.projectId}, ${by.userId}, ${input.title},
              ${tx.json(input.body.json as never)}, ${input.body.html}, ${input.body.text}, ${lng}, ${lat})
      returning id`;
    const id = Number(row!.id);
    await recordEvent(tx, { type: "proposal.created", organizationId: by.organizationId, projectId: input.projectId, payload: { proposalId: id } });
    return id;
  });
}

/** The author's edit, only within the window and before the first support. */
export async function updateProposal(
  db: Db,
  actor: Actor,
  input: ProposalInput & { projectId: number; proposalId: number },
): Promise<boolean> {
  const by = actsAs(actor);
  const [lng, lat] = input.place ?? [null, null];
  return inTransaction(db, async (tx) => {
    const rows = await tx`
      update proposals set title = ${input.title}, body = ${tx.json(input.body.json as never)}, body_html = ${input.body.html},
        body_text = ${input.body.text}, lng = ${lng}, lat = ${lat}, updated_at = now()
      where id = ${input.proposalId} and project_id = ${input.projectId} and organization_id = ${by.organizationId}
        and author_id = ${by.userId}
        and created_at > now() - make_interval(mins => ${EDIT_WINDOW_MINUTES})
        and supports_count = 0 and status = 'submitted' and hidden_at is null
      returning id`;
    if (rows.length !== 1) return false;
    await recordEvent(tx, {
      type: "proposal.edited",
      organizationId: by.organizationId,
      projectId: input.projectId,
      payload: { proposalId: input.proposalId },
    });
    return true;
  });
}

export type WithdrawResult = { ok: true } | { ok: false; error: "notFound" | "alreadyWithdrawn" | "answered" };

/** The author withdraws: the proposal stays, marked; no more supports. Not once decided. */
export async function withdrawProposal(
  db: Db,
  actor: Actor,
  input: { projectId: number; proposalId: number },
): Promise<WithdrawResult> {
  const by = actsAs(actor);
  const withdrawn = await inTransaction(db, async (tx) => {
    const rows = await tx`
      update proposals set status = 'withdrawn', updated_at = now()
      where id = ${input.proposalId} and project_id = ${input.projectId} and organization_id = ${by.organizationId}
        and author_id = ${by.userId} and status in ('submitted', 'under_study')
      returning id`;
    if (rows.length !== 1) return false;
    await recordEvent(tx, {
      type: "proposal.withdrawn",
      organizationId: by.organizationId,
      projectId: input.projectId,
      payload: { proposalId: input.proposalId },
    });
    return true;
  });
  if (withdrawn) return { ok: true };
  const [row] = await db`
    select status from proposals
    where id = ${input.proposalId} and project_id = ${input.projectId} and organization_id = ${by.organizationId}
      and author_id = ${by.userId}`;
  if (!row) return { ok: false, error: "notFound" };
  return { ok: false, error: row.status === "withdrawn" ? "alreadyWithdrawn" : "answered" };
}

export type SupportResult =
  | { ok: true; supported: boolean; count: number }
  | { ok: false; error: "notFound" | "ownProposal" | "notSupportable" };

/** Sets the user's support to `on`; the same request twice changes nothing. */
export async function setSupport(
  sql: Sql,
  actor: Actor,
  input: { projectId: number; proposalId: number; on: boolean },
): Promise<SupportResult> {
  const by = actsAs(actor);
  return sql.begin(async (tx) => {
    // Locked: an edit (which needs no support) and a withdrawal see this support, or wait for it.
    const [proposal] = await tx`
      select author_id, status, hidden_at, supports_count from proposals
      where id = ${input.proposalId} and project_id = ${input.projectId} and organization_id = ${by.organizationId}
      for update`;
    if (!proposal) return { ok: false, error: "notFound" } as const;
    if (Number(proposal.author_id) === by.userId) return { ok: false, error: "ownProposal" } as const;
    if (proposal.status === "withdrawn" || proposal.hidden_at) return { ok: false, error: "notSupportable" } as const;
    let count = Number(proposal.supports_count);
    if (input.on) {
      const inserted = await tx`
        insert into supports (organization_id, proposal_id, user_id)
        values (${by.organizationId}, ${input.proposalId}, ${by.userId})
        on conflict (proposal_id, user_id) do nothing
        returning user_id`;
      if (inserted.length === 1) {
        const [row] = await tx`
          update proposals set supports_count = supports_count + 1
          where id = ${input.proposalId} and organization_id = ${by.organizationId} returning supports_count`;
        count = Number(row!.supports_count);
      }
    } else {
      const deleted = await tx`
        delete from supports
        where proposal_id = ${input.proposalId} and user_id = ${by.userId} and organization_id = ${by.organizationId}
        returning user_id`;
      if (deleted.length === 1) {
        const [row] = await tx`
          update proposals set supports_count = greatest(supports_count - 1, 0)
          where id = ${input.proposalId} and organization_id = ${by.organizationId} returning supports_count`;
        count = Number(row!.supports_count);
      }
    }
    if (count !== Number(proposal.supports_count)) {
      await recordEvent(tx, {
        type: "proposal.supported",
        organizationId: by.organizationId,
        projectId: input.projectId,
        payload: { proposalId: input.proposalId, supportsCount: count },
      });
    }
    return { ok: true, supported: input.on, count } as const;
  }) as Promise<SupportResult>;
}

export type AnswerResult = { ok: true } | { ok: false; error: "notFound" | "withdrawn" };

/** The official answer: status and text, audited, and the author notified (bell and mail). */
export async function answerProposal(
  sql: Sql,
  actor: Actor,
  input: {
    projectId: number;
    proposalId: number;
    status: AnswerStatus;
    answer: string;
    /** The proposal's page, for the notification. */
    path: string;
    origin: string;
  },
): Promise<AnswerResult> {
  const by = actsAs(actor);
  return sql.begin(async (tx) => {
    const [row] = await tx`
      update proposals set status = ${input.status}, answer_text = ${input.answer}, answered_at = now(),
        answered_by = ${by.userId}, updated_at = now()
      where id = ${input.proposalId} and project_id = ${input.projectId} and organization_id = ${by.organizationId}
        and status <> 'withdrawn'
      returning id, title, author_id`;
    if (!row) {
      const [exists] = await tx`
        select 1 from proposals where id = ${input.proposalId} and project_id = ${input.projectId} and organization_id = ${by.organizationId}`;
      return { ok: false, error: exists ? "withdrawn" : "notFound" } as const;
    }
    await recordAudit(tx, {
      organizationId: by.organizationId,
      actorId: auditedBy(actor).actorId,
      action: "proposal.answer",
      subjectType: "proposal",
      subjectId: input.proposalId,
      data: { projectId: input.projectId, status: input.status, ...onBehalf(actor) },
    });
    await recordEvent(tx, {
      type: "proposal.answered",
      organizationId: by.organizationId,
      projectId: input.projectId,
      payload: { proposalId: input.proposalId },
    });
    if (Number(row.author_id) !== by.userId) {
      // The notification's texts are plain values: the status is named in the author's language.
      const [author] = await tx`
        select u.locale, o.default_locale from users u join organizations o on o.id = u.organization_id
        where u.id = ${row.author_id} and u.organization_id = ${by.organizationId}`;
      const locale = isLocale(author?.locale) ? author.locale : isLocale(author?.default_locale) ? author.default_locale : "fr";
      await notify(tx, {
        organizationId: by.organizationId,
        userId: Number(row.author_id),
        kind: "proposal_answered",
        data: { path: input.path, proposalTitle: String(row.title), status: getT(locale)(`proposals:status.${input.status}`) },
        origin: input.origin,
      });
    }
    return { ok: true } as const;
  }) as Promise<AnswerResult>;
}
