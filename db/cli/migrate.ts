// npm run db:migrate: applies the pending migrations of db/migrations (under an advisory lock,
// so that it may run while the app starts elsewhere).
import { migrate } from "../migrate";
import { fail, withDatabase } from "./connect";

try {
  const applied = await withDatabase((sql) => migrate(sql, { log: (line) => console.log(line) }));
  console.log(applied.length === 0 ? "database schema is up to date" : `applied ${applied.length} migration(s)`);
} catch (error) {
  fail(`db:migrate failed: ${(error as Error).message}`);
}
