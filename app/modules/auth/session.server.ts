// Sessions written the Lucia way (own code): a token `<id>.<secret>` in the cookie, the SHA-256
// of the secret in the database, constant-time comparison, sliding expiry.
import type { Db } from "~/utils/db.server";
import { newSplitToken, parseSplitToken, sameHash, sha256 } from "~/utils/crypto.server";
import type { Role } from "~/modules/permissions/permissions";

export const SESSION_DAYS = 30;
const DAY = 86_400_000;
const RENEW_BELOW_MS = 15 * DAY;
const TOUCH_EVERY_MS = 5 * 60_000;

export type SessionUser = {
  id: number;
  organizationId: number;
  email: string;
  name: string;
  role: Role;
  isSystemAdmin: boolean;
  locale: "fr" | "en" | null;
  emailConfirmed: boolean;
  /** YYYY-MM-DD from a verified identity or an in-person check (age rules); null: unknown. */
  birthDate?: string | null;
  /** The end of the member's verification as a resident (ISO), null: not verified or expired. */
  residentUntil?: string | null;
};

/** How a session was opened: a password, or an OpenID Connect provider (FranceConnect...). */
export type SessionLogin = { method: "password" } | { method: "oidc"; providerId: number; providerKind: string };

export type Session = {
  id: string;
  userId: number;
  expiresAt: Date;
  /** The expiry moved: the cookie must be sent again. */
  renewed: boolean;
  login?: SessionLogin;
};

export async function createSession(
  db: Db,
  input: {
    userId: number;
    organizationId: number;
    userAgent?: string | null;
    ip?: string | null;
    /** An OpenID Connect login: its provider and ID token (the provider's logout needs it). */
    oidc?: { providerId: number; idToken: string };
  },
): Promise<{ token: string; session: Session }> {
  const { id, token, secretHash } = newSplitToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY);
  await db`
    insert into sessions (id, organization_id, user_id, secret_hash, expires_at, user_agent, ip, login_method, oidc_provider_id, id_token)
    values (${id}, ${input.organizationId}, ${input.userId}, ${secretHash}, ${expiresAt},
            ${input.userAgent?.slice(0, 300) ?? null}, ${input.ip ?? null}, ${input.oidc ? "oidc" : "password"},
            ${input.oidc?.providerId ?? null}, ${input.oidc?.idToken ?? null})`;
  return { token, session: { id, userId: input.userId, expiresAt, renewed: true } };
}

/** Returns the session and its user, or null for a forged, expired or foreign token. */
export async function validateSessionToken(
  db: Db,
  token: string | null | undefined,
  organizationId: number,
): Promise<{ session: Session; user: SessionUser } | null> {
  const parsed = parseSplitToken(token);
  if (!parsed) return null;
  const [row] = await db`
    select s.id, s.secret_hash, s.expires_at, s.last_seen_at, s.login_method, s.oidc_provider_id, p.kind as provider_kind,
           u.id as user_id, u.organization_id, u.email, u.name, u.role, u.is_system_admin, u.locale,
           u.email_confirmed_at is not null as email_confirmed, to_char(u.birth_date, 'YYYY-MM-DD') as birth_date,
           case when u.resident_verified_until > now() then u.resident_verified_until end as resident_until
    from sessions s join users u on u.id = s.user_id and u.organization_id = s.organization_id
    left join oidc_providers p on p.id = s.oidc_provider_id and p.organization_id = s.organization_id
    where s.id = ${parsed.id} and s.organization_id = ${organizationId} and u.deleted_at is null`;
  if (!row) return null;
  if (!sameHash(row.secret_hash as Buffer, sha256(parsed.secret))) return null;
  const now = Date.now();
  let expiresAt = row.expires_at as Date;
  if (expiresAt.getTime() <= now) {
    await db`delete from sessions where id = ${parsed.id}`;
    return null;
  }
  let renewed = false;
  if (expiresAt.getTime() - now < RENEW_BELOW_MS) {
    expiresAt = new Date(now + SESSION_DAYS * DAY);
    renewed = true;
    await db`update sessions set expires_at = ${expiresAt}, last_seen_at = now() where id = ${parsed.id}`;
  } else if (now - (row.last_seen_at as Date).getTime() > TOUCH_EVERY_MS) {
    await db`update sessions set last_seen_at = now() where id = ${parsed.id}`;
  }
  return {
    session: {
      id: parsed.id,
      userId: Number(row.user_id),
      expiresAt,
      renewed,
      login:
        row.login_method === "oidc" && row.oidc_provider_id != null
          ? { method: "oidc", providerId: Number(row.oidc_provider_id), providerKind: String(row.provider_kind) }
          : { method: "password" },
    },
    user: {
      id: Number(row.user_id),
      organizationId: Number(row.organization_id),
      email: String(row.email),
      name: String(row.name),
      role: row.role as Role,
      isSystemAdmin: Boolean(row.is_system_admin),
      locale: (row.locale as "fr" | "en" | null) ?? null,
      emailConfirmed: Boolean(row.email_confirmed),
      birthDate: (row.birth_date as string | null) ?? null,
      residentUntil: row.resident_until ? (row.resident_until as Date).toISOString() : null,
    },
  };
}

export async function invalidateSession(db: Db, sessionId: string, userId?: number) {
  if (userId === undefined) await db`delete from sessions where id = ${sessionId}`;
  else await db`delete from sessions where id = ${sessionId} and user_id = ${userId}`;
}

export async function invalidateUserSessions(db: Db, userId: number, exceptSessionId?: string) {
  if (exceptSessionId) await db`delete from sessions where user_id = ${userId} and id <> ${exceptSessionId}`;
  else await db`delete from sessions where user_id = ${userId}`;
}

export type SessionListItem = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ip: string | null;
};

export async function listUserSessions(db: Db, userId: number): Promise<SessionListItem[]> {
  const rows = await db`
    select id, created_at, last_seen_at, user_agent, ip from sessions
    where user_id = ${userId} and expires_at > now() order by last_seen_at desc limit 100`;
  return rows.map((r) => ({
    id: String(r.id),
    createdAt: r.created_at as Date,
    lastSeenAt: r.last_seen_at as Date,
    userAgent: (r.user_agent as string | null) ?? null,
    ip: (r.ip as string | null) ?? null,
  }));
}

export async function deleteExpiredSessions(db: Db) {
  await db`delete from sessions where expires_at <= now()`;
}

// ---- cookie ----

export function sessionCookieName(secure: boolean) {
  return secure ? "__Host-maquette_session" : "maquette_session";
}

export function serializeSessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const parts = [
    `${sessionCookieName(secure)}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(secure: boolean): string {
  const parts = [`${sessionCookieName(secure)}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
