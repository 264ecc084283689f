// Organizations (tenants): found by the request's host name.
import { conformanceState, type ConformanceState } from "~/modules/accessibility/statement";
import type { Db } from "~/utils/db.server";
import { sql as pool } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { organizationOrigin } from "./origin";

export type Organization = {
  id: number;
  host: string;
  name: string;
  defaultLocale: "fr" | "en";
  primaryColor: string;
  logoPath: string | null;
  /** The maps' basemap style on another server (https), or null for the built-in one: its origin joins the CSP. */
  mapStyleUrl: string | null;
  /**
   * Where the organization's site is (`https://participez.ville.example`): the base of every link
   * in its mails, never taken from a request's headers. See organizations/origin.ts.
   */
  origin: string;
  /** The RGAA conformance state of its accessibility statement ("non" without one), said by the footer on every page. */
  accessibilityState: ConformanceState;
  /** Origins of its enabled identity providers (their logout is a redirect the CSP's form-action allows). */
  identityOrigins?: string[];
};

// Kept on globalThis, like the pool (utils/db.server.ts): the Express server bundle reads it for
// every request, and the Remix bundle, where the settings page saves, must be able to forget it.
const CACHE_KEY = Symbol.for("maquette.organizationsByHost");
type CacheHolder = { [CACHE_KEY]?: Map<string, { org: Organization | null; at: number }> };
const cache = ((globalThis as CacheHolder)[CACHE_KEY] ??= new Map());
const CACHE_MS = 5_000;

/**
 * An organization's origin from its `host` and `canonical_origin` columns, local hosts on this
 * process's PORT: for code that reads organizations rows itself (background jobs).
 */
export function siteOrigin(host: string, canonicalOrigin: string | null): string {
  return organizationOrigin(host, canonicalOrigin, getEnv().PORT);
}

/** The columns toOrganization reads. */
const COLUMNS = ["id", "host", "name", "default_locale", "primary_color", "logo_path", "map_style_url", "canonical_origin"];

function toOrganization(row: Record<string, unknown>): Organization {
  const host = String(row.host);
  return {
    id: Number(row.id),
    host,
    name: String(row.name),
    defaultLocale: row.default_locale === "en" ? "en" : "fr",
    primaryColor: String(row.primary_color),
    logoPath: (row.logo_path as string | null) ?? null,
    mapStyleUrl: (row.map_style_url as string | null) ?? null,
    origin: siteOrigin(host, (row.canonical_origin as string | null) ?? null),
    accessibilityState: conformanceState(row.accessibility_rate == null ? null : Number(row.accessibility_rate)),
    identityOrigins: [...new Set(((row.identity_issuers as string[] | null) ?? []).map(issuerOrigin).filter((o): o is string => o !== null))],
  };
}

/** The statement's compliance rate, read with the organization: the footer needs no query of its own. */
const accessibilityRate = (db: Db) =>
  db`(select s.compliance_rate from accessibility_statements s where s.organization_id = organizations.id) as accessibility_rate`;

/** The providers' issuers, read with the organization (its CSP names their origins). */
const identityIssuers = (db: Db) =>
  db`(select array_agg(p.issuer order by p.id) from oidc_providers p where p.organization_id = organizations.id and p.enabled) as identity_issuers`;

function issuerOrigin(issuer: string): string | null {
  try {
    return new URL(issuer).origin;
  } catch {
    return null;
  }
}

/** Host names are matched without port, lower-cased. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
}

export async function findOrganizationByHost(host: string, db: Db = pool): Promise<Organization | null> {
  const key = normalizeHost(host);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.org;
  const rows = await db`select ${db(COLUMNS)}, ${accessibilityRate(db)}, ${identityIssuers(db)} from organizations where host = ${key}`;
  const org = rows[0] ? toOrganization(rows[0]) : null;
  cache.set(key, { org, at: Date.now() });
  return org;
}

export function forgetOrganizationCache() {
  cache.clear();
}

export async function listOrganizations(db: Db = pool): Promise<Organization[]> {
  const rows = await db`select ${db(COLUMNS)}, ${accessibilityRate(db)}, ${identityIssuers(db)} from organizations order by id`;
  return rows.map(toOrganization);
}

