// Everything a person does with their own account: sign up, confirm an address, reset or change
// a password, change name or address, end sessions, delete the account. Every statement is
// scoped to the organization; each act and the mails it sends commit in one transaction.
import type { Locale } from "~/i18n/config";
import { isLocale } from "~/i18n/config";
import { eraseAuditPersonalData, recordAudit } from "~/modules/audit/audit.server";
import { hashPassword, verifyPassword } from "~/modules/auth/password.server";
import { createSession, invalidateSession, invalidateUserSessions } from "~/modules/auth/session.server";
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from "~/modules/auth/throttle.server";
import { consumeToken, issueToken, peekToken, revokeTokens, tokenRetryAfter, type TokenProblem } from "~/modules/auth/tokens.server";
import { authoredBy } from "~/modules/targets/registry.server";
import { sql, type Db } from "~/utils/db.server";
import {
  mailConfirmAddress,
  mailConfirmNewAddress,
  mailEmailChangeNotice,
  mailPasswordChanged,
  mailResetPassword,
  mailSignupWithExistingAddress,
} from "./mails.server";

/** `origin`: the organization's canonical origin, the base of the links in its mails. */
type Org = { id: number; name: string; origin: string };

/** What a command needs to know about the request that triggered it. */
export type RequestMeta = {
  /** The page's language: used for mails when the account has no language of its own. */
  locale: Locale;
  userAgent?: string | null;
  ip: string;
};

export type NewSession = { token: string; expiresAt: Date };

type AccountRow = { id: number; email: string; name: string; locale: Locale; passwordHash: string | null; emailConfirmed: boolean };

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "23505";
}

/** The live account `userId` of `org`, locked for the rest of the transaction. */
async function lockAccount(db: Db, orgId: number, userId: number, fallbackLocale: Locale): Promise<AccountRow | null> {
  const [row] = await db`
    select id, email, name, locale, password_hash, email_confirmed_at is not null as email_confirmed
    from users where id = ${userId} and organization_id = ${orgId} and deleted_at is null
    for update`;
  if (!row) return null;
  return {
    id: Number(row.id),
    email: String(row.email),
    name: String(row.name),
    locale: isLocale(row.locale) ? row.locale : fallbackLocale,
    passwordHash: (row.password_hash as string | null) ?? null,
    emailConfirmed: Boolean(row.email_confirmed),
  };
}

async function newSession(db: Db, org: Org, userId: number, meta: RequestMeta): Promise<NewSession> {
  const { token, session } = await createSession(db, { userId, organizationId: org.id, userAgent: meta.userAgent, ip: meta.ip });
  return { token, expiresAt: session.expiresAt };
}

// ---- sign-up and address confirmation ----

/** At most one "someone tried to sign up with your address" mail per account in this time. */
export const SIGNUP_WARNING_INTERVAL_SECONDS = 3600;

/**
 * Creates a citizen account and sends the confirmation link. An address already used in this
 * organization gets a notice instead (at most one an hour), and no account is created. Neither
 * case logs anyone in: a session cookie for one and not the other would tell who has an account,
 * so the caller answers both the same way and the person logs in with their password.
 */
export async function signUp(org: Org, input: { name: string; email: string; password: string }, meta: RequestMeta): Promise<void> {
  // Hashed whatever happens, so that an existing address takes as long as a new one.
  const passwordHash = await hashPassword(input.password);
  await sql.begin(async (tx) => {
    const [created] = await tx`
      insert into users (organization_id, email, name, password_hash, role, locale, terms_accepted_at)
      values (${org.id}, ${input.email}, ${input.name}, ${passwordHash}, 'citizen', ${meta.locale}, now())
      on conflict (organization_id, email) where email is not null do nothing
      returning id`;
    if (!created) {
      const [existing] = await tx`
        select id, name, locale from users where organization_id = ${org.id} and email = ${input.email} and deleted_at is null`;
      if (existing && (await claimSignupWarning(tx, org.id, Number(existing.id)))) {
        const locale = isLocale(existing.locale) ? existing.locale : meta.locale;
        await mailSignupWithExistingAddress(tx, org, { to: input.email, name: String(existing.name), locale, userId: Number(existing.id) });
      }
      return;
    }
    const userId = Number(created.id);
    const token = await issueToken(tx, { organizationId: org.id, userId, purpose: "confirm_email", email: input.email });
    await mailConfirmAddress(tx, org, { to: input.email, name: input.name, locale: meta.locale, userId }, { token });
  });
}

/**
 * True when no warning went to this account in the last hour, and records this one. A single
 * upsert, so that two sign-ups at the same moment cannot both win.
 */
