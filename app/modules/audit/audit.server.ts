// The append-only audit log: each entry stores the hash of the one before, so that any change
// to a past entry breaks the chain at that entry (see `verifyAuditChain`).
//
// No personal data goes into an entry: members are referred to by id (names are read from
// `users` when the log is shown, so a deleted account leaves no name here). Free text written
// about a member (a block's reason, a moderation decision's reason) is personal data too: it is
// kept beside the chain in `audit_personal_data`, the entry holding only a salted digest of it,
// and it is erased with the member's account while every hash stays valid.
import crypto from "node:crypto";
import type { Db, Sql } from "~/utils/db.server";

const AUDIT_LOCK_KEY = 7_220_014_002;

export type AuditEntryInput = {
  organizationId: number | null;
  actorId: number | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | number | null;
  data?: Record<string, unknown>;
  /** Free text about member `userId` (never names or addresses in `data`): stored beside the chain, erased with their account. */
  personal?: { userId: number; data: Record<string, unknown> };
};

/** The key, in an entry's data, of the digest of its personal data. */
export const PERSONAL_DIGEST_KEY = "personalDigest";

/** Salted so that an erased text cannot be found again by hashing guesses. */
export function personalDigest(salt: string, data: unknown): string {
  return crypto.createHash("sha256").update(salt).update("\n").update(canonicalJson(data)).digest("hex");
}

type HashedFields = {
  id: number;
  organizationId: number | null;
  actorId: number | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  data: unknown;
  createdAt: string;
  prevHash: string | null;
};

/** JSON with keys sorted at every level, so that jsonb's own key order does not matter. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function hashEntry(fields: HashedFields): string {
  return crypto.createHash("sha256").update(canonicalJson(fields)).digest("hex");
}

/** Appends one entry. Run it inside the transaction of the act it records. */
export async function recordAudit(db: Db, entry: AuditEntryInput): Promise<{ id: number; hash: string }> {
  const run = async (tx: Db) => {
    await tx`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`;
    const [last] = await tx`select hash from audit_log order by id desc limit 1`;
    const prevHash = (last?.hash as string | undefined) ?? null;
    const [{ id }] = (await tx`select nextval(pg_get_serial_sequence('audit_log', 'id')) as id`) as unknown as [
      { id: string },
    ];
    const createdAt = new Date();
    const personal = entry.personal ? { ...entry.personal, salt: crypto.randomBytes(16).toString("hex") } : null;
    if (personal && entry.organizationId == null) throw new Error("recordAudit: personal data needs an organization");
    const data = JSON.parse(JSON.stringify(entry.data ?? {})) as Record<string, unknown>;
    if (personal) data[PERSONAL_DIGEST_KEY] = personalDigest(personal.salt, JSON.parse(JSON.stringify(personal.data)));
    const fields: HashedFields = {
      id: Number(id),
      organizationId: entry.organizationId,
      actorId: entry.actorId,
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId == null ? null : String(entry.subjectId),
      data,
      createdAt: createdAt.toISOString(),
      prevHash,
    };
    const hash = hashEntry(fields);
    await tx`
      insert into audit_log (id, organization_id, actor_id, action, subject_type, subject_id, data, created_at, prev_hash, hash)
      overriding system value
      values (${fields.id}, ${fields.organizationId}, ${fields.actorId}, ${fields.action}, ${fields.subjectType},
              ${fields.subjectId}, ${tx.json(fields.data as never)}, ${createdAt}, ${prevHash}, ${hash})`;
    if (personal) {
      await tx`
        insert into audit_personal_data (audit_id, organization_id, user_id, salt, data)
        values (${fields.id}, ${entry.organizationId}, ${personal.userId}, ${personal.salt}, ${tx.json(personal.data as never)})`;
    }
    return { id: fields.id, hash };
  };
  // A pool has `begin`; a transaction is already one.
  if ("begin" in db) return (db as Sql).begin((tx) => run(tx as unknown as Db)) as Promise<{ id: number; hash: string }>;
  return run(db);
}

export type AuditVerification = { ok: true; count: number } | { ok: false; count: number; brokenId: number; reason: string };

