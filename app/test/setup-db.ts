// Per test file: a fresh database copied from the migrated template, set as DATABASE_URL for
// the app's pool; dropped afterwards. console.error fails the test, as it hides real problems.
import postgres from "postgres";
import { afterAll, beforeAll, inject, vi } from "vitest";
import { closeSql } from "~/utils/db.server";

const adminUrl = inject("pgAdminUrl");
const template = inject("pgTemplate");
const name = `maquette_test_${process.env.VITEST_POOL_ID ?? "0"}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });

beforeAll(async () => {
  await admin.unsafe(`create database "${name}" template "${template}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
});

afterAll(async () => {
  await closeSql();
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
  throw new Error(`console.error was called: ${args.map(String).join(" ")}`);
});