async function claimSignupWarning(db: Db, orgId: number, userId: number): Promise<boolean> {
  const rows = await db`
    insert into signup_warnings (user_id, organization_id) values (${userId}, ${orgId})
    on conflict (user_id) do update set sent_at = now()
    where signup_warnings.sent_at <= now() - make_interval(secs => ${SIGNUP_WARNING_INTERVAL_SECONDS})
    returning user_id`;
  return rows.length > 0;
}

export type ResendOutcome = { status: "sent"; email: string } | { status: "already" } | { status: "limited"; retryAfter: number };

/** A new confirmation link for the account's current address, at most TOKENS_PER_HOUR an hour. */
export async function resendConfirmation(org: Org, userId: number, meta: RequestMeta): Promise<ResendOutcome> {
  return sql.begin(async (tx): Promise<ResendOutcome> => {
    const account = await lockAccount(tx, org.id, userId, meta.locale);
    if (!account || account.emailConfirmed) return { status: "already" };
    const scope = { organizationId: org.id, userId, purpose: "confirm_email" as const };
    const retryAfter = await tokenRetryAfter(tx, scope);
    if (retryAfter) return { status: "limited", retryAfter };
    const token = await issueToken(tx, { ...scope, email: account.email });
    await mailConfirmAddress(tx, org, { to: account.email, name: account.name, locale: account.locale, userId: account.id }, { token });
    return { status: "sent", email: account.email };
  });
}

export type ConfirmOutcome =
  | { ok: true; changed: boolean }
  /** `change`: the link was for a change of address (known only for a genuine link). */
  | { ok: false; problem: TokenProblem | "taken"; change: boolean };

/**
 * Follows a confirmation link: confirms the current address, or switches the account to the
 * new address the link was sent to, if no other account took it meanwhile.
 */
export async function confirmEmail(org: Org, token: string | null): Promise<ConfirmOutcome> {
  try {
    return await sql.begin(async (tx): Promise<ConfirmOutcome> => {
      const check = await consumeToken(tx, token, org.id, "confirm_email");
      if (!check.ok) {
        let change = false;
        if (check.userId !== undefined) {
          const [owner] = await tx`select email from users where id = ${check.userId} and organization_id = ${org.id}`;
          change = Boolean(owner && owner.email !== check.email);
        }
        return { ok: false, problem: check.problem, change };
      }
      const account = await lockAccount(tx, org.id, check.userId, "fr");
      if (!account) return { ok: false, problem: "invalid", change: false };
      const scope = { organizationId: org.id, userId: account.id };
      if (account.email === check.email) {
        await tx`
          update users set email_confirmed_at = coalesce(email_confirmed_at, now())
          where id = ${account.id} and organization_id = ${org.id}`;
        // Older links (perhaps to an address left since) must not switch the account back.
        await revokeTokens(tx, { ...scope, purpose: "confirm_email" });
        return { ok: true, changed: false };
      }
      const [taken] = await tx`
        select 1 from users where organization_id = ${org.id} and email = ${check.email} and id <> ${account.id}`;
      if (taken) return { ok: false, problem: "taken", change: true };
      await tx`
        update users set email = ${check.email}, email_confirmed_at = now()
        where id = ${account.id} and organization_id = ${org.id}`;
      await revokeTokens(tx, { ...scope, purpose: "confirm_email" });
      await revokeTokens(tx, { ...scope, purpose: "reset_password" });
      await clearLoginFailures(tx, org.id, account.email);
      return { ok: true, changed: true };
    });
  } catch (error) {
    // Another account confirmed the same address at the same moment.
    if (isUniqueViolation(error)) return { ok: false, problem: "taken", change: true };
    throw error;
  }
}

// ---- forgotten password ----

/** Sends a reset link if a live account has this address (and has not had too many this hour). Says nothing either way. */
export async function requestPasswordReset(org: Org, email: string, meta: RequestMeta): Promise<void> {
  await sql.begin(async (tx) => {
    const [row] = await tx`
      select id from users where organization_id = ${org.id} and email = ${email} and deleted_at is null`;
    if (!row) return;
    const account = await lockAccount(tx, org.id, Number(row.id), meta.locale);
    if (!account) return;
    const scope = { organizationId: org.id, userId: account.id, purpose: "reset_password" as const };
    if (await tokenRetryAfter(tx, scope)) return;
    const token = await issueToken(tx, { ...scope, email: account.email });
    await mailResetPassword(tx, org, { to: account.email, name: account.name, locale: account.locale, userId: account.id }, { token });
  });
}

export type ResetOutcome = { ok: true; session: NewSession } | { ok: false; problem: TokenProblem };

/**
 * Sets a new password from a reset link: every session ends, every pending reset link dies,
 * and this browser gets a fresh session.
 */
