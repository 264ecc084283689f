// Test helpers (vitest only): extra throw-away databases on the run's PostgreSQL, empty or
// copied from the migrated template, and the command-line tools run as child processes.
import { spawn } from "node:child_process";
import path from "node:path";
import { inject } from "vitest";
import { connect, type Sql } from "~/utils/db.server";

const ROOT = path.resolve(__dirname, "../../..");

export type FreshDatabase = { name: string; url: string; sql: Sql; drop: () => Promise<void> };

function urlFor(name: string): string {
  const url = new URL(inject("pgAdminUrl"));
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new database: empty, or a copy of the migrated template. Drop it when done. */
export async function createFreshDatabase(options: { migrated: boolean }): Promise<FreshDatabase> {
  const name = `maquette_fresh_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = connect(inject("pgAdminUrl"), { max: 1 });
  try {
    await admin.unsafe(options.migrated ? `create database "${name}" template "${inject("pgTemplate")}"` : `create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  const sql = connect(url, { max: 10 });
  return {
    name,
    url,
    sql,
    drop: async () => {
      await sql.end({ timeout: 5 });
      const a = connect(inject("pgAdminUrl"), { max: 1 });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** `npx tsx <script> ...args` from the repository root, with DATABASE_URL pointing at `databaseUrl`. */
export function runCli(script: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      // npm's own warnings about the machine's configuration are not the tool's output.
      const clean = (s: string) =>
        s
          .split("\n")
          .filter((line) => !line.startsWith("npm warn"))
          .join("\n")
          .trim();
      resolve({ code, stdout: clean(stdout), stderr: clean(stderr) });
    });
  });
}
