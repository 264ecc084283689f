// An organization's own settings, edited by its admins: name, default language, primary colour,
// and the number of reports that hides a contribution until a moderator decides.
import { recordAudit } from "~/modules/audit/audit.server";
import { forgetOrganizationCache } from "~/modules/organizations/queries.server";
import type { Db, Sql, Tx } from "~/utils/db.server";

export type OrganizationSettings = { name: string; defaultLocale: "fr" | "en"; primaryColor: string; reportThreshold: number };

export async function getOrganizationSettings(db: Db, organizationId: number): Promise<OrganizationSettings | null> {
  const [row] = await db`select name, default_locale, primary_color, report_threshold from organizations where id = ${organizationId}`;
  if (!row) return null;
  return {
    name: String(row.name),
    defaultLocale: row.default_locale === "en" ? "en" : "fr",
    primaryColor: String(row.primary_color),
    reportThreshold: Number(row.report_threshold),
  };
}

/**
 * Saves the settings (already validated by OrganizationSettingsSchema) and records
 * `organization.update` with each changed field's old and new value. Nothing changed: nothing written.
 */
export async function updateOrganizationSettings(
  db: Db,
  input: { organizationId: number; actorId: number; settings: OrganizationSettings },
): Promise<{ changed: (keyof OrganizationSettings)[] } | null> {
  const { organizationId, actorId, settings } = input;
  const run = async (tx: Tx) => {
    const [row] = await tx`
      select name, default_locale, primary_color, report_threshold from organizations where id = ${organizationId} for update`;
    if (!row) return null;
    const before: OrganizationSettings = {
      name: String(row.name),
      defaultLocale: row.default_locale === "en" ? "en" : "fr",
      primaryColor: String(row.primary_color),
      reportThreshold: Number(row.report_threshold),
    };
    const changed = (Object.keys(before) as (keyof OrganizationSettings)[]).filter((k) => before[k] !== settings[k]);
    if (changed.length === 0) return { changed };
    await tx`
      update organizations
      set name = ${settings.name}, default_locale = ${settings.defaultLocale}, primary_color = ${settings.primaryColor},
          report_threshold = ${settings.reportThreshold}
      where id = ${organizationId}`;
    await recordAudit(tx, {
      organizationId,
      actorId,
      action: "organization.update",
      subjectType: "organization",
      subjectId: organizationId,
      data: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: settings[k] }])),
    });
    return { changed };
  };
  const result =
    "begin" in db ? ((await (db as Sql).begin((tx) => run(tx as unknown as Tx))) as Awaited<ReturnType<typeof run>>) : await run(db as Tx);
  if (result?.changed.length) forgetOrganizationCache();
  return result;
}
