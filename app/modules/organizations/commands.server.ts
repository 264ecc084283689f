// Creating organizations (tenants), from the system page, the org:create tool and the demo seed.
// Each outcome is a value, not an exception: callers translate it for their audience.
import { recordAudit } from "~/modules/audit/audit.server";
import { newSplitToken } from "~/utils/crypto.server";
import type { Db, Sql, Tx } from "~/utils/db.server";
import { forgetOrganizationCache, siteOrigin } from "./queries.server";

/** How long the first admin's password-set link stays valid. */
export const ADMIN_LINK_HOURS = 72;

export type CreateOrganizationInput = {
  host: string;
  name: string;
  defaultLocale?: "fr" | "en";
  /**
   * The base of the links in its mails (`https://participez.ville.example`), already validated
   * (isCanonicalOrigin); absent or null: derived from the host (organizations/origin.ts).
   */
  canonicalOrigin?: string | null;
  /** Who creates it: a system admin, or null for the command line and the seed. */
  actorId?: number | null;
  /** A first admin account without password, with a one-time link to set one. */
  admin?: { email: string; name: string };
};

export type CreatedOrganization = {
  id: number;
  host: string;
  name: string;
  defaultLocale: "fr" | "en";
  /** Where its site is: the stored canonical origin, or the one derived from the host. */
  origin: string;
  admin: { userId: number; email: string; token: string; expiresAt: Date } | null;
};

export type CreateOrganizationResult = { ok: true; organization: CreatedOrganization } | { ok: false; error: "host_taken" };

function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint_name?: string };
  return e?.code === "23505" && (!constraint || e.constraint_name === constraint);
}

async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ("begin" in db) return (db as Sql).begin((tx) => fn(tx as unknown as Tx)) as Promise<T>;
  return fn(db as Tx);
}

/**
 * Creates the organization (and its first admin), audited as `organization.create`
 * (and `member.create`), in one transaction. The host must already be validated (see hostField).
 */
export async function createOrganization(db: Db, input: CreateOrganizationInput): Promise<CreateOrganizationResult> {
  const host = input.host.trim().toLowerCase();
  const defaultLocale = input.defaultLocale ?? "fr";
  const canonicalOrigin = input.canonicalOrigin ?? null;
  try {
    const organization = await inTransaction(db, async (tx) => {
      const [row] = await tx`
        insert into organizations (host, name, default_locale, canonical_origin)
        values (${host}, ${input.name}, ${defaultLocale}, ${canonicalOrigin})
        on conflict (host) do nothing
        returning id`;
      if (!row) return null;
      const id = Number(row.id);
      await recordAudit(tx, {
        organizationId: id,
        actorId: input.actorId ?? null,
        action: "organization.create",
        subjectType: "organization",
        subjectId: id,
        data: { host, name: input.name, defaultLocale, ...(canonicalOrigin ? { canonicalOrigin } : {}) },
      });
      let admin: CreatedOrganization["admin"] = null;
      if (input.admin) {
        const email = input.admin.email.trim().toLowerCase();
        // Created by the instance's operator for a known address: confirmed, password set through the link.
        const [user] = await tx`
          insert into users (organization_id, email, email_confirmed_at, name, role)
          values (${id}, ${email}, now(), ${input.admin.name}, 'admin')
          returning id`;
        const userId = Number(user!.id);
        const { id: tokenId, token, secretHash } = newSplitToken();
        const expiresAt = new Date(Date.now() + ADMIN_LINK_HOURS * 3_600_000);
        await tx`
          insert into verification_tokens (id, organization_id, user_id, purpose, secret_hash, email, expires_at)
          values (${tokenId}, ${id}, ${userId}, 'reset_password', ${secretHash}, ${email}, ${expiresAt})`;
        await recordAudit(tx, {
          organizationId: id,
          actorId: input.actorId ?? null,
          action: "member.create",
          subjectType: "user",
          subjectId: userId,
          data: { role: "admin" },
        });
        admin = { userId, email, token, expiresAt };
      }
      const origin = siteOrigin(host, canonicalOrigin);
      return { id, host, name: input.name, defaultLocale, origin, admin } satisfies CreatedOrganization;
    });
    if (!organization) return { ok: false, error: "host_taken" };
    // The host may have been looked up (and cached as unknown) just before.
    forgetOrganizationCache();
    return { ok: true, organization };
  } catch (error) {
    if (isUniqueViolation(error, "organizations_host_key")) return { ok: false, error: "host_taken" };
    throw error;
  }
}

/** The one-time link of a first admin: `<origin>/reset-password?token=<id>.<secret>` (origin: CreatedOrganization.origin). */
export function adminPasswordLink(origin: string, token: string): string {
  return `${origin}/reset-password?token=${encodeURIComponent(token)}`;
}
