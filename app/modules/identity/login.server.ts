// Logging in through an identity provider, end to end: the attempt recorded when the visitor leaves
// (state hashed, nonce, PKCE verifier; one use, ten minutes, bound to the browser by a cookie), the
// callback that checks everything before any write, then one transaction that finds the linked
// account, or creates one, or, when the e-mail is an existing account's, waits for its password
// (`linkWithPassword`). A refused or failed callback writes nothing but the attempt's use.
import type { Actor } from "~/modules/auth/actor";
import { verifyPassword } from "~/modules/auth/password.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { inTransaction } from "~/modules/events/outbox.server";
import { randomToken, sha256 } from "~/utils/crypto.server";
import type { Db } from "~/utils/db.server";
import { matchCensus } from "./census.server";
import {
  buildAuthorizationRequest,
  completeAuthorization,
  ProviderResponseError,
  ProviderUnavailableError,
  type ProtocolOptions,
} from "./oidc.server";
import type { ProviderRecord } from "./providers.server";
import { displayNameOf, IdentityClaimsSchema, type IdentityClaims } from "./schema";

export const ATTEMPT_MINUTES = 10;
export const STATE_COOKIE = "maquette_oidc";
/** The state of a logout through the provider, checked when it sends the browser back. */
export const LOGOUT_COOKIE = "maquette_oidc_logout";

export function callbackPath(slug: string) {
  return `/auth/oidc/${slug}/callback`;
}

/** The cookie that binds an attempt to this browser (sent back on the provider's redirect: Lax). */
export function stateCookie(state: string, secure: boolean): string {
  return [`${STATE_COOKIE}=${state}`, "Path=/auth/oidc", "HttpOnly", "SameSite=Lax", `Max-Age=${ATTEMPT_MINUTES * 60}`, ...(secure ? ["Secure"] : [])].join("; ");
}

