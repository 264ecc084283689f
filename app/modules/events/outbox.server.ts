// The events outbox: `recordEvent` writes what changed in the transaction of the change itself,
// so an event exists exactly when its write committed (a trigger NOTIFYs the dispatchers at
// commit, see migration 00012). The dispatcher (app/server/events-dispatcher.server.ts) claims,
// delivers and marks them.
import type { Db, Sql, Tx } from "~/utils/db.server";
import { EVENT_SCHEMAS, targetOf, type DomainEvent, type StoredEvent } from "./events";

/**
 * Records one event. `db` should be the write's transaction; the payload is checked against the
 * catalogue (a malformed event is a programming error: it throws, and the write rolls back). The
 * project's slug is read in the same statement: the page cache is keyed by URL.
 */
export async function recordEvent(db: Db, event: DomainEvent): Promise<void> {
  const payload = EVENT_SCHEMAS[event.type].parse(event.payload);
  const target = targetOf(event);
  const userIds = (event.userIds ?? []).map(Number);
  await db`
    insert into events (organization_id, type, project_id, project_slug, user_ids, target_type, target_id, payload)
    values (${event.organizationId}, ${event.type}, ${event.projectId},
            (select slug from projects where id = ${event.projectId} and organization_id = ${event.organizationId}),
            ${userIds}::bigint[], ${target?.type ?? null}, ${target?.id ?? null}, ${db.json(payload as never)})`;
}

/** Runs `fn` in `db`'s transaction, or in a new one when `db` is the pool (so the write and its event commit together). */
export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  // postgres.js: a transaction has `savepoint`, the pool has `begin`.
  if ("savepoint" in db) return fn(db as Tx);
  return (db as Sql).begin((tx) => fn(tx)) as Promise<T>;
}

type EventRow = {
  id: string | number;
  organization_id: string | number;
  type: string;
  project_id: string | number | null;
  project_slug: string | null;
  user_ids: (string | number)[] | null;
  payload: unknown;
};

/** An outbox row as an event; null (and the row is skipped) if it is not in the catalogue any more. */
export function eventOfRow(row: EventRow): StoredEvent | null {
  const schema = (EVENT_SCHEMAS as Record<string, (typeof EVENT_SCHEMAS)[keyof typeof EVENT_SCHEMAS]>)[row.type];
  const payload = schema?.safeParse(row.payload);
  if (!payload?.success) return null;
  return {
    id: Number(row.id),
    type: row.type,
    organizationId: Number(row.organization_id),
    projectId: row.project_id == null ? null : Number(row.project_id),
    projectSlug: row.project_slug,
    userIds: (row.user_ids ?? []).map(Number),
    payload: payload.data,
  } as StoredEvent;
}

/**
 * Claims the oldest undelivered events (rows another dispatcher holds are skipped), hands each to
 * `deliver` in order, and marks them delivered, all in one transaction: if delivery throws or the
 * process dies first, the rows stay undelivered and the next claim gets them again. Returns how
 * many were delivered.
 */
export async function deliverPendingEvents(sql: Sql, deliver: (event: StoredEvent) => void | Promise<void>, limit = 100): Promise<number> {
  return (await sql.begin(async (tx) => {
    const rows = await tx`
      select id, organization_id, type, project_id, project_slug, user_ids, payload from events
      where delivered_at is null
      order by id for update skip locked limit ${limit}`;
    if (rows.length === 0) return 0;
    for (const row of rows) {
      const event = eventOfRow(row as unknown as EventRow);
      if (event) await deliver(event);
      else console.error(`[events] skipped event ${String(row.id)}: unknown type or payload (${String(row.type)})`);
    }
    await tx`update events set delivered_at = now() where id in ${tx(rows.map((r) => r.id as string))}`;
    return rows.length;
  })) as number;
}

/** Delivered events are kept a day (to read what happened), then dropped. */
export async function pruneDeliveredEvents(db: Db): Promise<number> {
  const rows = await db`delete from events where delivered_at < now() - interval '1 day' returning id`;
  return rows.length;
}
