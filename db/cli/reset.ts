// npm run db:reset [-- --yes]: drops every table (the public schema), migrates and seeds the demo.
// On a DATABASE_URL it refuses without --yes; the embedded database of DATA_DIR needs no flag.
import { parseArgs } from "node:util";
import { migrate } from "../migrate";
import { ensureDemoOrganization, printDemoAccounts, seedDemoAccounts, seedDemoContent } from "../seed";
import { fail, withDatabase } from "./connect";

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "the DATABASE_URL database";
  }
}

let yes = false;
try {
  ({
    values: { yes = false },
  } = parseArgs({ options: { yes: { type: "boolean" } }, strict: true }));
} catch (error) {
  fail(`db:reset: ${(error as Error).message}`);
}

const url = process.env.DATABASE_URL;
if (url && !yes) {
  fail(`db:reset: refusing to erase ${describe(url)} without --yes (npm run db:reset -- --yes)`);
}

try {
  const created = await withDatabase(async (sql) => {
    await sql.unsafe("drop schema if exists public cascade; create schema public;");
    console.log("dropped and recreated the public schema");
    await migrate(sql, { log: (line) => console.log(line) });
    const organizationId = await ensureDemoOrganization(sql);
    if (organizationId === null) return [];
    const accounts = await seedDemoAccounts(sql, organizationId);
    const town = await seedDemoContent(sql, organizationId);
    console.log(`demo town: ${town.projects} projects, ${town.proposals} proposals (${town.ms} ms)`);
    return accounts;
  });
  console.log(`created ${created.length} demo account(s)`);
  printDemoAccounts();
} catch (error) {
  fail(`db:reset failed: ${(error as Error).message}`);
}
