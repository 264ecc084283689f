// The built server as an operator runs it: `node build/server/index.js` (or the MAQUETTE_BUILD_DIR
// build the e2e app runs), several at once on one
// empty database, with a database that does not answer, and killed with SIGKILL then restarted
// on its embedded PostgreSQL. (Databases are made on the e2e embedded server, port 54329.)
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { APP_PORT, PG_ADMIN_URL, ROOT } from "./support/env";
import { alive, exitWithin, freePort, startApp, stopApp, waitUntilServing, type App } from "./support/processes";

/** Ports of the apps started here, next to the e2e app's (3201-3204 by default). */
const PORTS = [APP_PORT + 101, APP_PORT + 102, APP_PORT + 103, APP_PORT + 104] as const;

test.describe.configure({ mode: "default" }); // one after the other: each one loads the 2 cores

const suffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("two app processes started at once on an empty database migrate and seed exactly once", async ({ request }) => {
  test.setTimeout(120_000);
  const name = `maquette_procs_${suffix()}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const dataDir = path.join(ROOT, `.data/e2e-procs-${suffix()}`);
  const apps: App[] = [];
  try {
    for (const port of [PORTS[0], PORTS[1]]) {
      apps.push(startApp({ PORT: String(port), DATABASE_URL: url.toString(), DATA_DIR: dataDir }));
    }
    await Promise.all(apps.map((app, i) => waitUntilServing(request, app, PORTS[i]!)));
    for (const port of [PORTS[0], PORTS[1]]) {
      const home = await request.get(`http://localhost:${port}/`);
      expect(home.status(), `home page on :${port}`).toBe(200);
    }

    const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      const files = (await fsp.readdir(path.join(ROOT, "db/migrations"))).filter((f) => f.endsWith(".sql"));
      const rows = await db`select version, count(*)::int as n from schema_migrations group by version order by version`;
      expect(rows.map((r) => [r.version, r.n])).toEqual(files.map((_, i) => [i + 1, 1]));
      const orgs = await db`select host from organizations`;
      expect(orgs.map((o) => o.host)).toEqual(["localhost"]);
    } finally {
      await db.end();
    }

    for (const app of apps) app.proc.kill("SIGTERM");
    const codes = await Promise.all(apps.map((app) => exitWithin(app, 15_000)));
    expect(codes, `exit codes after SIGTERM\n${apps.map((a) => a.output()).join("\n---\n")}`).toEqual([0, 0]);
  } finally {
    await Promise.all(apps.map(stopApp));
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
    await fsp.rm(dataDir, { recursive: true, force: true });
  }
});

test("an unreachable DATABASE_URL stops the app with one line naming the server", async () => {
  const app = startApp({ PORT: String(PORTS[3]), DATABASE_URL: "postgres://postgres@127.0.0.1:1/x", DATA_DIR: ".data/e2e-unreachable" });
  const code = await exitWithin(app, 20_000);
  const output = app.output();
  expect(code, output).not.toBe("timeout");
  expect(code, output).not.toBe(0);
  const lines = output.split("\n").filter((l) => l.trim() !== "");
  expect(lines, "exactly one line of output").toHaveLength(1);
  expect(lines[0]).toContain("127.0.0.1:1");
  expect(output).not.toMatch(/^\s+at /m);
});

test("killed with SIGKILL, the app restarts on its embedded PostgreSQL and keeps its data", async ({ request }) => {
  test.setTimeout(120_000);
  const dataDir = path.join(ROOT, `.data/e2e-kill-${suffix()}`);
  const pgPort = await freePort();
  const port = PORTS[2];
  const env = { PORT: String(port), DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) };
  const pgUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/maquette`;
  const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
  const host = `kept-${suffix()}.example`;
  const apps: App[] = [];
  try {
    const first = startApp(env);
    apps.push(first);
    await waitUntilServing(request, first, port);
    const db = postgres(pgUrl, { max: 1, onnotice: () => {} });
    await db`insert into organizations (host, name) values (${host}, 'Gardée')`;
    await db.end();

    first.proc.kill("SIGKILL");
    await first.exited;
    const orphan = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    expect(alive(orphan), "PostgreSQL outlives the killed app").toBe(true);

    const second = startApp(env);
    apps.push(second);
    await waitUntilServing(request, second, port);
    expect((await request.get(`http://localhost:${port}/`)).status()).toBe(200);
    expect(alive(orphan), "the orphaned PostgreSQL was stopped").toBe(false);
    const db2 = postgres(pgUrl, { max: 1, onnotice: () => {} });
    expect(await db2`select name from organizations where host = ${host}`).toEqual([{ name: "Gardée" }]);
    await db2.end();

    second.proc.kill("SIGTERM");
    expect(await exitWithin(second, 15_000), second.output()).toBe(0);
    expect(fs.existsSync(pidFile), "PostgreSQL stopped with the app").toBe(false);

    const third = startApp(env);
    apps.push(third);
    await waitUntilServing(request, third, port);
    const db3 = postgres(pgUrl, { max: 1, onnotice: () => {} });
    expect(await db3`select name from organizations where host = ${host}`).toEqual([{ name: "Gardée" }]);
    expect(await db3`select count(*)::int as n from organizations where host = 'localhost'`).toEqual([{ n: 1 }]);
    await db3.end();
    third.proc.kill("SIGTERM");
    expect(await exitWithin(third, 15_000), third.output()).toBe(0);
  } finally {
    await Promise.all(apps.map(stopApp));
    // Never leave a PostgreSQL behind, even when the test failed half-way.
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
      if (pid && alive(pid)) process.kill(pid, "SIGINT");
      for (let i = 0; i < 50 && pid && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    }
    await fsp.rm(dataDir, { recursive: true, force: true });
  }
});
