// Organizations (tenants): found by the request's host name.
import type { Db } from "~/utils/db.server";
import { sql as pool } from "~/utils/db.server";

export type Organization = {
  id: number;
  host: string;
  name: string;
  defaultLocale: "fr" | "en";
  primaryColor: string;
  logoPath: string | null;
  /** The maps' basemap style on another server (https), or null for the built-in one: its origin joins the CSP. */
  mapStyleUrl: string | null;
};

// Kept on globalThis, like the pool (utils/db.server.ts): the Express server bundle reads it for
// every request, and the Remix bundle, where the settings page saves, must be able to forget it.
const CACHE_KEY = Symbol.for("maquette.organizationsByHost");
type CacheHolder = { [CACHE_KEY]?: Map<string, { org: Organization | null; at: number }> };
const cache = ((globalThis as CacheHolder)[CACHE_KEY] ??= new Map());
const CACHE_MS = 5_000;

function toOrganization(row: Record<string, unknown>): Organization {
  return {
    id: Number(row.id),
    host: String(row.host),
    name: String(row.name),
    defaultLocale: row.default_locale === "en" ? "en" : "fr",
    primaryColor: String(row.primary_color),
    logoPath: (row.logo_path as string | null) ?? null,
    mapStyleUrl: (row.map_style_url as string | null) ?? null,
  };
}

/** Host names are matched without port, lower-cased. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
}

export async function findOrganizationByHost(host: string, db: Db = pool): Promise<Organization | null> {
  const key = normalizeHost(host);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.org;
  const rows = await db`
    select id, host, name, default_locale, primary_color, logo_path, map_style_url
    from organizations where host = ${key}`;
  const org = rows[0] ? toOrganization(rows[0]) : null;
  cache.set(key, { org, at: Date.now() });
  return org;
}

export function forgetOrganizationCache() {
  cache.clear();
}

export async function listOrganizations(db: Db = pool): Promise<Organization[]> {
  const rows = await db`
    select id, host, name, default_locale, primary_color, logo_path, map_style_url from organizations order by id`;
  return rows.map(toOrganization);
}