/** Walks the whole chain in id order; names the first entry whose hash or link is wrong. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let prevHash: string | null = null;
  let count = 0;
  let lastId = 0;
  for (;;) {
    const rows = await db`
      select a.id, a.organization_id, a.actor_id, a.action, a.subject_type, a.subject_id, a.data, a.created_at, a.prev_hash, a.hash,
             p.salt as personal_salt, p.data as personal_data
      from audit_log a left join audit_personal_data p on p.audit_id = a.id
      where a.id > ${lastId} order by a.id limit 1000`;
    if (rows.length === 0) break;
    for (const r of rows) {
      const id = Number(r.id);
      if ((r.prev_hash ?? null) !== prevHash) {
        return { ok: false, count, brokenId: id, reason: "prev_hash does not match the previous entry" };
      }
      const expected = hashEntry({
        id,
        organizationId: r.organization_id == null ? null : Number(r.organization_id),
        actorId: r.actor_id == null ? null : Number(r.actor_id),
        action: String(r.action),
        subjectType: (r.subject_type as string | null) ?? null,
        subjectId: (r.subject_id as string | null) ?? null,
        data: r.data,
        createdAt: (r.created_at as Date).toISOString(),
        prevHash,
      });
      if (expected !== r.hash) return { ok: false, count, brokenId: id, reason: "hash does not match the entry" };
      // Personal data may have been erased (its account deleted); while it exists, it must be the one recorded.
      if (r.personal_salt != null) {
        const digest = (r.data as Record<string, unknown> | null)?.[PERSONAL_DIGEST_KEY];
        if (digest !== personalDigest(String(r.personal_salt), r.personal_data)) {
          return { ok: false, count, brokenId: id, reason: "personal data does not match the entry" };
        }
      }
      prevHash = String(r.hash);
      lastId = id;
      count++;
    }
  }
  return { ok: true, count };
}

export type AuditRow = {
  id: number;
  action: string;
  /** null: done by the system (command line, seed). */
  actorId: number | null;
  /** null when there is no actor, or the actor's account was deleted. */
  actorName: string | null;
  subjectType: string | null;
  subjectId: string | null;
  /** The entry's data, with its personal data (while not erased) in place of their digest. */
  data: Record<string, unknown>;
  createdAt: Date;
};

/** Newest first. `beforeId` pages towards older entries, `afterId` back towards newer ones. */
export async function listAuditEntries(
  db: Db,
  organizationId: number,
  options: { beforeId?: number; afterId?: number; limit?: number } = {},
): Promise<AuditRow[]> {
  const limit = Math.min(options.limit ?? 50, 200);
  const ascending = options.afterId != null && options.beforeId == null;
  const rows = await db`
    select a.id, a.action, a.actor_id, a.subject_type, a.subject_id, a.data, a.created_at, p.data as personal_data,
           case when u.deleted_at is null then u.name end as actor_name
    from audit_log a left join users u on u.id = a.actor_id
      left join audit_personal_data p on p.audit_id = a.id and p.organization_id = a.organization_id
    where a.organization_id = ${organizationId}
      and (${options.beforeId ?? null}::bigint is null or a.id < ${options.beforeId ?? null}::bigint)
      and (${options.afterId ?? null}::bigint is null or a.id > ${options.afterId ?? null}::bigint)
    order by ${ascending ? db`a.id asc` : db`a.id desc`} limit ${limit}`;
  const entries = rows.map((r) => ({
    id: Number(r.id),
    action: String(r.action),
    actorId: r.actor_id == null ? null : Number(r.actor_id),
    actorName: (r.actor_name as string | null) ?? null,
    subjectType: (r.subject_type as string | null) ?? null,
    subjectId: (r.subject_id as string | null) ?? null,
    data: withPersonalData(r.data, r.personal_data),
    createdAt: r.created_at as Date,
  }));
  return ascending ? entries.reverse() : entries;
}

function withPersonalData(data: unknown, personal: unknown): Record<string, unknown> {
  const { [PERSONAL_DIGEST_KEY]: _digest, ...rest } = (data ?? {}) as Record<string, unknown>;
  return { ...rest, ...((personal ?? {}) as Record<string, unknown>) };
}

/** Erases the free texts written about a member (their account is being deleted); the chain stays valid. */
export async function eraseAuditPersonalData(db: Db, organizationId: number, userId: number): Promise<number> {
  const rows = await db`
    delete from audit_personal_data where user_id = ${userId} and organization_id = ${organizationId} returning audit_id`;
  return rows.length;
}
