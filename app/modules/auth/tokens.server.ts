// One-time links sent by e-mail (confirm an address, reset a password): a token `<id>.<secret>`,
// only the SHA-256 of the secret stored, bound to one organization, one user, one purpose and one
// address; single use, short-lived, and at most a few per account per hour.
import type { Db } from "~/utils/db.server";
import { newSplitToken, parseSplitToken, sameHash, sha256 } from "~/utils/crypto.server";

export type TokenPurpose = "confirm_email" | "reset_password";

const HOUR = 3_600_000;

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  confirm_email: 48 * HOUR,
  reset_password: 1 * HOUR,
};

/** How many links of one purpose an account may receive in a sliding hour. */
export const TOKENS_PER_HOUR = 3;
const LIMIT_WINDOW_SECONDS = 3600;

export type TokenProblem = "invalid" | "expired" | "used";

export type TokenCheck =
  | { ok: true; id: string; userId: number; email: string }
  /** `userId`/`email` only when the secret matched (an expired or used link, never a forged one). */
  | { ok: false; problem: TokenProblem; userId?: number; email?: string };

type Scope = { organizationId: number; userId: number; purpose: TokenPurpose };

/** Stores a new token and returns the string to put in the link. */
export async function issueToken(db: Db, input: Scope & { email: string }): Promise<string> {
  const { id, token, secretHash } = newSplitToken();
  await db`
    insert into verification_tokens (id, organization_id, user_id, purpose, secret_hash, email, expires_at)
    values (${id}, ${input.organizationId}, ${input.userId}, ${input.purpose}, ${secretHash}, ${input.email},
            now() + make_interval(secs => ${TOKEN_TTL_MS[input.purpose] / 1000}))`;
  return token;
}

/**
 * Seconds until the account may receive another link of this purpose, or null when it may now.
 * Run it in the transaction that issues the token, after locking the user row, so that two
 * requests at once cannot both pass.
 */
export async function tokenRetryAfter(db: Db, scope: Scope): Promise<number | null> {
  const [row] = await db`
    select extract(epoch from created_at + make_interval(secs => ${LIMIT_WINDOW_SECONDS}) - now()) as retry_after
    from verification_tokens
    where organization_id = ${scope.organizationId} and user_id = ${scope.userId} and purpose = ${scope.purpose}
      and created_at > now() - make_interval(secs => ${LIMIT_WINDOW_SECONDS})
    order by created_at desc offset ${TOKENS_PER_HOUR - 1} limit 1`;
  if (!row) return null;
  const seconds = Math.ceil(Number(row.retry_after));
  return seconds > 0 ? seconds : null;
}

async function findToken(db: Db, token: string | null | undefined, organizationId: number, purpose: TokenPurpose, lock: boolean) {
  const parsed = parseSplitToken(token);
  if (!parsed) return { check: { ok: false, problem: "invalid" } as TokenCheck };
  const rows = lock
    ? await db`
        select id, user_id, email, secret_hash, used_at is not null as used, expires_at <= now() as expired
        from verification_tokens
        where id = ${parsed.id} and organization_id = ${organizationId} and purpose = ${purpose}
        for update`
    : await db`
        select id, user_id, email, secret_hash, used_at is not null as used, expires_at <= now() as expired
        from verification_tokens
        where id = ${parsed.id} and organization_id = ${organizationId} and purpose = ${purpose}`;
  const row = rows[0];
  if (!row || !sameHash(row.secret_hash as Buffer, sha256(parsed.secret))) {
    return { check: { ok: false, problem: "invalid" } as TokenCheck };
  }
  const known = { userId: Number(row.user_id), email: String(row.email) };
  if (row.used) return { check: { ok: false, problem: "used", ...known } as TokenCheck };
  if (row.expired) return { check: { ok: false, problem: "expired", ...known } as TokenCheck };
  return { check: { ok: true, id: String(row.id), ...known } as TokenCheck };
}

/** Says whether a link would work, without using it (to show a form before the real submission). */
export async function peekToken(db: Db, token: string | null | undefined, organizationId: number, purpose: TokenPurpose): Promise<TokenCheck> {
  return (await findToken(db, token, organizationId, purpose, false)).check;
}

/**
 * Uses a link: checks it (row locked) and marks it used. Call it inside the transaction of the
 * act it allows, so that the act and the use commit together and a second use finds it used.
 */
export async function consumeToken(db: Db, token: string | null | undefined, organizationId: number, purpose: TokenPurpose): Promise<TokenCheck> {
  const { check } = await findToken(db, token, organizationId, purpose, true);
  if (check.ok) await db`update verification_tokens set used_at = now() where id = ${check.id}`;
  return check;
}

/** Ends every pending link of one purpose of an account (after a password or address change). */
export async function revokeTokens(db: Db, scope: Scope) {
  await db`
    update verification_tokens set used_at = now()
    where organization_id = ${scope.organizationId} and user_id = ${scope.userId} and purpose = ${scope.purpose}
      and used_at is null`;
}

/** The address a pending e-mail change waits to confirm, if any. */
export async function pendingEmailChange(db: Db, input: { organizationId: number; userId: number; currentEmail: string }): Promise<string | null> {
  const [row] = await db`
    select email from verification_tokens
    where organization_id = ${input.organizationId} and user_id = ${input.userId} and purpose = 'confirm_email'
      and used_at is null and expires_at > now() and email <> ${input.currentEmail}
    order by created_at desc limit 1`;
  return row ? String(row.email) : null;
}

/** Housekeeping: links long dead are of no use, even to the hourly limit. */
export async function deleteStaleTokens(db: Db) {
  await db`delete from verification_tokens where expires_at < now() - interval '7 days'`;
}
