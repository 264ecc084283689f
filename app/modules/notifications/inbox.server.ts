// A member's notifications: the bell's unread count, the paginated list, reading them, and the
// per-kind settings. Every statement names both the member and the organization.
import type { Db } from "~/utils/db.server";
import { NOTIFICATION_KINDS, readSettings, SHOWN_KINDS, UNREAD_CAP, type NotificationSettings, type ShownKind } from "./kinds";

export const NOTIFICATIONS_PER_PAGE = 20;

/** Unread notifications, up to UNREAD_CAP + 1 (read through notifications_unread_idx). */
export async function countUnread(db: Db, organizationId: number, userId: number): Promise<number> {
  const [row] = await db`
    select count(*)::int as unread from (
      select 1 from notifications
      where user_id = ${userId} and organization_id = ${organizationId} and read_at is null
      limit ${UNREAD_CAP + 1}
    ) n`;
  return Number(row?.unread ?? 0);
}

export type NotificationItem = {
  id: number;
  kind: ShownKind;
  data: Record<string, string>;
  read: boolean;
  /** A later decision replaced it (a hidden contribution restored). */
  superseded: boolean;
  createdAt: Date;
};

export async function listNotifications(
  db: Db,
  organizationId: number,
  userId: number,
  page: number,
  perPage = NOTIFICATIONS_PER_PAGE,
): Promise<{ items: NotificationItem[]; total: number; page: number; pageCount: number }> {
  const [count] = await db`
    select count(*)::int as total from notifications where user_id = ${userId} and organization_id = ${organizationId}`;
  const total = Number(count?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  const current = Math.min(Math.max(1, page), pageCount);
  // The author a notification names is stored by id: their name now, none once their account is deleted.
  const rows = await db`
    select n.id, n.kind, n.data, n.read_at, n.created_at, n.superseded_at,
           case when a.deleted_at is null then a.name end as author_name
    from notifications n
      left join users a on n.data ? 'authorId' and a.id = (n.data->>'authorId')::bigint and a.organization_id = n.organization_id
    where n.user_id = ${userId} and n.organization_id = ${organizationId}
    order by n.id desc
    limit ${perPage} offset ${(current - 1) * perPage}`;
  return {
    items: rows
      .filter((r) => (SHOWN_KINDS as readonly string[]).includes(String(r.kind)))
      .map((r) => ({
        id: Number(r.id),
        kind: r.kind as ShownKind,
        data: withAuthorName(plainStrings(r.data), r.author_name as string | null),
        read: r.read_at != null,
        superseded: r.superseded_at != null,
        createdAt: r.created_at as Date,
      })),
    total,
    page: current,
    pageCount,
  };
}

/** `authorName` from the live account (absent once deleted: the sentence names a deleted participant). */
function withAuthorName(data: Record<string, string>, authorName: string | null): Record<string, string> {
  if (!("authorId" in data)) return data;
  const { authorId: _id, ...rest } = data;
  return authorName == null ? rest : { ...rest, authorName };
}

/** The stored values as strings only: they go into translated messages. */
function plainStrings(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== "object") return {};
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/** Marks one of the member's notifications read; returns its path, or null when it is not theirs. */
export async function openNotification(db: Db, organizationId: number, userId: number, id: number): Promise<{ path: string | null } | null> {
  const [row] = await db`
    update notifications set read_at = coalesce(read_at, now())
    where id = ${id} and user_id = ${userId} and organization_id = ${organizationId}
    returning data`;
  if (!row) return null;
  const path = (row.data as { path?: unknown } | null)?.path;
  return { path: typeof path === "string" ? path : null };
}

export async function markAllRead(db: Db, organizationId: number, userId: number): Promise<number> {
  const rows = await db`
    update notifications set read_at = now()
    where user_id = ${userId} and organization_id = ${organizationId} and read_at is null
    returning id`;
  return rows.length;
}

export async function getNotificationSettings(db: Db, organizationId: number, userId: number): Promise<NotificationSettings | null> {
  const [row] = await db`
    select notification_settings from users
    where id = ${userId} and organization_id = ${organizationId} and deleted_at is null`;
  return row ? readSettings(row.notification_settings) : null;
}

export async function saveNotificationSettings(db: Db, organizationId: number, userId: number, settings: NotificationSettings): Promise<boolean> {
  const value = Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, { inApp: settings[kind].inApp, email: settings[kind].email }]),
  );
  const rows = await db`
    update users set notification_settings = ${db.json(value as never)}
    where id = ${userId} and organization_id = ${organizationId} and deleted_at is null
    returning id`;
  return rows.length > 0;
}
