// Database connection for the command-line tools: DATABASE_URL, or the embedded PostgreSQL of
// DATA_DIR (reused if the app is running, started and stopped around the command otherwise).
import path from "node:path";
import { connect, type Sql } from "../../app/utils/db.server";
import { findRunningEmbedded, startEmbeddedPostgres } from "../../app/utils/embedded-db.server";

export async function withDatabase<T>(run: (sql: Sql, info: { embedded: boolean }) => Promise<T>): Promise<T> {
  let url = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  const dataDir = path.join(process.env.DATA_DIR ?? ".data", "postgres");
  if (!url) {
    const running = await findRunningEmbedded(dataDir);
    if (running && !running.orphan) {
      url = `postgres://postgres:postgres@127.0.0.1:${running.port}/maquette`;
    } else {
      const db = await startEmbeddedPostgres({ dataDir });
      url = db.url;
      stop = db.stop;
    }
  }
  const sql = connect(url, { max: 2 });
  try {
    return await run(sql, { embedded: !process.env.DATABASE_URL });
  } finally {
    await sql.end({ timeout: 5 });
    await stop?.();
  }
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
