// Vitest global setup: a real PostgreSQL (DATABASE_URL, or the embedded server in .data/test-postgres)
// and a template database migrated once; each test file gets its own copy (see setup-db.ts).
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrate, readMigrations } from "../../db/migrate";
import { findRunningEmbedded, startEmbeddedPostgres } from "../utils/embedded-db.server";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

function isAlive(pid: number) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    // One throw-away server per run, so that runs side by side never share one.
    const root = path.resolve(".data/test-pg");
    await fs.mkdir(root, { recursive: true });
    // Folders are named after the run's pid: remove those of runs that are gone.
    for (const dir of await fs.readdir(root)) {
      if (isAlive(Number(dir)) || (await findRunningEmbedded(path.join(root, dir)))) continue;
      await fs.rm(path.join(root, dir), { recursive: true, force: true });
    }
    const dataDir = path.join(root, String(process.pid));
    const db = await startEmbeddedPostgres({ dataDir });
    adminUrl = db.url;
    stop = async () => {
      await db.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    };
  }
  const migrations = await readMigrations();
  const digest = crypto.createHash("sha256").update(migrations.map((m) => m.checksum).join()).digest("hex").slice(0, 12);
  const template = `maquette_template_${digest}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
  if (!exists) {
    // Templates of older schemas go first (test databases of killed runs are left to their owner).
    const old = await admin`select datname from pg_database where datname like 'maquette_template_%'`;
    for (const row of old) await admin.unsafe(`drop database if exists "${row.datname}" with (force)`);
    await admin.unsafe(`create database "${template}"`);
    const tsql = postgres(withDatabase(adminUrl, template), { max: 1, onnotice: () => {} });
    await migrate(tsql);
    await tsql.end();
  }
  await admin.end();
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", template);
  return async () => {
    await stop?.();
  };
}