export async function resetPassword(org: Org, token: string, password: string, meta: RequestMeta): Promise<ResetOutcome> {
  // A dead link costs no Argon2 hash; the real check happens again, row locked, below.
  const peek = await peekToken(sql, token, org.id, "reset_password");
  if (!peek.ok) return { ok: false, problem: peek.problem };
  const passwordHash = await hashPassword(password);
  return sql.begin(async (tx): Promise<ResetOutcome> => {
    const check = await consumeToken(tx, token, org.id, "reset_password");
    if (!check.ok) return { ok: false, problem: check.problem };
    const account = await lockAccount(tx, org.id, check.userId, meta.locale);
    // A link sent to an address the account has left since is out of date.
    if (!account || account.email !== check.email) return { ok: false, problem: "expired" };
    // Following the link proves the address, so it counts as confirmed.
    await tx`
      update users set password_hash = ${passwordHash}, email_confirmed_at = coalesce(email_confirmed_at, now())
      where id = ${account.id} and organization_id = ${org.id}`;
    await invalidateUserSessions(tx, account.id);
    await revokeTokens(tx, { organizationId: org.id, userId: account.id, purpose: "reset_password" });
    await clearLoginFailures(tx, org.id, account.email);
    const session = await newSession(tx, org, account.id, meta);
    await recordAudit(tx, { organizationId: org.id, actorId: account.id, action: "account.password_reset", subjectType: "user", subjectId: account.id });
    await mailPasswordChanged(tx, org, { to: account.email, name: account.name, locale: account.locale, userId: account.id });
    return { ok: true, session };
  });
}

// ---- the account page ----

export type PasswordCheck = { ok: true } | { ok: false; retryAfter?: number };

/**
 * Checks the current password before a sensitive change. Wrong guesses count toward the same
 * throttle as the login form, so that a stolen session cannot be used to guess the password.
 */
export async function checkCurrentPassword(org: Org, userId: number, password: string, meta: RequestMeta): Promise<PasswordCheck> {
  const [row] = await sql`
    select email, password_hash from users where id = ${userId} and organization_id = ${org.id} and deleted_at is null`;
  if (!row) return { ok: false };
  const email = String(row.email);
  const retryAfter = await loginRetryAfter(sql, org.id, email, meta.ip);
  if (retryAfter) return { ok: false, retryAfter };
  if (!(await verifyPassword(row.password_hash as string | null, password))) {
    await recordLoginFailure(sql, org.id, email, meta.ip);
    return { ok: false };
  }
  await clearLoginFailures(sql, org.id, email);
  return { ok: true };
}

export async function changeName(org: Org, userId: number, name: string): Promise<void> {
  await sql`update users set name = ${name} where id = ${userId} and organization_id = ${org.id} and deleted_at is null`;
}

export type EmailChangeOutcome = { status: "sent" } | { status: "same" } | { status: "taken" } | { status: "limited"; retryAfter: number };

/**
 * Starts a change of address: a link to the new address (the switch happens only when it is
 * followed) and a notice to the current one. Earlier pending links of the account die.
 */
export async function requestEmailChange(org: Org, userId: number, newEmail: string, meta: RequestMeta): Promise<EmailChangeOutcome> {
  return sql.begin(async (tx): Promise<EmailChangeOutcome> => {
    const account = await lockAccount(tx, org.id, userId, meta.locale);
    if (!account) throw new Error("requestEmailChange: no such account");
    if (account.email === newEmail) return { status: "same" };
    const [taken] = await tx`select 1 from users where organization_id = ${org.id} and email = ${newEmail}`;
    if (taken) return { status: "taken" };
    const scope = { organizationId: org.id, userId: account.id };
    const retryAfter = await tokenRetryAfter(tx, { ...scope, purpose: "confirm_email" });
    if (retryAfter) return { status: "limited", retryAfter };
    await revokeTokens(tx, { ...scope, purpose: "confirm_email" });
    await revokeTokens(tx, { ...scope, purpose: "reset_password" });
    const token = await issueToken(tx, { ...scope, purpose: "confirm_email", email: newEmail });
    await mailConfirmNewAddress(tx, org, { to: newEmail, name: account.name, locale: account.locale, userId: account.id }, { token });
    await mailEmailChangeNotice(tx, org, { to: account.email, name: account.name, locale: account.locale, userId: account.id }, { newEmail });
    return { status: "sent" };
  });
}

/** Sets a new password (the current one was checked): all sessions end, this browser gets a fresh one. */
export async function changePassword(org: Org, userId: number, newPassword: string, meta: RequestMeta): Promise<NewSession> {
  const passwordHash = await hashPassword(newPassword);
  return sql.begin(async (tx) => {
    const account = await lockAccount(tx, org.id, userId, meta.locale);
    if (!account) throw new Error("changePassword: no such account");
    await tx`update users set password_hash = ${passwordHash} where id = ${account.id} and organization_id = ${org.id}`;
    await invalidateUserSessions(tx, account.id);
    await revokeTokens(tx, { organizationId: org.id, userId: account.id, purpose: "reset_password" });
    const session = await newSession(tx, org, account.id, meta);
    await recordAudit(tx, { organizationId: org.id, actorId: account.id, action: "account.password_change", subjectType: "user", subjectId: account.id });
    await mailPasswordChanged(tx, org, { to: account.email, name: account.name, locale: account.locale, userId: account.id });
    return session;
  });
}

