// socket.io on the same HTTP server: sockets are authenticated with the session cookie of the
// request's organization, and join only the rooms the server allows. Redis adapter when REDIS_URL is set.
import type http from "node:http";
import { Server, type Socket } from "socket.io";
import { findOrganizationByHost } from "~/modules/organizations/queries.server";
import { readCookie, sessionCookieName, validateSessionToken, type SessionUser } from "~/modules/auth/session.server";
import { sql } from "~/utils/db.server";
import type { PageCache } from "./page-cache.server";
import { isOriginOf } from "./security.server";

export type SocketData = { organizationId: number; user: SessionUser | null };

/** What the instances tell each other through the Redis adapter. */
type ServerSideEvents = { "page-cache:invalidate": (organizationId: number) => void };

/**
 * The origin a handshake was made to: http (TLS ends before this server) and the Host header, or
 * the forwarded scheme and host when the proxy is trusted (TRUST_PROXY).
 */
export function handshakeOrigin(headers: http.IncomingHttpHeaders, trustProxy: boolean): string {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim() || undefined;
  const proto = (trustProxy && first(headers["x-forwarded-proto"])) || "http";
  const host = (trustProxy && first(headers["x-forwarded-host"])) || first(headers.host) || "";
  return `${proto}://${host}`;
}

export async function createRealtimeServer(httpServer: http.Server, options: { redisUrl?: string; pageCache?: PageCache; trustProxy?: boolean }) {
  const io = new Server<Record<string, never>, Record<string, never>, ServerSideEvents, SocketData>(httpServer, {
    transports: ["websocket", "polling"],
    serveClient: false,
    allowRequest: (req, callback) => {
      // Same-origin only (scheme, host and port), like every other write. Browsers always send
      // Origin with a websocket or a cross-origin request; a client without one is no browser.
      const origin = req.headers.origin;
      if (!origin) return callback(null, true);
      callback(null, isOriginOf(origin, handshakeOrigin(req.headers, options.trustProxy ?? false)));
    },
  });
  let closeRedis: (() => Promise<void>) | undefined;
  if (options.redisUrl) {
    const { createClient } = await import("redis");
    const { createAdapter } = await import("@socket.io/redis-adapter");
    const pub = createClient({ url: options.redisUrl });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    const cache = options.pageCache;
    if (cache) {
      // A write on one instance drops the organization's cached pages on all of them.
      cache.onInvalidate((organizationId) => io.serverSideEmit("page-cache:invalidate", organizationId));
      io.on("page-cache:invalidate", (organizationId) => {
        if (Number.isInteger(organizationId)) cache.invalidate(organizationId, { broadcast: false });
      });
    }
    closeRedis = async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    };
  }
  io.use(async (socket: Socket, next) => {
    try {
      const org = await findOrganizationByHost(String(socket.handshake.headers.host ?? ""));
      if (!org) return next(new Error("unknown organization"));
      const cookie = socket.handshake.headers.cookie;
      const token = readCookie(cookie, sessionCookieName(true)) ?? readCookie(cookie, sessionCookieName(false));
      const auth = token ? await validateSessionToken(sql, token, org.id) : null;
      socket.data = { organizationId: org.id, user: auth?.user ?? null };
      next();
    } catch (error) {
      next(error as Error);
    }
  });
  io.on("connection", (socket) => {
    const data = socket.data as SocketData;
    void socket.join(`org:${data.organizationId}`);
  });
  return {
    io,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeRedis?.();
    },
  };
}
