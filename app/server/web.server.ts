// One HTTP server of the app: Express serving Remix, socket.io on the same server, the page cache,
// the events dispatcher. Run by the single process (WEB_CONCURRENCY=1) or by each worker of the
// cluster (app/server/primary.server.ts), which gets its connections from the primary.
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ServerBuild } from "@remix-run/node";
import type { Registry } from "prom-client";
import type { Env } from "~/utils/env.server";
import { getSql } from "~/utils/db.server";
import { findOrganizationByHost, type Organization } from "~/modules/organizations/queries.server";
import { cacheDropOf } from "~/modules/events/events";
import { SEED_COOKIE } from "~/modules/proposals/queries.server";
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
import { startEventsDispatcher } from "./events-dispatcher.server";
import { startTallyBroadcaster, type TallyBroadcaster } from "./tally-broadcaster.server";
import { ballotWriterOf } from "~/modules/consultations/ballots.server";
import { unknownHostPage } from "./unknown-host";
import { PageCache } from "./page-cache.server";
import { createRemixHandler } from "./remix-handler.server";
import { logger } from "./log.server";
import { rememberRouteMatches } from "./route-matching.server";
import {
  askPrimaryForMetrics,
  createRouteNamer,
  httpDuration,
  localMetrics,
  metricsHandler,
  registerSocketGauge,
} from "./metrics.server";

export type WebOptions = {
  env: Env;
  /** A worker of the cluster: connections come from the primary, sockets cross workers. */
  worker: boolean;
  /** The database gauges, when this process reads them (single process). */
  databaseMetrics?: Registry;
};

/** A request id from a trusted proxy (nginx's $request_id), else ours. */
const REQUEST_ID = /^[\w.-]{8,128}$/;
/** Answered by Express itself, not by a Remix route. */
const OWN_ROUTES = new Set(["/healthz", "/metrics"]);

export async function startWeb(options: WebOptions) {
  const { env } = options;
  const sql = getSql();
  const buildDir = process.env.MAQUETTE_BUILD_DIR;
  const buildPath = path.resolve(buildDir ?? "build", "remix/index.js");
  const assetsDir = buildDir ? path.resolve(buildDir, "public") : path.resolve("public/build");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  rememberRouteMatches();
  const routeOf = createRouteNamer(build.routes);
  const requestLog = logger();

  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY);
  // Every answer gets a request id, is timed by route pattern and logged (no URL, no personal data).
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const given = env.TRUST_PROXY ? req.headers["x-request-id"] : undefined;
    const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    res.once("close", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = req.path.startsWith("/build/") ? "/build/*" : OWN_ROUTES.has(req.path) ? req.path : routeOf(req.path);
      const status = res.statusCode;
      httpDuration.observe({ method: req.method, route, status: `${Math.floor(status / 100)}xx` }, seconds);
      requestLog.info(
        { reqId: id, method: req.method, route, status, ms: Math.round(seconds * 10_000) / 10, ...(res.writableFinished ? {} : { aborted: true }) },
        "request",
      );
    });
    next();
  });
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
  // Off without METRICS_TOKEN; a request without the token goes on to the 404 of any unknown page.
  app.get(
    "/metrics",
    metricsHandler(env.METRICS_TOKEN, options.worker ? askPrimaryForMetrics : () => localMetrics(options.databaseMetrics)),
  );

  app.use(compression());
  // Static files come first, whatever the organization, with the security headers of none.
  // Fingerprinted build output: cached for a year.
  app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y", index: false, setHeaders: staticSecurityHeaders }));
  // The other public files (favicon, map style and data): looked up only for their own paths, not
  // with a stat() of `public/<path>` for every page (2 % of a page's CPU).
  const publicFiles = express.static("public", { maxAge: "1h", index: false, setHeaders: staticSecurityHeaders });
  const publicEntries = new Set(fs.existsSync("public") ? fs.readdirSync("public").filter((name) => name !== "build") : []);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const first = req.path.split("/", 2)[1] ?? "";
    if (publicEntries.has(first)) publicFiles(req, res, next);
    else next();
  });

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
  const connections = trackConnections(server);
  const live: { tallies?: TallyBroadcaster } = {};
  const realtime = await createRealtimeServer(server, {
    redisUrl: env.REDIS_URL,
    pageCache,
    trustProxy: Boolean(env.TRUST_PROXY),
    clustered: options.worker,
    onJoin(socketId, data, scope) {
      if (scope.kind === "consultation") void live.tallies?.sendCurrent(socketId, data.organizationId, scope.id).catch((e) => logger().error({ err: e }, "tally on join failed"));
    },
  });
  // Live tallies: ballots committed by this process mark their consultation at once; the outbox's
  // events (ballots through another worker or instance, closes) mark it too. Room emits reach the
  // other workers and instances through the adapter.
  live.tallies = startTallyBroadcaster(sql, realtime.io);
  ballotWriterOf(sql).onCommitted = (done) => {
    for (const c of done) live.tallies?.markDirty(c.organizationId, [c.consultationId]);
  };
  registerSocketGauge(() => realtime.io.engine.clientsCount);
  // What commands recorded reaches the page cache (by scope, on every worker and instance) and the
  // sockets. Every worker runs a dispatcher; the outbox's claim makes one deliver each event.
  const events = startEventsDispatcher(sql, {
    deliver(event) {
      if (event.type === "consultation.ballot_cast" || event.type === "consultation.changed") live.tallies?.markDirty(event.organizationId, [event.payload.consultationId]);
      const drop = cacheDropOf(event);
      if (drop) pageCache?.drop(drop);
      realtime.emitEvent(event);
    },
  });

  return {
    build,
    server,
    /** A connection accepted by the primary, with the bytes it already read from it. */
    adopt(socket: net.Socket, head: Buffer) {
      server.emit("connection", socket);
      socket.unshift(head);
    },
    /** Stops taking requests, lets those in flight finish, closes sockets and the dispatcher. */
    async stop() {
      const drained = connections.drain();
      await events.stop();
      live.tallies?.stop();
      await realtime.close();
      await drained;
    },
  };
}

/**
 * The connections of a server, whether it accepted them or a primary handed them over (Node's own
 * `server.close()` waits only for those it accepted): drain() closes the idle ones at once, asks
 * the busy ones to close after their answer (`Connection: close`) and resolves when all are gone.
 */
export function trackConnections(server: http.Server) {
  const busy = new Map<net.Socket, number>();
  let draining = false;
  let done: (() => void) | undefined;
  const settle = () => {
    if (draining && busy.size === 0) done?.();
  };
  server.on("connection", (socket: net.Socket) => {
    busy.set(socket, 0);
    socket.once("close", () => {
      busy.delete(socket);
      settle();
    });
  });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    if (draining && !res.headersSent) res.setHeader("Connection", "close");
    res.once("close", () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (busy.has(socket)) busy.set(socket, left);
      if (draining && left === 0) socket.end();
    });
  });
  return {
    drain(): Promise<void> {
      draining = true;
      server.close(() => {});
      const finished = new Promise<void>((resolve) => (done = resolve));
      for (const [socket, requests] of busy) if (requests === 0) socket.destroy();
      settle();
      return finished;
    },
  };
}
