// The demo organization answering on localhost, and (demo seed only) one account per role.
// Demo passwords exist only here.
import type postgres from "postgres";
import { hashPassword } from "../app/modules/auth/password.server";
import type { Role } from "../app/modules/permissions/permissions";
import { createOrganization } from "../app/modules/organizations/commands.server";
import { organizationOrigin } from "../app/modules/organizations/origin";
import type { Sql } from "../app/utils/db.server";
import { seedDemoAccessibilityStatement } from "./demo/accessibility";
import { seedDemoTown, type DemoTownOutcome } from "./demo/content";

export const DEMO_HOST = "localhost";

export const DEMO_ACCOUNTS: { email: string; password: string; name: string; role: Role; system?: boolean }[] = [
  { email: "citoyen@maquette.example", password: "demo-citoyen-2026", name: "Camille Citoyen", role: "citizen" },
  { email: "aidant@maquette.example", password: "demo-aidant-2026", name: "Alex Aidant", role: "aidant" },
  { email: "moderation@maquette.example", password: "demo-moderation-2026", name: "Morgane Modératrice", role: "moderator" },
  { email: "elu@maquette.example", password: "demo-elu-2026", name: "Élise Élue", role: "official" },
  { email: "admin@maquette.example", password: "demo-admin-2026", name: "Adrien Admin", role: "admin" },
  { email: "systeme@maquette.example", password: "demo-systeme-2026", name: "Sacha Système", role: "admin", system: true },
];

/** Creates the demo organization when the instance has none. Returns its id, or null if others exist. */
export async function ensureDemoOrganization(sql: postgres.Sql): Promise<number | null> {
  const [existing] = await sql`select id from organizations where host = ${DEMO_HOST}`;
  if (existing) return Number(existing.id);
  const [{ count }] = (await sql`select count(*)::int as count from organizations`) as unknown as [{ count: number }];
  if (count > 0) return null;
  // No stored canonical origin: links in its mails follow the port the app runs on
  // (http://localhost:<PORT>, organizations/origin.ts), for `npm start` and the end-to-end tests alike.
  const result = await createOrganization(sql, { host: DEMO_HOST, name: "Ville de Démo", canonicalOrigin: null });
  if (result.ok) return result.organization.id;
  // Created meanwhile by another process starting at the same time.
  const [row] = await sql`select id from organizations where host = ${DEMO_HOST}`;
  return row ? Number(row.id) : null;
}

/** One confirmed account per role in the demo organization; skips those that exist. */
export async function seedDemoAccounts(sql: postgres.Sql, organizationId: number): Promise<typeof DEMO_ACCOUNTS> {
  const created: typeof DEMO_ACCOUNTS = [];
  for (const account of DEMO_ACCOUNTS) {
    const [exists] = await sql`select id from users where organization_id = ${organizationId} and email = ${account.email}`;
    if (exists) continue;
    const passwordHash = await hashPassword(account.password);
    await sql`
      insert into users (organization_id, email, email_confirmed_at, name, password_hash, role, is_system_admin, terms_accepted_at)
      values (${organizationId}, ${account.email}, now(), ${account.name}, ${passwordHash}, ${account.role},
              ${account.system ?? false}, now())`;
    created.push(account);
  }
  return created;
}

/**
 * The demo town's projects, proposals, debates and notifications (db/demo/), once: a second call
 * finds them and writes nothing. Needs the demo accounts (seedDemoAccounts) first.
 */
export async function seedDemoContent(sql: postgres.Sql, organizationId: number): Promise<DemoTownOutcome> {
  // Mail links of the demo (notifications) follow the port the app runs on, as for its other mails.
  const origin = organizationOrigin(DEMO_HOST, null, Number(process.env.PORT) || 3000);
  const outcome = await seedDemoTown(sql as unknown as Sql, { organizationId, origin });
  // Its own check: a town seeded before the statement existed gets it on the next start.
  await seedDemoAccessibilityStatement(sql as unknown as Sql, organizationId);
  return outcome;
}

export function printDemoAccounts(log: (line: string) => void = console.log, origin = `http://localhost:${process.env.PORT || 3000}`) {
  log(`Demo accounts (organization on ${origin}):`);
  for (const a of DEMO_ACCOUNTS) log(`  ${a.role.padEnd(9)} ${a.system ? "(system) " : ""}${a.email}  ${a.password}`);
}
