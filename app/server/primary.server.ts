// The primary of the cluster (WEB_CONCURRENCY > 1): it owns the port, the embedded PostgreSQL, the
// migrations, the mail worker and the periodic jobs, and forks the workers that serve HTTP.
// - Connections: the primary accepts each one, reads its first bytes and hands the socket over to a
//   worker (round robin over the workers that said they are ready). A socket.io polling request
//   naming a session (`sid=`) goes to the worker holding it; socket.io answers polling requests
//   with `Connection: close`, so each poll is routed again. Keep-alive stays on for pages.
//   (@socket.io/sticky does the same routing but turns keep-alive off for every answer, relays
//   every request with a body through the primary, and may route to a worker still starting.)
// - A worker that dies is replaced; ten deaths within a minute stop the instance (a broken build or
//   configuration: systemd then says so and retries).
// - SIGTERM / SIGINT: stop accepting, tell every worker to finish its requests and exit, then stop
//   the background work, the pool and the embedded PostgreSQL.
import cluster, { type Worker } from "node:cluster";
import net from "node:net";
import { setupPrimary as setupClusterAdapter } from "@socket.io/cluster-adapter";

export type PrimaryOptions = {
  workers: number;
  port: number;
  host: string;
  /** Socket rooms shared through Redis (REDIS_URL): no cluster adapter needed. */
  redis: boolean;
  log: (line: string) => void;
  /** The cluster's metrics (asked by a worker serving /metrics). */
  metrics: () => Promise<string>;
};

type Message = { type?: unknown; [key: string]: unknown };

const SID = /[?&]sid=([\w-]{20})(?:[&\s]|$)/;
const STARTS_WITHIN_MS = 60_000;

export async function runPrimary(options: PrimaryOptions) {
  const { log } = options;
  cluster.setupPrimary({ serialization: "advanced" });
  if (!options.redis) setupClusterAdapter();

  const ready: Worker[] = [];
  const sessions = new Map<string, Worker>();
  let next = 0;
  let stopping = false;
  const deaths: number[] = [];
  let onAllReady: (() => void) | undefined;
  let failStart: ((error: Error) => void) | undefined;

  const pick = (head: string): Worker | undefined => {
    const firstLine = head.slice(0, head.indexOf("\r\n") >>> 0);
    const sid = firstLine.includes("/socket.io/") ? SID.exec(firstLine)?.[1] : undefined;
    const owner = sid ? sessions.get(sid) : undefined;
    if (owner && ready.includes(owner)) return owner;
    if (ready.length === 0) return undefined;
    next = (next + 1) % ready.length;
    return ready[next];
  };

  const fork = () => {
    const worker = cluster.fork();
    worker.on("message", (message: Message) => {
      switch (message?.type) {
        case "maquette:ready":
          if (!ready.includes(worker)) ready.push(worker);
          if (ready.length >= options.workers) onAllReady?.();
          break;
        case "maquette:sid":
          if (typeof message.sid !== "string") break;
          if (message.open) sessions.set(message.sid, worker);
          else if (sessions.get(message.sid) === worker) sessions.delete(message.sid);
          break;
        case "maquette:metrics":
          options
            .metrics()
            .then((text) => worker.send({ type: "maquette:metrics", id: message.id, text }))
            .catch((error: Error) => worker.send({ type: "maquette:metrics", id: message.id, error: error.message }));
          break;
      }
    });
    return worker;
  };

  cluster.on("exit", (worker, code, signal) => {
    const at = ready.indexOf(worker);
    if (at >= 0) ready.splice(at, 1);
    for (const [sid, owner] of sessions) if (owner === worker) sessions.delete(sid);
    if (stopping) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0]! < now - 60_000) deaths.shift();
    if (deaths.length >= 10) {
      failStart?.(new Error(`workers died ${deaths.length} times while starting`));
      void shutdown(`workers died ${deaths.length} times within a minute`, 1);
      return;
    }
    log(`worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`);
    fork();
  });

  const allReady = new Promise<void>((resolve, reject) => {
    onAllReady = resolve;
    failStart = reject;
    setTimeout(() => reject(new Error(`the workers were not ready within ${STARTS_WITHIN_MS / 1000} s`)), STARTS_WITHIN_MS).unref();
  });
  for (let i = 0; i < options.workers; i++) fork();
  await allReady;
  failStart = undefined;

  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    socket.on("error", () => socket.destroy());
    // A client that connects and says nothing is not kept waiting forever.
    socket.setTimeout(30_000, () => socket.destroy());
    socket.once("data", (head: Buffer) => {
      // Read nothing more: the rest of the request stays in the kernel for the worker.
      socket.pause();
      (socket as net.Socket & { _handle?: { readStop?: () => void } })._handle?.readStop?.();
      const worker = pick(head.toString("latin1", 0, Math.min(head.length, 2048)));
      if (!worker) {
        socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\nRetry-After: 1\r\n\r\n");
        return;
      }
      socket.setTimeout(0);
      worker.send({ type: "maquette:connection", head }, socket, { keepOpen: false }, (error) => {
        if (error) socket.destroy();
      });
    });
    socket.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;

  let finished: ((code: number) => void) | undefined;
  const done = new Promise<number>((resolve) => (finished = resolve));
  async function shutdown(reason: string, code = 0) {
    if (stopping) return;
    stopping = true;
    if (code !== 0) log(`${reason}: stopping the workers`);
    server.close();
    const exits = Object.values(cluster.workers ?? {}).map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (!worker || worker.isDead()) return resolve();
          worker.once("exit", () => resolve());
          worker.send({ type: "maquette:drain" }, undefined, {}, () => {});
        }),
    );
    const late = setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
    }, 14_000);
    late.unref();
    await Promise.all(exits);
    clearTimeout(late);
    finished?.(code);
  }

  return {
    port,
    /** Resolves with the exit code once every worker has stopped. */
    done,
    shutdown,
  };
}
