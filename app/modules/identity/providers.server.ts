// The organization's identity providers: the login page's buttons, the admin page's list, and the
// admin's saves (secret encrypted, audited). The organization is in every WHERE.
import { recordAudit } from "~/modules/audit/audit.server";
import { inTransaction } from "~/modules/events/outbox.server";
import { forgetOrganizationCache } from "~/modules/organizations/queries.server";
import type { Db } from "~/utils/db.server";
import { DEFAULT_SCOPES, type ProviderButton, type ProviderInput, type ProviderKind, type ProviderSummary } from "./schema";
import { encryptSecret } from "./secret-box.server";

/** Everything the protocol needs, the secret still sealed. */
export type ProviderRecord = ProviderSummary & { organizationId: number; clientSecretEncrypted: Buffer; updatedAt: Date };

const COLUMNS = ["id", "organization_id", "slug", "kind", "label", "issuer", "client_id", "client_secret_encrypted", "scopes", "enabled", "updated_at"];

function toRecord(row: Record<string, unknown>): ProviderRecord {
  return {
    id: Number(row.id),
    organizationId: Number(row.organization_id),
    slug: String(row.slug),
    kind: row.kind as ProviderKind,
    label: String(row.label),
    issuer: String(row.issuer),
    clientId: String(row.client_id),
    clientSecretEncrypted: row.client_secret_encrypted as Buffer,
    scopes: String(row.scopes),
    enabled: Boolean(row.enabled),
    updatedAt: row.updated_at as Date,
  };
}

/** Enabled providers, FranceConnect first (the button people know), then by label. */
export async function listLoginButtons(db: Db, organizationId: number): Promise<ProviderButton[]> {
  const rows = await db`
    select slug, kind, label from oidc_providers
    where organization_id = ${organizationId} and enabled
    order by kind <> 'franceconnect', label, id`;
  return rows.map((r) => ({ slug: String(r.slug), kind: r.kind as ProviderKind, label: String(r.label) }));
}

export async function listProviders(db: Db, organizationId: number): Promise<ProviderSummary[]> {
  const rows = await db`select ${db(COLUMNS)} from oidc_providers where organization_id = ${organizationId} order by id`;
  return rows.map((r) => {
    const { organizationId: _o, clientSecretEncrypted: _s, updatedAt: _u, ...summary } = toRecord(r);
    return summary;
  });
}

export async function findProviderBySlug(db: Db, organizationId: number, slug: string): Promise<ProviderRecord | null> {
  const [row] = await db`select ${db(COLUMNS)} from oidc_providers where organization_id = ${organizationId} and slug = ${slug}`;
  return row ? toRecord(row) : null;
}

export async function findProviderById(db: Db, organizationId: number, id: number): Promise<ProviderRecord | null> {
  const [row] = await db`select ${db(COLUMNS)} from oidc_providers where organization_id = ${organizationId} and id = ${id}`;
  return row ? toRecord(row) : null;
}

export type SaveProviderResult =
  | { status: "saved"; id: number }
  | { status: "slug_taken" }
  | { status: "secret_required" }
  | { status: "not_found" };

/**
 * Creates a provider (id null) or updates one; an empty secret on update keeps the stored one.
 * Audits `identity.provider_create` / `identity.provider_update` with the fields, never the secret.
 */
export async function saveProvider(
  db: Db,
  input: { organizationId: number; actorId: number; id: number | null; values: ProviderInput },
): Promise<SaveProviderResult> {
  const { organizationId, actorId, id, values } = input;
  const secret = values.clientSecret?.trim() ? encryptSecret(values.clientSecret.trim()) : null;
  const scopes = values.scopes?.trim() || DEFAULT_SCOPES[values.kind];
  if (id === null && !secret) return { status: "secret_required" };
  const result = await inTransaction(db, async (tx): Promise<SaveProviderResult> => {
    const [clash] = await tx`
      select id from oidc_providers where organization_id = ${organizationId} and slug = ${values.slug} and id <> ${id ?? 0}`;
    if (clash) return { status: "slug_taken" } as const;
    let savedId: number;
    if (id === null) {
      const [row] = await tx`
        insert into oidc_providers (organization_id, slug, kind, label, issuer, client_id, client_secret_encrypted, scopes, enabled)
        values (${organizationId}, ${values.slug}, ${values.kind}, ${values.label}, ${values.issuer}, ${values.clientId},
                ${secret}, ${scopes}, ${values.enabled})
        returning id`;
      savedId = Number(row!.id);
    } else {
      const [row] = await tx`
        update oidc_providers set slug = ${values.slug}, kind = ${values.kind}, label = ${values.label}, issuer = ${values.issuer},
          client_id = ${values.clientId}, client_secret_encrypted = coalesce(${secret}, client_secret_encrypted),
          scopes = ${scopes}, enabled = ${values.enabled}, updated_at = now()
        where organization_id = ${organizationId} and id = ${id}
        returning id`;
      if (!row) return { status: "not_found" } as const;
      savedId = id;
    }
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: id === null ? "identity.provider_create" : "identity.provider_update",
      subjectType: "oidc_provider",
      subjectId: savedId,
      data: {
        slug: values.slug,
        kind: values.kind,
        issuer: values.issuer,
        clientId: values.clientId,
        scopes,
        enabled: values.enabled,
        secretChanged: secret !== null,
      },
    });
    return { status: "saved", id: savedId } as const;
  });
  // The organization carries its providers' origins (its CSP): read it again.
  if (result.status === "saved") forgetOrganizationCache();
  return result;
}
