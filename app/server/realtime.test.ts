import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { PageCache } from "./page-cache.server";
import { createRealtimeServer } from "./realtime.server";

let server: http.Server;
let realtime: Awaited<ReturnType<typeof createRealtimeServer>>;
let port: number;
const clients: Socket[] = [];

beforeAll(async () => {
  server = http.createServer();
  realtime = await createRealtimeServer(server, {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  clients.forEach((c) => c.close());
  await realtime.close();
});

function connect(host: string, cookie?: string, origin?: string) {
  const socket = connectClient(`http://127.0.0.1:${port}`, {
    transports: ["websocket"],
    extraHeaders: { host, ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
    reconnection: false,
  });
  clients.push(socket);
  return new Promise<Socket>((resolve, reject) => {
    socket.on("connect", () => resolve(socket));
    socket.on("connect_error", reject);
  });
}

describe("realtime", () => {
  it("accepts a handshake from its own origin only: scheme, host and port", async () => {
    const org = await createTestOrganization();
    await expect(connect(org.host, undefined, `http://${org.host}`)).resolves.toBeTruthy();
    await expect(connect(org.host, undefined, `https://${org.host}`)).rejects.toThrow();
    await expect(connect(org.host, undefined, `http://${org.host}:8443`)).rejects.toThrow();
    await expect(connect(org.host, undefined, "http://evil.example")).rejects.toThrow();
  });

  it("puts sockets in their organization's room only, and knows the logged-in user", async () => {
    const a = await createTestOrganization();
    const b = await createTestOrganization();
    const user = await createTestUser(a.id, { name: "Ada" });
    const { token } = await createTestSession(user);
    const socketA = await connect(a.host, `maquette_session=${token}`);
    const socketB = await connect(b.host);

    const server = [...realtime.io.of("/").sockets.values()];
    const serverA = server.find((s) => s.id === socketA.id)!;
    expect(serverA.data).toMatchObject({ organizationId: a.id, user: { id: user.id, name: "Ada" } });
    expect(server.find((s) => s.id === socketB.id)!.data).toMatchObject({ organizationId: b.id, user: null });

    const received: string[] = [];
    socketA.on("ping-test" as never, () => {
      received.push("a");
    });
    socketB.on("ping-test" as never, () => {
      received.push("b");
    });
    (realtime.io.to(`org:${a.id}`) as unknown as { emit: (e: string) => void }).emit("ping-test");
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toEqual(["a"]);
  });

  it("ignores a session cookie of another organization", async () => {
    const a = await createTestOrganization();
    const b = await createTestOrganization();
    const user = await createTestUser(a.id);
    const { token } = await createTestSession(user);
    const socket = await connect(b.host, `maquette_session=${token}`);
    const serverSocket = [...realtime.io.of("/").sockets.values()].find((s) => s.id === socket.id)!;
    expect(serverSocket.data).toMatchObject({ organizationId: b.id, user: null });
  });

  it("refuses a host that no organization answers on", async () => {
    await expect(connect("inconnu.example")).rejects.toThrow(/unknown organization/);
  });
});

describe("page cache across instances (Redis adapter)", () => {
  // The machine's Redis (CI has one on 127.0.0.1:6379); TEST_REDIS_URL points elsewhere.
  const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

  it("drops an organization's pages on every instance when one of them sees a write", async () => {
    const instances = await Promise.all(
      [0, 1].map(async () => {
        const httpServer = http.createServer();
        const pageCache = new PageCache({ ttlMs: 60_000 });
        const rt = await createRealtimeServer(httpServer, { redisUrl, pageCache });
        return { httpServer, pageCache, rt };
      }),
    );
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    try {
      const org = 900_000 + Math.floor(Math.random() * 100_000);
      // The adapters subscribe in the background after start-up: write until B hears of it.
      let writes = 0;
      while (b.pageCache.generation(org) === 0 && writes < 50) {
        a.pageCache.invalidate(org);
        writes++;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(b.pageCache.generation(org)).toBeGreaterThan(0);
      // Now that both listen, each write on A reaches B once.
      const heard = b.pageCache.generation(org);
      a.pageCache.invalidate(org);
      await expect.poll(() => b.pageCache.generation(org), { timeout: 3000 }).toBe(heard + 1);
      // Told by another instance, B does not tell it back: A counts its own writes only.
      await new Promise((r) => setTimeout(r, 200));
      expect(a.pageCache.generation(org)).toBe(writes + 1);
      expect(b.pageCache.generation(org + 1)).toBe(0);
    } finally {
      await Promise.all(instances.map((i) => i.rt.close()));
    }
  });
});
