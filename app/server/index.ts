// The Maquette server: Express serving Remix, socket.io on the same HTTP server, the embedded
// PostgreSQL when no DATABASE_URL is given, migrations, the mail worker, the events dispatcher,
// graceful shutdown.
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import { migrate } from "../../db/migrate";
import { ensureDemoOrganization, printDemoAccounts, seedDemoAccounts, seedDemoContent } from "../../db/seed";
import { getEnv } from "~/utils/env.server";
import { closeSql, getSql } from "~/utils/db.server";
import { startEmbeddedPostgres, type EmbeddedDb } from "~/utils/embedded-db.server";
import { findOrganizationByHost, type Organization } from "~/modules/organizations/queries.server";
import { LOCALE_COOKIE, resolveRequestAuth } from "./auth-middleware.server";
import {
  nonceMiddleware,
  organizationSecurityHeaders,
  rateLimits,
  sameOriginMiddleware,
  securityHeaders,
  staticSecurityHeaders,
} from "./security.server";
import { malformedRequestRefusal, readBoundedBody, sendRefusal } from "./request-guard.server";
import { createRealtimeServer } from "./realtime.server";
import { startMailWorker } from "./mail-worker.server";
import { startEventsDispatcher } from "./events-dispatcher.server";
import { cacheDropOf } from "~/modules/events/events";
import { MAINTENANCE_JOBS, startJobs } from "./jobs.server";
import { unknownHostPage } from "./unknown-host";
import { PageCache } from "./page-cache.server";
import { createRemixHandler } from "./remix-handler.server";
import { SEED_COOKIE } from "~/modules/proposals/queries.server";

const log = (line: string) => console.log(`[maquette] ${line}`);

function describeDatabase(url: string) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}`;
  } catch {
    return "the DATABASE_URL server";
  }
}

async function main() {
  const env = getEnv();
  const started = Date.now();
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
    console.error(`[maquette] cannot reach PostgreSQL at ${describeDatabase(process.env.DATABASE_URL!)}: ${(error as Error).message}`);
    await embedded?.stop();
    process.exit(1);
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

  const buildDir = process.env.MAQUETTE_BUILD_DIR;
  const buildPath = path.resolve(buildDir ?? "build", "remix/index.js");
  const assetsDir = buildDir ? path.resolve(buildDir, "public") : path.resolve("public/build");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY);
  // Before anything looks at it: the method, the request target, the host headers.
  app.use(nonceMiddleware);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const refusal = malformedRequestRefusal(req);
    if (!refusal) return next();
    securityHeaders(req, res, () => sendRefusal(req, res, refusal, { closeConnection: true }));
  });

  app.get("/healthz", async (_req, res) => {
    try {
      await Promise.race([sql`select 1`, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000))]);
      res.status(200).type("text/plain").send("ok");
    } catch {
      res.status(503).type("text/plain").send("database unavailable");
    }
  });

  app.use(compression());
  // Static files come first, whatever the organization, with the security headers of none.
  // Fingerprinted build output: cached for a year.
  app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y", index: false, setHeaders: staticSecurityHeaders }));
  app.use(express.static("public", { maxAge: "1h", index: false, setHeaders: staticSecurityHeaders }));

  // Then the organization, before the headers of everything else: its CSP allows its map style's origin.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const org = await findOrganizationByHost(req.hostname ?? "");
      if (!org) {
        securityHeaders(req, res, () => {
          res.status(404).type("html").send(unknownHostPage(req.hostname ?? "", res.locals.nonce as string));
        });
        return;
      }
      res.locals.org = org;
      next();
    } catch (error) {
      securityHeaders(req, res, () => next(error));
    }
  });
  app.use(organizationSecurityHeaders);
  app.use(sameOriginMiddleware);
  app.use(rateLimits(env.RATE_LIMIT));
  app.use(resolveRequestAuth(env.SECURE_COOKIES));
  // Writes: a form content type, a body within its route's limit, well-formed fields (read once, here).
  app.use(readBoundedBody);

  const pageCache = env.PAGE_CACHE_SECONDS > 0 ? new PageCache({ ttlMs: env.PAGE_CACHE_SECONDS * 1000 }) : undefined;
  app.all(
    "*",
    createRemixHandler({
      build,
      mode: env.NODE_ENV,
      cache: pageCache,
      varyCookies: [LOCALE_COOKIE, SEED_COOKIE],
      getLoadContext: (_req, res) => ({
        org: res.locals.org as Organization,
        nonce: res.locals.nonce as string,
        locale: res.locals.locale,
        auth: res.locals.auth ?? null,
        actor: res.locals.actor,
        ip: res.locals.ip as string,
        secureCookies: res.locals.secureCookies as boolean,
      }),
    }),
  );

  const server = http.createServer(app);
  const realtime = await createRealtimeServer(server, { redisUrl: env.REDIS_URL, pageCache, trustProxy: Boolean(env.TRUST_PROXY) });
  const mailWorker = startMailWorker(sql);
  // What commands recorded reaches the page cache (by scope, on every instance) and the sockets.
  const events = startEventsDispatcher(sql, {
    deliver(event) {
      const drop = cacheDropOf(event);
      if (drop) pageCache?.drop(drop);
      realtime.emitEvent(event);
    },
  });
  const jobs = startJobs(sql, MAINTENANCE_JOBS, log);

  await new Promise<void>((resolve) => server.listen(env.PORT, env.HOST, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  log(`ready on http://localhost:${port} in ${Date.now() - started} ms${env.REDIS_URL ? " (Redis adapter on)" : ""}`);
  if (showDemoAccounts) {
    printDemoAccounts(log, `http://localhost:${port}`);
    log("stop with Ctrl-C");
  }
  // `npm run dev`: tell `remix dev` that this process serves its latest build.
  if (env.NODE_ENV === "development" && process.env.REMIX_DEV_ORIGIN) await broadcastDevReady(build);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing requests in flight`);
    const force = setTimeout(() => {
      console.error("[maquette] shutdown took too long, exiting");
      process.exit(1);
    }, 15_000);
    force.unref();
    // Stop accepting; close idle keep-alive connections; let the others finish.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await events.stop();
    await realtime.close();
    await closed;
    await jobs.stop();
    await mailWorker.stop();
    await closeSql();
    if (embedded) await embedded.stop();
    log("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(`[maquette] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
