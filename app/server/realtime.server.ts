// socket.io on the same HTTP server: sockets are authenticated with the session cookie of the
// request's organization, and join only the rooms the server allows: `org:<id>` at connection,
// `project:<id>` (a project they may see) and `user:<id>` (their own) when they ask with
// `subscribe`. Events from the dispatcher go to those rooms (ids only; pages reload through their
// loaders). Redis adapter when REDIS_URL is set: room emits and page-cache drops reach every instance
// (and every worker); without it, the workers of one instance share them through the primary
// (@socket.io/cluster-adapter), which routes each polling request to the worker holding its session.
import type http from "node:http";
import { Server, type Socket } from "socket.io";
import { findOrganizationByHost } from "~/modules/organizations/queries.server";
import { readCookie, sessionCookieName, validateSessionToken, type SessionUser } from "~/modules/auth/session.server";
import {
  messageOf,
  roomsOf,
  SubscribeSchema,
  type ClientToServerEvents,
  type DomainEvent,
  type LiveScope,
  type ServerToClientEvents,
  type SubscribeAnswer,
} from "~/modules/events/events";
import { actorOf } from "~/modules/auth/actor";
import { ballotRules, stateOfRules } from "~/modules/consultations/commands.server";
import { decide as decideConsultation } from "~/modules/consultations/policy";
import { can } from "~/modules/permissions/permissions";
import { findProject } from "~/modules/projects/queries.server";
import { sql } from "~/utils/db.server";
import type { PageCache, PageDrop } from "./page-cache.server";
import { isOriginOf } from "./security.server";

export type SocketData = { organizationId: number; user: SessionUser | null };

/** What the instances tell each other through the Redis adapter. */
type ServerSideEvents = { "page-cache:drop": (drop: PageDrop) => void };

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

/** Whether this socket may join the room of a scope: its own user room; a project it may see (published, or it manages projects). */
export async function maySubscribe(data: SocketData, scope: LiveScope): Promise<boolean> {
  if (scope.kind === "user") return data.user != null && data.user.id === scope.id;
  if (scope.kind === "consultation") {
    // The consultations' policy: a consultation seen by this socket's member (or visitor).
    const rules = await ballotRules(sql, data.organizationId, scope.id);
    if (!rules) return false;
    return decideConsultation(actorOf(data.organizationId, data.user), "see", {
      project: { status: rules.projectStatus, currentPhase: null, actorBlocked: false },
      consultation: { state: stateOfRules(rules), eligibility: rules.eligibility, minAge: rules.minAge, resultsVisibility: rules.resultsVisibility, resultsPublishedAt: rules.resultsPublishedAt },
      today: rules.today,
    }).allowed;
  }
  // The moderators' room of their own organization (the role read with the socket's session).
  if (scope.kind === "moderation") return scope.id === data.organizationId && can(data.user, "moderation.access", { organizationId: data.organizationId });
  return (await findProject(sql, data.organizationId, scope.id, data.user)) != null;
}

function isDrop(value: unknown): value is PageDrop {
  const drop = value as PageDrop;
  return (
    typeof drop === "object" &&
    drop !== null &&
    Number.isInteger(drop.organizationId) &&
    (drop.projectSlug === null || typeof drop.projectSlug === "string")
  );
}

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

export async function createRealtimeServer(
  httpServer: http.Server,
  options: {
    redisUrl?: string;
    pageCache?: PageCache;
    trustProxy?: boolean;
    clustered?: boolean;
    log?: (line: string) => void;
    /** A socket joined a room (the tally broadcaster sends it the current tally). */
    onJoin?: (socketId: string, data: SocketData, scope: LiveScope) => void;
  },
) {
  const log = options.log ?? ((line: string) => console.warn(`[realtime] ${line}`));
  const io = new Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>(httpServer, {
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
    closeRedis = async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    };
  } else if (options.clustered) {
    const { createAdapter } = await import("@socket.io/cluster-adapter");
    io.adapter(createAdapter());
  }
  const cache = options.pageCache;
  if (cache && (options.redisUrl || options.clustered)) {
    // A drop in one process (an event it delivered, a write) drops the same pages in all of them.
    cache.onInvalidate((drop) => io.serverSideEmit("page-cache:drop", drop));
    io.on("page-cache:drop", (drop) => {
      if (isDrop(drop)) cache.drop(drop, { broadcast: false });
    });
  }
  if (options.clustered && process.send) {
    // Each polling request on a connection of its own, so that the primary routes it by its session.
    httpServer.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.url?.startsWith("/socket.io/")) res.setHeader("Connection", "close");
    });
    // The primary routes a session's polling requests to the worker that holds it.
    const tell = (message: { type: "maquette:sid"; sid: string; open: boolean }) => process.send?.(message, undefined, {}, () => {});
    io.engine.on("connection", (engineSocket: { id: string; once: (event: "close", listener: () => void) => void }) => {
      tell({ type: "maquette:sid", sid: engineSocket.id, open: true });
      engineSocket.once("close", () => tell({ type: "maquette:sid", sid: engineSocket.id, open: false }));
    });
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
  io.on("connection", (socket: LiveSocket) => {
    const data = socket.data;
    void socket.join(`org:${data.organizationId}`);
    const who = `socket ${socket.id} (organization ${data.organizationId}, ${data.user ? `user ${data.user.id}` : "anonymous"})`;
    // A malformed or forbidden request is logged and answered no; it never throws out of here.
    socket.on("subscribe", async (payload, answer) => {
      const reply = (result: SubscribeAnswer) => {
        if (typeof answer === "function") answer(result);
      };
      try {
        const scope = SubscribeSchema.safeParse(payload);
        if (!scope.success) {
          log(`${who}: malformed subscribe refused`);
          return reply({ ok: false, error: "malformed" });
        }
        if (!(await maySubscribe(data, scope.data))) {
          log(`${who}: subscribe to ${scope.data.kind}:${scope.data.id} refused`);
          return reply({ ok: false, error: "forbidden" });
        }
        await socket.join(`${scope.data.kind}:${scope.data.id}`);
        reply({ ok: true });
        options.onJoin?.(socket.id, data, scope.data);
      } catch (error) {
        log(`${who}: subscribe failed: ${(error as Error).message}`);
        reply({ ok: false, error: "forbidden" });
      }
    });
    socket.on("unsubscribe", (payload) => {
      const scope = SubscribeSchema.safeParse(payload);
      if (scope.success) void socket.leave(`${scope.data.kind}:${scope.data.id}`);
    });
  });
  return {
    io,
    /** Sends an event to its rooms, on every instance (the adapter carries it). */
    emitEvent(event: DomainEvent) {
      const rooms = roomsOf(event);
      if (rooms.length > 0) io.to(rooms).emit("event", messageOf(event));
    },
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeRedis?.();
    },
  };
}