/** Ends one of the account's own sessions; someone else's session id does nothing. */
export async function endSession(org: Org, userId: number, sessionId: string): Promise<void> {
  await invalidateSession(sql, sessionId, userId);
}

export async function endOtherSessions(org: Org, userId: number, currentSessionId: string): Promise<void> {
  await invalidateUserSessions(sql, userId, currentSessionId);
}

/**
 * Deletes an account: the row stays (contributions keep an author, shown as "deleted
 * participant") but loses every personal datum, and so does every other place that copied the
 * name or an address of the account, or a text written about the member (see erasePersonalData).
 * Refused ("lastAdmin") when the account is the organization's only admin: nobody could administer it after.
 */
export async function deleteAccount(org: Org, userId: number): Promise<"deleted" | "lastAdmin"> {
  return sql.begin(async (tx) => {
    const account = await lockAccount(tx, org.id, userId, "fr");
    if (!account) return "deleted" as const;
    const [admins] = await tx`
      select count(*)::int as count, bool_or(id = ${userId}) as is_admin from (
        select id from users where organization_id = ${org.id} and role = 'admin' and deleted_at is null for update
      ) a`;
    if (admins?.is_admin && Number(admins.count) <= 1) return "lastAdmin" as const;
    await erasePersonalData(tx, org.id, account);
    await recordAudit(tx, { organizationId: org.id, actorId: account.id, action: "account.delete", subjectType: "user", subjectId: account.id });
    return "deleted" as const;
  }) as Promise<"deleted" | "lastAdmin">;
}

/**
 * Everything that holds the account's name or addresses, or free text about the member, in the
 * deleting transaction. The test in personal-data.test.ts searches every text column of every
 * table afterwards: a new table that copies names or addresses must be handled here.
 */
async function erasePersonalData(tx: Db, orgId: number, account: AccountRow): Promise<void> {
  const id = account.id;
  // Every address the account had or asked for (an address change's link went to the new one).
  const tokenRows = await tx`select distinct email from verification_tokens where user_id = ${id} and organization_id = ${orgId}`;
  const addresses = [...new Set([account.email, ...tokenRows.map((r) => String(r.email))])];
  await tx`
    update users set email = null, name = null, password_hash = null, email_confirmed_at = null, locale = null,
      role = 'citizen', is_system_admin = false, blocked_reason = null, notification_settings = '{}', deleted_at = now(),
      birth_date = null, resident_verified_until = null, resident_verified_by = null
    where id = ${id} and organization_id = ${orgId}`;
  await tx`delete from sessions where user_id = ${id} and organization_id = ${orgId}`;
  // Identities from providers (FranceConnect...), and logins waiting to be linked to this account.
  await tx`delete from user_identities where user_id = ${id} and organization_id = ${orgId}`;
  await tx`delete from oidc_login_attempts where pending_user_id = ${id} and organization_id = ${orgId}`;
  await tx`delete from verification_tokens where user_id = ${id} and organization_id = ${orgId}`;
  for (const address of addresses) await clearLoginFailures(tx, orgId, address);
  await tx`delete from signup_warnings where user_id = ${id} and organization_id = ${orgId}`;
  // Mails to the account (sent ones are a log of its addresses; pending ones may hold links), and
  // unsent mails to others that name the member (a reply's notification).
  await tx`
    delete from mail_outbox
    where organization_id = ${orgId}
      and (for_user_id = ${id} or to_address = any(${addresses}::text[]) or (about_user_id = ${id} and sent_at is null))`;
  await tx`delete from notifications where user_id = ${id} and organization_id = ${orgId}`;
  await tx`delete from follows where user_id = ${id} and organization_id = ${orgId}`;
  // Free texts about the member: moderation reasons in the audit log (the chain keeps its hashes),
  // on decisions about their contributions, and reports' details, theirs or about their contributions.
  await eraseAuditPersonalData(tx, orgId, id);
  // What the member wrote, in every kind that can be reported (the targets' registry).
  const authored = authoredBy(tx, orgId, id);
  await tx`
    update moderations set decision_reason = null
    where organization_id = ${orgId} and decision_reason is not null and (target_type, target_id) in (${authored})`;
  await tx`
    update reports set details = null
    where organization_id = ${orgId} and details is not null
      and (reporter_id = ${id} or (target_type, target_id) in (${authored}))`;
}
