// An organization's own settings, edited by its admins: name, default language, primary colour,
// the number of reports that hides a contribution until a moderator decides, and the maps' basemap
// style (its origin joins the organization's CSP) and starting view.
import { recordAudit } from "~/modules/audit/audit.server";
import { forgetOrganizationCache } from "~/modules/organizations/queries.server";
import type { Db, Sql, Tx } from "~/utils/db.server";

export type OrganizationSettings = {
  name: string;
  defaultLocale: "fr" | "en";
  primaryColor: string;
  reportThreshold: number;
  /** null: the built-in basemap. */
  mapStyleUrl: string | null;
  mapCenterLng: number;
  mapCenterLat: number;
  mapZoom: number;
};

function toSettings(row: Record<string, unknown>): OrganizationSettings {
  return {
    name: String(row.name),
    defaultLocale: row.default_locale === "en" ? "en" : "fr",
    primaryColor: String(row.primary_color),
    reportThreshold: Number(row.report_threshold),
    mapStyleUrl: (row.map_style_url as string | null) ?? null,
    mapCenterLng: Number(row.map_center_lng),
    mapCenterLat: Number(row.map_center_lat),
    mapZoom: Number(row.map_zoom),
  };
}

export async function getOrganizationSettings(db: Db, organizationId: number): Promise<OrganizationSettings | null> {
  const [row] = await db`
    select name, default_locale, primary_color, report_threshold, map_style_url, map_center_lng, map_center_lat, map_zoom
    from organizations where id = ${organizationId}`;
  return row ? toSettings(row) : null;
}

/**
 * Saves some of the settings (already validated by OrganizationSettingsSchema or MapSettingsSchema)
 * and records `organization.update` with each changed field's old and new value. Nothing changed:
 * nothing written. The organization cache is forgotten after a change (the CSP follows the style).
 */
export async function updateOrganizationSettings(
  db: Db,
  input: { organizationId: number; actorId: number; settings: Partial<OrganizationSettings> },
): Promise<{ changed: (keyof OrganizationSettings)[] } | null> {
  const { organizationId, actorId, settings } = input;
  const run = async (tx: Tx) => {
    const [row] = await tx`
      select name, default_locale, primary_color, report_threshold, map_style_url, map_center_lng, map_center_lat, map_zoom
      from organizations where id = ${organizationId} for update`;
    if (!row) return null;
    const before = toSettings(row);
    const changed = (Object.keys(before) as (keyof OrganizationSettings)[]).filter((k) => k in settings && before[k] !== settings[k]);
    if (changed.length === 0) return { changed };
    const next: OrganizationSettings = { ...before, ...settings };
    await tx`
      update organizations
      set name = ${next.name}, default_locale = ${next.defaultLocale}, primary_color = ${next.primaryColor},
          report_threshold = ${next.reportThreshold}, map_style_url = ${next.mapStyleUrl},
          map_center_lng = ${next.mapCenterLng}, map_center_lat = ${next.mapCenterLat}, map_zoom = ${next.mapZoom}
      where id = ${organizationId}`;
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: "organization.update",
      subjectType: "organization",
      subjectId: organizationId,
      data: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: next[k] }])),
    });
    return { changed };
  };
  const result =
    "begin" in db ? ((await (db as Sql).begin((tx) => run(tx as unknown as Tx))) as Awaited<ReturnType<typeof run>>) : await run(db as Tx);
  if (result?.changed.length) forgetOrganizationCache();
  return result;
}
