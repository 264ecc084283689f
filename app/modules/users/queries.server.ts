// What the account page shows: the account itself and its open sessions, always within the organization.
import type { Locale } from "~/i18n/config";
import { pendingEmailChange } from "~/modules/auth/tokens.server";
import type { Db } from "~/utils/db.server";
import { describeUserAgent } from "./devices";
import { cachedDateFormat } from "~/utils/intl";

export type AccountView = {
  name: string;
  email: string;
  emailConfirmed: boolean;
  /** A new address waiting for its confirmation link to be followed. */
  pendingEmail: string | null;
};

export async function getAccount(db: Db, organizationId: number, userId: number): Promise<AccountView | null> {
  const [row] = await db`
    select name, email, email_confirmed_at is not null as email_confirmed
    from users where id = ${userId} and organization_id = ${organizationId} and deleted_at is null`;
  if (!row) return null;
  const email = String(row.email);
  return {
    name: String(row.name),
    email,
    emailConfirmed: Boolean(row.email_confirmed),
    pendingEmail: await pendingEmailChange(db, { organizationId, userId, currentEmail: email }),
  };
}

export type SessionView = {
  id: string;
  current: boolean;
  browser: string | null;
  os: string | null;
  createdAt: string;
  lastSeenAt: string;
  /** Formatted on the server, in the page's language and the French time zone, so that hydration matches. */
  createdLabel: string;
  lastSeenLabel: string;
};

export function formatDateTime(date: Date, locale: Locale): string {
  return cachedDateFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Europe/Paris",
  }).format(date);
}

export async function listAccountSessions(
  db: Db,
  input: { organizationId: number; userId: number; currentSessionId: string; locale: Locale },
): Promise<SessionView[]> {
  const rows = await db`
    select id, created_at, last_seen_at, user_agent from sessions
    where user_id = ${input.userId} and organization_id = ${input.organizationId} and expires_at > now()
    order by (id = ${input.currentSessionId}) desc, last_seen_at desc limit 100`;
  return rows.map((r) => {
    const created = r.created_at as Date;
    const lastSeen = r.last_seen_at as Date;
    return {
      id: String(r.id),
      current: r.id === input.currentSessionId,
      ...describeUserAgent(r.user_agent as string | null),
      createdAt: created.toISOString(),
      lastSeenAt: lastSeen.toISOString(),
      createdLabel: formatDateTime(created, input.locale),
      lastSeenLabel: formatDateTime(lastSeen, input.locale),
    };
  });
}
