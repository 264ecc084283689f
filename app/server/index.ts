// The Maquette server. `node build/server/index.js` (npm start, start:built) starts:
// - WEB_CONCURRENCY=1: one process doing everything (as before the cluster);
// - otherwise (default: one worker per core) a primary and its workers (node:cluster): the primary
//   starts the embedded PostgreSQL when no DATABASE_URL is given, applies the migrations, seeds the
//   demo, runs the mail worker and the periodic jobs, owns the port and hands each connection to a
//   worker (app/server/primary.server.ts); each worker runs the web server (app/server/web.server.ts).
// Graceful shutdown on SIGTERM / SIGINT; a malformed environment stops the start with one line.
import cluster from "node:cluster";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { broadcastDevReady } from "@remix-run/node";
import { migrate } from "../../db/migrate";
import { ensureDemoOrganization, printDemoAccounts, seedDemoAccounts, seedDemoContent } from "../../db/seed";
import { getEnv, type Env } from "~/utils/env.server";
import { closeSql, getSql } from "~/utils/db.server";
import { startEmbeddedPostgres, type EmbeddedDb } from "~/utils/embedded-db.server";
import { startMailWorker } from "./mail-worker.server";
import { MAINTENANCE_JOBS, startJobs } from "./jobs.server";
import { parseWebConcurrency } from "./concurrency";
import { log, logger } from "./log.server";
import { clusterMetricsGatherer, collectProcessMetrics, databaseRegistry, onMetricsAnswer } from "./metrics.server";
import { runPrimary } from "./primary.server";
import { startWeb } from "./web.server";

function describeDatabase(url: string) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}`;
  } catch {
    return "the DATABASE_URL server";
  }
}

/** Exits once the log line is out. */
function exit(code: number): never {
  logger().flush();
  process.exit(code);
}

/** The embedded PostgreSQL when needed, the migrations, the demo seed: once per instance. */
async function prepareDatabase(env: Env) {
  let embedded: EmbeddedDb | undefined;
  if (!env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(env.DATA_DIR, "postgres"), port: env.EMBEDDED_PG_PORT, log });
    process.env.DATABASE_URL = embedded.url;
    log(`embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${path.join(env.DATA_DIR, "postgres")})`);
  }
  const sql = getSql();
  try {
    await sql`select 1`;
  } catch (error) {
    logger().error(`cannot reach PostgreSQL at ${describeDatabase(process.env.DATABASE_URL!)}: ${(error as Error).message}`);
    await embedded?.stop();
    exit(1);
  }
  const applied = await migrate(sql, { log });
  if (applied.length === 0) log("database schema is up to date");
  const demoId = await ensureDemoOrganization(sql);
  // The demo accounts are printed once, after "ready", on the start that created them.
  let showDemoAccounts = false;
  if (demoId !== null && (embedded || env.DEMO_SEED)) {
    const created = await seedDemoAccounts(sql, demoId);
    const town = await seedDemoContent(sql, demoId);
    if (town.seeded) log(`demo town seeded: ${town.projects} projects, ${town.proposals} proposals (${town.ms} ms)`);
    showDemoAccounts = created.length > 0;
  }
  return { sql, embedded, showDemoAccounts };
}

/** What runs once per instance besides the web: mails, periodic jobs. */
function startBackground(sql: ReturnType<typeof getSql>) {
  const mailWorker = startMailWorker(sql);
  const jobs = startJobs(sql, MAINTENANCE_JOBS, log);
  return {
    async stop() {
      await jobs.stop();
      await mailWorker.stop();
    },
  };
}

function onStopSignals(stop: (signal: string) => void) {
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

/** Forces the exit when stopping takes too long (a request that never ends). */
function forceExitAfter(ms: number) {
  setTimeout(() => {
    logger().error("shutdown took too long, exiting");
    exit(1);
  }, ms).unref();
}

async function runWorker(env: Env) {
  collectProcessMetrics();
  const web = await startWeb({ env, worker: true });
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    forceExitAfter(14_000);
    if (reason !== "drain") log(`${reason}: finishing requests in flight`);
    await web.stop();
    await closeSql();
    exit(0);
  };
  process.on("message", (message: { type?: string; head?: Uint8Array } | null, handle?: unknown) => {
    if (message?.type === "maquette:connection" && handle instanceof net.Socket) {
      if (stopping) handle.destroy();
      else web.adopt(handle, Buffer.from(message.head ?? new Uint8Array(0)));
    } else if (message?.type === "maquette:metrics") {
      onMetricsAnswer(message as { id?: unknown; text?: unknown; error?: unknown });
    } else if (message?.type === "maquette:drain") {
      void stop("drain");
    }
  });
  // Ctrl-C reaches every process of the terminal: the primary stops the workers in order.
  process.on("SIGINT", () => {});
  // SIGTERM to this worker alone: it finishes its requests and exits; the primary starts another.
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.send?.({ type: "maquette:ready" });
}

async function main() {
  const env = getEnv();
  if (cluster.isWorker) return runWorker(env);
  const started = Date.now();
  const workers = parseWebConcurrency(process.env.WEB_CONCURRENCY, os.availableParallelism());
  const { sql, embedded, showDemoAccounts } = await prepareDatabase(env);
  const poolMax = env.DATABASE_POOL_SIZE * (workers === 1 ? 1 : workers + 1);
  const background = startBackground(sql);
  const databaseMetrics = databaseRegistry(sql, poolMax);

  let port: number;
  let stopWeb: () => Promise<number>;
  let build: Awaited<ReturnType<typeof startWeb>>["build"] | undefined;
  if (workers === 1) {
    collectProcessMetrics();
    const web = await startWeb({ env, worker: false, databaseMetrics });
    await new Promise<void>((resolve) => web.server.listen(env.PORT, env.HOST, resolve));
    const address = web.server.address();
    port = typeof address === "object" && address ? address.port : env.PORT;
    build = web.build;
    stopWeb = async () => {
      await web.stop();
      return 0;
    };
  } else {
    const primary = await runPrimary({
      workers,
      port: env.PORT,
      host: env.HOST,
      redis: Boolean(env.REDIS_URL),
      log,
      metrics: clusterMetricsGatherer(databaseMetrics),
    });
    port = primary.port;
    stopWeb = async () => {
      void primary.shutdown("stopping");
      return primary.done;
    };
    // Workers that keep dying stop the instance.
    void primary.done.then((code) => {
      if (code !== 0) void stop("workers keep dying", code);
    });
  }
  const mode = workers === 1 ? "one process" : `${workers} workers`;
  log(`ready on http://localhost:${port} in ${Date.now() - started} ms (${mode}${env.REDIS_URL ? ", Redis adapter on" : ""})`);
  if (showDemoAccounts) {
    printDemoAccounts(log, `http://localhost:${port}`);
    log("stop with Ctrl-C");
  }
  // `npm run dev`: tell `remix dev` that this process serves its latest build.
  if (build && env.NODE_ENV === "development" && process.env.REMIX_DEV_ORIGIN) await broadcastDevReady(build);

  let stopping = false;
  async function stop(signal: string, code = 0) {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing requests in flight`);
    forceExitAfter(15_000);
    const webCode = await stopWeb();
    await background.stop();
    await closeSql();
    if (embedded) await embedded.stop();
    log("stopped");
    exit(code || webCode);
  }
  onStopSignals((signal) => void stop(signal));
}

main().catch((error) => {
  logger().error(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  exit(1);
});
