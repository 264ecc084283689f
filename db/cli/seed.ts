// npm run db:seed: the demo organization (on localhost) and one demo account per role.
import { ensureDemoOrganization, printDemoAccounts, seedDemoAccounts, seedDemoContent } from "../seed";
import { fail, withDatabase } from "./connect";

try {
  const outcome = await withDatabase(async (sql) => {
    const [schema] = await sql`select to_regclass('public.organizations') is not null as ready`;
    if (!schema?.ready) return "unmigrated" as const;
    const organizationId = await ensureDemoOrganization(sql);
    if (organizationId === null) return "others" as const;
    const created = await seedDemoAccounts(sql, organizationId);
    const town = await seedDemoContent(sql, organizationId);
    return { created: created.length, town };
  });
  if (outcome === "unmigrated") fail("db:seed: the database has no schema yet: run npm run db:migrate first");
  if (outcome === "others") fail("db:seed: this instance already has organizations and no demo organization on localhost: nothing seeded");
  console.log(outcome.created > 0 ? `created ${outcome.created} demo account(s)` : "demo accounts already exist");
  console.log(
    outcome.town.seeded
      ? `demo town: ${outcome.town.projects} projects, ${outcome.town.proposals} proposals (${outcome.town.ms} ms)`
      : "demo town already seeded",
  );
  printDemoAccounts();
} catch (error) {
  fail(`db:seed failed: ${(error as Error).message}`);
}
