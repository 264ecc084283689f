import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFreshDatabase, runCli, type FreshDatabase } from "~/modules/admin/testing";
import { connect, type Sql } from "~/utils/db.server";
import { migrate, readMigrations } from "./migrate";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A folder of migration files: { "00001_a.sql": "create table ..." }. */
async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "maquette-migrations-"));
  for (const [name, body] of Object.entries(files)) await fs.writeFile(path.join(dir, name), body);
  cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

async function emptyDatabase(): Promise<FreshDatabase> {
  const db = await createFreshDatabase({ migrated: false });
  cleanups.push(db.drop);
  return db;
}

async function appliedVersions(sql: Sql): Promise<number[]> {
  const [exists] = await sql`select to_regclass('public.schema_migrations') is not null as yes`;
  if (!exists?.yes) return [];
  const rows = await sql`select version from schema_migrations order by version`;
  return rows.map((r) => Number(r.version));
}

async function tableExists(sql: Sql, name: string): Promise<boolean> {
  const [row] = await sql`select to_regclass(${`public.${name}`}) is not null as yes`;
  return Boolean(row?.yes);
}

describe("migrate", () => {
  it("applies numbered migrations once, in order, and records them", async () => {
    const db = await emptyDatabase();
    const dir = await migrationsDir({
      "00001_things.sql": "create table things (id bigint generated always as identity primary key);",
      "00002_more.sql": "alter table things add column name text;",
    });
    expect(await migrate(db.sql, { dir })).toEqual(["00001_things.sql", "00002_more.sql"]);
    expect(await migrate(db.sql, { dir })).toEqual([]);
    expect(await appliedVersions(db.sql)).toEqual([1, 2]);
  });

  it("refuses a gap in the numbering, applying nothing", async () => {
    const db = await emptyDatabase();
    const dir = await migrationsDir({
      "00001_a.sql": "create table a (id int);",
      "00003_c.sql": "create table c (id int);",
    });
    await expect(readMigrations(dir)).rejects.toThrow("Migrations must be numbered without gaps: expected 00002, found 00003_c.sql");
    await expect(migrate(db.sql, { dir })).rejects.toThrow(/without gaps/);
    expect(await tableExists(db.sql, "a")).toBe(false);
    expect(await appliedVersions(db.sql)).toEqual([]);
  });

  it("refuses a badly named file", async () => {
    const dir = await migrationsDir({ "00001_Bad-Name.sql": "select 1;" });
    await expect(readMigrations(dir)).rejects.toThrow(/NNNNN_name\.sql/);
  });

  it("refuses a migration changed after it was applied", async () => {
    const db = await emptyDatabase();
    const dir = await migrationsDir({ "00001_a.sql": "create table a (id int);" });
    await migrate(db.sql, { dir });
    await fs.writeFile(path.join(dir, "00001_a.sql"), "create table a (id bigint);");
    await fs.writeFile(path.join(dir, "00002_b.sql"), "create table b (id int);");
    await expect(migrate(db.sql, { dir })).rejects.toThrow("Migration 00001_a.sql was changed after it was applied: add a new migration instead");
    expect(await tableExists(db.sql, "b")).toBe(false);
    expect(await appliedVersions(db.sql)).toEqual([1]);
  });

  it("refuses a database that knows a migration the code does not", async () => {
    const db = await emptyDatabase();
    const two = await migrationsDir({ "00001_a.sql": "create table a (id int);", "00002_b.sql": "create table b (id int);" });
    await migrate(db.sql, { dir: two });
    const one = await migrationsDir({ "00001_a.sql": "create table a (id int);" });
    await expect(migrate(db.sql, { dir: one })).rejects.toThrow(/migration 2 \(b\) that this code does not know/);
  });

  it("leaves nothing applied when a migration fails", async () => {
    const db = await emptyDatabase();
    const dir = await migrationsDir({
      "00001_a.sql": "create table a (id int);",
      "00002_broken.sql": "create table b (id int); insert into nowhere values (1);",
    });
    await expect(migrate(db.sql, { dir })).rejects.toThrow(/nowhere/);
    expect(await tableExists(db.sql, "a")).toBe(false);
    expect(await tableExists(db.sql, "b")).toBe(false);
    expect(await appliedVersions(db.sql)).toEqual([]);

    // Fixed by a new file: the good ones apply, and a later failure keeps what came before.
    await fs.writeFile(path.join(dir, "00002_broken.sql"), "create table b (id int);");
    await migrate(db.sql, { dir });
    await fs.writeFile(path.join(dir, "00003_fails.sql"), "create table c (id int); select 1/0;");
    await expect(migrate(db.sql, { dir })).rejects.toThrow(/division by zero/);
    expect(await tableExists(db.sql, "c")).toBe(false);
    expect(await appliedVersions(db.sql)).toEqual([1, 2]);
  });

  it("applies each migration exactly once when two connections migrate an empty database together", async () => {
    const db = await emptyDatabase();
    const dir = await migrationsDir({
      "00001_a.sql": "create table a (id int); select pg_sleep(0.3);",
      "00002_b.sql": "create table b (id int);",
      "00003_c.sql": "insert into a values (1);",
    });
    const one = connect(db.url, { max: 1 });
    const two = connect(db.url, { max: 1 });
    cleanups.push(() => Promise.all([one.end(), two.end()]));
    const [first, second] = await Promise.all([migrate(one, { dir }), migrate(two, { dir })]);
    // One did all the work, the other waited for the lock and found nothing left to do.
    expect([first.length, second.length].sort()).toEqual([0, 3]);
    expect(await appliedVersions(db.sql)).toEqual([1, 2, 3]);
    const [{ n }] = (await db.sql`select count(*)::int as n from a`) as unknown as [{ n: number }];
    expect(n).toBe(1);
  });

  it("applies each migration exactly once when two `db:migrate` processes start together", async () => {
    const expected = (await readMigrations()).map((m) => m.version);
    // The real migrations, then a slow set that makes the two processes overlap for sure.
    const slowDir = await migrationsDir({
      "00001_a.sql": "create table a (id int); select pg_sleep(1);",
      "00002_b.sql": "insert into a values (1);",
    });
    const setups: { env: Record<string, string>; versions: number[] }[] = [
      { env: {}, versions: expected },
      { env: { MIGRATIONS_DIR: slowDir }, versions: [1, 2] },
    ];
    for (const setup of setups) {
      const db = await emptyDatabase();
      const env = { DATABASE_URL: db.url, ...setup.env };
      const [a, b] = await Promise.all([runCli("db/cli/migrate.ts", [], env), runCli("db/cli/migrate.ts", [], env)]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      expect([a.stdout, b.stdout].filter((out) => out.endsWith("database schema is up to date"))).toHaveLength(1);
      const rows = await db.sql`select version, count(*)::int as n from schema_migrations group by version order by version`;
      expect(rows.map((r) => Number(r.version))).toEqual(setup.versions);
      expect(rows.every((r) => r.n === 1)).toBe(true);
    }
  }, 90_000);
});
