// The instance's organizations, as a system admin sees them.
import type { Db } from "~/utils/db.server";

export type OrganizationSummary = {
  id: number;
  host: string;
  name: string;
  defaultLocale: "fr" | "en";
  members: number;
  createdAt: Date;
};

export async function listOrganizationSummaries(db: Db): Promise<OrganizationSummary[]> {
  const rows = await db`
    select o.id, o.host, o.name, o.default_locale, o.created_at,
           (select count(*)::int from users u where u.organization_id = o.id and u.deleted_at is null) as members
    from organizations o order by o.name, o.id`;
  return rows.map((r) => ({
    id: Number(r.id),
    host: String(r.host),
    name: String(r.name),
    defaultLocale: r.default_locale === "en" ? "en" : "fr",
    members: Number(r.members),
    createdAt: r.created_at as Date,
  }));
}
