// Vitest global setup: a real PostgreSQL (DATABASE_URL, or the embedded server in .data/test-postgres)
// and a template database migrated once; each test file gets its own copy (see setup-db.ts).
import crypto from "node:crypto";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrate, readMigrations } from "../../db/migrate";
import { startEmbeddedPostgres } from "../utils/embedded-db.server";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
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
    const db = await startEmbeddedPostgres({ dataDir: ".data/test-postgres" });
    adminUrl = db.url;
    stop = db.stop;
  }
  const migrations = await readMigrations();
  const digest = crypto.createHash("sha256").update(migrations.map((m) => m.checksum).join()).digest("hex").slice(0, 12);
  const template = `maquette_template_${digest}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
  if (!exists) {
    // Stale templates of older schemas and databases left by killed runs go first.
    const old = await admin`select datname from pg_database where datname like 'maquette_template_%' or datname like 'maquette_test_%'`;
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