export function clearStateCookie(secure: boolean): string {
  return [`${STATE_COOKIE}=`, "Path=/auth/oidc", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

export function logoutStateCookie(state: string, secure: boolean): string {
  return [`${LOGOUT_COOKIE}=${state}`, "Path=/auth/oidc", "HttpOnly", "SameSite=Lax", `Max-Age=${ATTEMPT_MINUTES * 60}`, ...(secure ? ["Secure"] : [])].join("; ");
}

export function clearLogoutStateCookie(secure: boolean): string {
  return [`${LOGOUT_COOKIE}=`, "Path=/auth/oidc", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

/** Records the attempt and returns where to send the browser, with the state for its cookie. */
export async function startLogin(
  db: Db,
  input: { provider: ProviderRecord; origin: string; redirectTo: string },
  options: ProtocolOptions = {},
): Promise<{ url: URL; state: string }> {
  const { provider } = input;
  const request = await buildAuthorizationRequest(provider, input.origin + callbackPath(provider.slug), options);
  await db`
    insert into oidc_login_attempts (state_hash, organization_id, provider_id, nonce, code_verifier, redirect_to, expires_at)
    values (${sha256(request.state)}, ${provider.organizationId}, ${provider.id}, ${request.nonce}, ${request.codeVerifier},
            ${input.redirectTo}, now() + make_interval(mins => ${ATTEMPT_MINUTES}))`;
  return { url: request.url, state: request.state };
}

export type CallbackOutcome =
  | { status: "logged_in"; userId: number; created: boolean; idToken: string; redirectTo: string }
  | { status: "link_required"; redirectTo: string }
  | { status: "provider_error"; error: string }
  | { status: "invalid_callback" }
  | { status: "state_mismatch" }
  | { status: "expired" }
  | { status: "refused" }
  | { status: "unavailable" }
  | { status: "email_missing" }
  | { status: "account_unavailable" };

/**
 * The provider sent the browser back to `callbackUrl`. `cookieState` is this browser's attempt.
 * The attempt is used (once) before the code is exchanged, so a replayed callback finds nothing.
 */
export async function completeLogin(
  db: Db,
  input: { provider: ProviderRecord; callbackUrl: URL; cookieState: string | null },
  options: ProtocolOptions = {},
): Promise<CallbackOutcome> {
  const { provider, callbackUrl } = input;
  const params = callbackUrl.searchParams;
  const state = params.get("state");
  const error = params.get("error");
  if (error) {
    // The person cancelled or the provider refused: their attempt ends here.
    if (state && state === input.cookieState) await spendAttempt(db, provider, state);
    return { status: "provider_error", error: error.slice(0, 60) };
  }
  if (!state || !params.get("code") || params.getAll("code").length !== 1 || params.getAll("state").length !== 1) {
    return { status: "invalid_callback" };
  }
  if (!input.cookieState || input.cookieState !== state) return { status: "state_mismatch" };
  const attempt = await spendAttempt(db, provider, state);
  if (!attempt) return { status: "expired" };

  let identity;
  try {
    identity = await completeAuthorization(provider, callbackUrl, { state, nonce: attempt.nonce, codeVerifier: attempt.codeVerifier }, options);
  } catch (e) {
    if (e instanceof ProviderUnavailableError) return { status: "unavailable" };
    if (e instanceof ProviderResponseError) return { status: "refused" };
    throw e;
  }
  const parsed = IdentityClaimsSchema.safeParse(identity.claims);
  if (!parsed.success) return { status: "refused" };
  const claims = parsed.data;

  return inTransaction(db, async (tx) => {
    const [linked] = await tx`
      select u.id, u.deleted_at, u.blocked_at from user_identities i
      join users u on u.id = i.user_id and u.organization_id = i.organization_id
      where i.provider_id = ${provider.id} and i.subject = ${identity.subject} and i.organization_id = ${provider.organizationId}`;
    if (linked) {
      if (linked.deleted_at) return { status: "account_unavailable" } as const;
      const userId = Number(linked.id);
      await tx`update user_identities set last_login_at = now() where provider_id = ${provider.id} and subject = ${identity.subject}`;
      await applyVerifiedIdentity(tx, provider, userId, claims);
      return { status: "logged_in", userId, created: false, idToken: identity.idToken, redirectTo: attempt.redirectTo } as const;
    }
    if (!claims.email) return { status: "email_missing" } as const;
    const [existing] = await tx`
      select id from users where organization_id = ${provider.organizationId} and email = ${claims.email} and deleted_at is null`;
    if (existing) {
      // Never linked on the e-mail alone: the account's password must be given first.
      await tx`
        update oidc_login_attempts
        set pending_user_id = ${Number(existing.id)}, pending_subject = ${identity.subject},
            pending_claims = ${tx.json(claims as never)}, pending_id_token = ${identity.idToken},
            expires_at = now() + make_interval(mins => ${ATTEMPT_MINUTES})
        where state_hash = ${sha256(state)}`;
      return { status: "link_required", redirectTo: attempt.redirectTo } as const;
    }
    const name = displayNameOf(claims) ?? claims.email.split("@")[0]!.slice(0, 80);
    // FranceConnect and ProConnect give addresses their identity providers know; others must say so.
    const confirmed = provider.kind !== "oidc" || claims.email_verified === true;
    const [created] = await tx`
      insert into users (organization_id, email, name, email_confirmed_at, role, terms_accepted_at)
      values (${provider.organizationId}, ${claims.email}, ${name}, ${confirmed ? new Date() : null}, 'citizen', now())
      returning id`;
    const userId = Number(created!.id);
    await tx`
      insert into user_identities (organization_id, user_id, provider_id, subject)
      values (${provider.organizationId}, ${userId}, ${provider.id}, ${identity.subject})`;
    await applyVerifiedIdentity(tx, provider, userId, claims);
    await recordAudit(tx, {
      organizationId: provider.organizationId,
      actorId: userId,
      action: "identity.signup",
      subjectType: "user",
      subjectId: userId,
      data: { provider: provider.slug, kind: provider.kind },
    });
    return { status: "logged_in", userId, created: true, idToken: identity.idToken, redirectTo: attempt.redirectTo } as const;
  });
}

type AttemptRow = { nonce: string; codeVerifier: string; redirectTo: string };

/** Marks this browser's attempt used and returns it; null when unknown, used, expired or another provider's. */
async function spendAttempt(db: Db, provider: ProviderRecord, state: string): Promise<AttemptRow | null> {
  const [row] = await db`
    update oidc_login_attempts set used_at = now()
    where state_hash = ${sha256(state)} and organization_id = ${provider.organizationId} and provider_id = ${provider.id}
      and used_at is null and expires_at > now()
    returning nonce, code_verifier, redirect_to`;
  return row ? { nonce: String(row.nonce), codeVerifier: String(row.code_verifier), redirectTo: String(row.redirect_to) } : null;
}

/**
 * What a verified identity brings: FranceConnect's birth date (age rules), and a census match
 * making the member a verified resident until the census's end.
 */
async function applyVerifiedIdentity(tx: Db, provider: ProviderRecord, userId: number, claims: IdentityClaims) {
  if (provider.kind !== "franceconnect") return;
  if (claims.birthdate) {
    await tx`update users set birth_date = ${claims.birthdate} where id = ${userId} and organization_id = ${provider.organizationId}`;
  }
  const match = await matchCensus(tx, provider.organizationId, {
    familyName: claims.family_name ?? "",
    givenNames: claims.given_name ?? "",
    birthDate: claims.birthdate ?? "",
  });
  if (match) {
    await tx`
      update users set resident_verified_until = ${match.validUntil}::date + 1, resident_verified_by = 'census'
      where id = ${userId} and organization_id = ${provider.organizationId}
        and (resident_verified_until is null or resident_verified_until < ${match.validUntil}::date + 1)`;
  }
}

export type PendingLink = { userId: number; email: string; providerLabel: string; providerKind: string };

/** The pending link of this browser's attempt (for the password page), or null. */
export async function findPendingLink(db: Db, organizationId: number, cookieState: string | null): Promise<PendingLink | null> {
  if (!cookieState) return null;
  const [row] = await db`
    select a.pending_user_id, u.email, p.label, p.kind from oidc_login_attempts a
    join users u on u.id = a.pending_user_id and u.organization_id = a.organization_id and u.deleted_at is null
    join oidc_providers p on p.id = a.provider_id and p.organization_id = a.organization_id
    where a.state_hash = ${sha256(cookieState)} and a.organization_id = ${organizationId}
      and a.pending_user_id is not null and a.expires_at > now()`;
  return row
    ? { userId: Number(row.pending_user_id), email: String(row.email), providerLabel: String(row.label), providerKind: String(row.kind) }
    : null;
}

export type LinkOutcome =
  | { status: "linked"; userId: number; providerId: number; idToken: string; redirectTo: string }
  | { status: "wrong_password" }
  | { status: "expired" };

/**
 * The person proved the account is theirs: links the pending identity and ends the attempt, in one
 * transaction (the attempt row is locked: two tabs cannot link twice). The password is checked
 * before anything is written; a wrong one leaves the attempt waiting (login throttling applies).
 */
export async function linkWithPassword(
  db: Db,
  input: { organizationId: number; cookieState: string | null; password: string },
): Promise<LinkOutcome> {
  if (!input.cookieState) return { status: "expired" };
  const stateHash = sha256(input.cookieState);
  const [pending] = await db`
    select a.pending_user_id, u.password_hash from oidc_login_attempts a
    join users u on u.id = a.pending_user_id and u.organization_id = a.organization_id and u.deleted_at is null
    where a.state_hash = ${stateHash} and a.organization_id = ${input.organizationId} and a.pending_user_id is not null and a.expires_at > now()`;
  const ok = await verifyPassword((pending?.password_hash as string | null | undefined) ?? undefined, input.password);
  if (!pending) return { status: "expired" };
  if (!ok) return { status: "wrong_password" };
  return inTransaction(db, async (tx) => {
    const [attempt] = await tx`
      delete from oidc_login_attempts
      where state_hash = ${stateHash} and organization_id = ${input.organizationId} and pending_user_id is not null and expires_at > now()
      returning provider_id, pending_user_id, pending_subject, pending_claims, pending_id_token, redirect_to`;
    if (!attempt) return { status: "expired" } as const;
    const userId = Number(attempt.pending_user_id);
    const providerId = Number(attempt.provider_id);
    const [provider] = await tx`select id, organization_id, kind, slug from oidc_providers where id = ${providerId} and organization_id = ${input.organizationId}`;
    if (!provider) return { status: "expired" } as const;
    await tx`
      insert into user_identities (organization_id, user_id, provider_id, subject)
      values (${input.organizationId}, ${userId}, ${providerId}, ${String(attempt.pending_subject)})
      on conflict (user_id, provider_id) do update set subject = excluded.subject, last_login_at = now()`;
    const claims = IdentityClaimsSchema.parse(attempt.pending_claims);
    await applyVerifiedIdentity(tx, { organizationId: input.organizationId, id: providerId, kind: provider.kind } as ProviderRecord, userId, claims);
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actorId: userId,
      action: "identity.link",
      subjectType: "user",
      subjectId: userId,
      data: { provider: String(provider.slug), kind: String(provider.kind) },
    });
    return { status: "linked", userId, providerId, idToken: String(attempt.pending_id_token), redirectTo: String(attempt.redirect_to) } as const;
  });
}

/** The identities linked to the member's account (the account page lists them). */
export async function listLinkedIdentities(db: Db, actor: Actor): Promise<{ label: string; kind: string; linkedAt: Date }[]> {
  if (!actor.user) return [];
  const rows = await db`
    select p.label, p.kind, i.created_at from user_identities i
    join oidc_providers p on p.id = i.provider_id and p.organization_id = i.organization_id
    where i.user_id = ${actor.user.id} and i.organization_id = ${actor.organizationId} order by i.id`;
  return rows.map((r) => ({ label: String(r.label), kind: String(r.kind), linkedAt: r.created_at as Date }));
}

/** A random state for the provider's logout redirect (checked on the way back). */
export function newLogoutState(): string {
  return randomToken(32);
}

export async function deleteExpiredAttempts(db: Db) {
  await db`delete from oidc_login_attempts where expires_at <= now() - interval '1 hour'`;
}
