// Prometheus metrics (prom-client), served at GET /metrics only when METRICS_TOKEN is set and the
// scraper sends it as a Bearer token; otherwise /metrics is a 404 like any unknown page.
// - HTTP: request latency histograms by method, route pattern (`/projects/:slug`, never the URL
//   itself) and status class; recorded in every worker, summed across workers by the primary.
// - socket.io: sockets connected (each worker counts its own; summed).
// - database (read where the jobs run, the primary or the single process): the events outbox's
//   lag (age of the oldest undelivered event) and size, the mail outbox's backlog, the app's
//   connections by state (pg_stat_activity, application_name 'maquette') and the pools' size.
import cluster from "node:cluster";
import { timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import client, { AggregatorRegistry, Registry } from "prom-client";
import type { ServerBuild } from "@remix-run/node";
import type { Sql } from "~/utils/db.server";

export const METRICS_CONTENT_TYPE = client.register.contentType;

type Pattern = { pattern: string; segments: string[]; score: number };

/**
 * Names the route pattern a path is answered by, from the Remix build's routes: `/projects/:slug`
 * for `/projects/jardin`. Remembered per path (paths repeat), so a request costs a map lookup.
 */
export function createRouteNamer(routes: ServerBuild["routes"], maxRemembered = 5000) {
  const fullPath = (id: string): string => {
    const route = routes[id];
    if (!route) return "";
    const parent = route.parentId ? fullPath(route.parentId) : "";
    return route.path ? `${parent}/${route.path}`.replace(/\/+/g, "/") : parent;
  };
  const patterns: Pattern[] = [];
  for (const id of Object.keys(routes)) {
    const route = routes[id]!;
    if (!route.path && !route.index) continue;
    const pattern = fullPath(id) || "/";
    const segments = pattern.split("/").filter(Boolean);
    // Static segments first, then parameters, splats last (as the router ranks them).
    const score = segments.reduce((n, s) => n + (s === "*" ? 1 : s.startsWith(":") ? 3 : 10), 0) + (route.index ? 2 : 0);
    patterns.push({ pattern, segments, score });
  }
  patterns.sort((a, b) => b.score - a.score || b.segments.length - a.segments.length);
  const matches = (p: Pattern, parts: string[]): boolean => {
    for (let i = 0; i < p.segments.length; i++) {
      const seg = p.segments[i]!;
      if (seg === "*") return true;
      const part = parts[i];
      if (part === undefined) return seg.endsWith("?");
      if (seg.startsWith(":")) continue;
      if (seg.replace(/\?$/, "").toLowerCase() !== part.toLowerCase()) return false;
    }
    return parts.length === p.segments.length;
  };
  const remembered = new Map<string, string>();
  return (pathname: string): string => {
    const known = remembered.get(pathname);
    if (known) return known;
    const path = pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
    const parts = path.split("/").filter(Boolean);
    const found = patterns.find((p) => matches(p, parts))?.pattern ?? "unmatched";
    if (remembered.size >= maxRemembered) remembered.clear();
    remembered.set(pathname, found);
    return found;
  };
}

export const httpDuration = new client.Histogram({
  name: "maquette_http_request_duration_seconds",
  help: "Time to answer an HTTP request, by method, route pattern and status class",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/** Registers the gauge of connected sockets of this process. */
export function registerSocketGauge(count: () => number) {
  new client.Gauge({
    name: "maquette_sockets_connected",
    help: "socket.io clients connected",
    collect() {
      this.set(count());
    },
  });
}

/** The gauges read from the database, on a registry of their own (one reader per host). */
export function databaseRegistry(sql: Sql, poolMax: number): Registry {
  const registry = new Registry();
  // One scrape, one round of queries, whichever gauge asks first.
  let reading: Promise<void> | null = null;
  const read = (): Promise<void> =>
    (reading ??= (async () => {
      try {
        const [events] = await sql`
          select count(*)::int as pending, coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as lag
          from events where delivered_at is null`;
        const [mails] = await sql`select count(*)::int as backlog from mail_outbox where sent_at is null`;
        const states = await sql`
          select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
          where application_name = 'maquette' and datname = current_database() group by 1`;
        lag.set(Number(events?.lag ?? 0));
        pending.set(Number(events?.pending ?? 0));
        mail.set(Number(mails?.backlog ?? 0));
        connections.reset();
        for (const row of states) connections.set({ state: String(row.state) }, Number(row.n));
      } finally {
        setTimeout(() => (reading = null), 500).unref();
      }
    })());
  const connections = new client.Gauge({
    name: "maquette_db_connections",
    help: "Connections of the app's pools to PostgreSQL (every process of every instance), by state",
    labelNames: ["state"] as const,
    registers: [registry],
    collect: read,
  });
  new client.Gauge({
    name: "maquette_db_pool_max",
    help: "Connections this instance's pools may open (DATABASE_POOL_SIZE x processes)",
    registers: [registry],
    collect() {
      this.set(poolMax);
    },
  });
  const lag = new client.Gauge({
    name: "maquette_events_outbox_lag_seconds",
    help: "Age of the oldest event not yet delivered to the sockets and page caches (0 when none waits)",
    registers: [registry],
    collect: read,
  });
  const pending = new client.Gauge({ name: "maquette_events_outbox_pending", help: "Events not yet delivered", registers: [registry], collect: read });
  const mail = new client.Gauge({ name: "maquette_mail_outbox_backlog", help: "Mails not yet sent", registers: [registry], collect: read });
  return registry;
}

/** Whether the request carries the metrics token (constant-time comparison). */
export function hasMetricsToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * GET /metrics: 404 without METRICS_TOKEN or without the right Bearer token (the same answer:
 * nothing tells a prober the endpoint exists). In a worker, the primary gathers every worker's.
 */
export function metricsHandler(token: string | undefined, gather: () => Promise<string>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!token || !hasMetricsToken(req.headers.authorization, token)) return next();
    try {
      const text = await gather();
      res.status(200).set("Cache-Control", "no-store").type(METRICS_CONTENT_TYPE).send(text);
    } catch (error) {
      next(error);
    }
  };
}

/** The metrics of this process alone, with the database's when it reads them. */
export async function localMetrics(database?: Registry): Promise<string> {
  const own = await client.register.metrics();
  return database ? `${own}\n${await database.metrics()}` : own;
}

/** In the primary: every worker's metrics summed (prom-client's aggregator), then the database's. */
export function clusterMetricsGatherer(database: Registry) {
  const aggregator = new AggregatorRegistry();
  return async () => `${await aggregator.clusterMetrics()}\n${await database.metrics()}`;
}

let asked = 0;
const waiting = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();

/** In a worker: asks the primary for the cluster's metrics. */
export function askPrimaryForMetrics(): Promise<string> {
  if (!cluster.isWorker || !process.send) return Promise.reject(new Error("not a worker"));
  const id = ++asked;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error("the primary did not answer for the metrics"));
    }, 10_000);
    waiting.set(id, {
      resolve: (text) => {
        clearTimeout(timer);
        resolve(text);
      },
      reject,
    });
    process.send!({ type: "maquette:metrics", id });
  });
}

/** In a worker: the primary's answers to askPrimaryForMetrics. */
export function onMetricsAnswer(message: { id?: unknown; text?: unknown; error?: unknown }) {
  const pending = waiting.get(Number(message.id));
  if (!pending) return;
  waiting.delete(Number(message.id));
  if (typeof message.text === "string") pending.resolve(message.text);
  else pending.reject(new Error(String(message.error ?? "no metrics")));
}

/** Starts default process metrics (CPU, memory, event loop lag) for this process. */
export function collectProcessMetrics() {
  client.collectDefaultMetrics({ prefix: "maquette_" });
  // In a worker: answer the primary's aggregator with this process's registry (prom-client starts
  // listening for its requests when an AggregatorRegistry is made).
  if (cluster.isWorker) {
    AggregatorRegistry.setRegistries([client.register]);
    void new AggregatorRegistry();
  }
}
