// Applies the numbered, forward-only SQL migrations of db/migrations under an advisory lock,
// so that two instances starting together never both migrate.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type postgres from "postgres";

import { existsSync } from "node:fs";

/** db/migrations, found from here both in the sources and in the bundled server (build/server). */
function findMigrationsDir(): string {
  if (process.env.MIGRATIONS_DIR) return path.resolve(process.env.MIGRATIONS_DIR);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const candidate of [path.join(dir, "migrations"), path.join(dir, "db", "migrations")]) {
      if (existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  return path.resolve("db", "migrations");
}

export const MIGRATIONS_DIR = findMigrationsDir();
const LOCK_KEY = 7_220_014_001; // arbitrary, fixed: "maquette migrations"

export type Migration = { version: number; name: string; file: string; checksum: string; body: string };

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = /^(\d{5})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`Migration file name must be NNNNN_name.sql: ${file}`);
    const body = await fs.readFile(path.join(dir, file), "utf8");
    migrations.push({
      version: Number(match[1]),
      name: match[2]!,
      file,
      body,
      checksum: crypto.createHash("sha256").update(body).digest("hex"),
    });
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migrations must be numbered without gaps: expected ${String(i + 1).padStart(5, "0")}, found ${m.file}`);
    }
  });
  return migrations;
}

export async function migrate(
  sql: postgres.Sql,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<string[]> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(options.dir);
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    // Transaction-level lock: released at commit, even if the process dies.
    await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
    await tx`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`;
    const done = await tx<{ version: number; name: string; checksum: string }[]>`
      select version, name, checksum from schema_migrations order by version`;
    done.forEach((row, i) => {
      if (row.version !== i + 1) throw new Error(`schema_migrations has a gap before version ${row.version}`);
      const file = migrations[i];
      if (!file) throw new Error(`The database has migration ${row.version} (${row.name}) that this code does not know`);
      if (file.checksum !== row.checksum) {
        throw new Error(`Migration ${file.file} was changed after it was applied: add a new migration instead`);
      }
    });
    for (const m of migrations.slice(done.length)) {
      await tx.unsafe(m.body);
      await tx`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`;
      applied.push(m.file);
      log(`migrated ${m.file}`);
    }
  });
  return applied;
}
