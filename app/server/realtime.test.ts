import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveMessage, SubscribeAnswer } from "~/modules/events/events";
import { createTestProject } from "~/modules/proposals/testing.server";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { PageCache } from "./page-cache.server";
import { createRealtimeServer } from "./realtime.server";

let server: http.Server;
let realtime: Awaited<ReturnType<typeof createRealtimeServer>>;
let port: number;
const clients: Socket[] = [];
const logged: string[] = [];

beforeAll(async () => {
  server = http.createServer();
  realtime = await createRealtimeServer(server, { log: (line) => logged.push(line) });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  clients.forEach((c) => c.close());
  await realtime.close();
});

function connect(host: string, cookie?: string, origin?: string, to = port) {
  const socket = connectClient(`http://127.0.0.1:${to}`, {
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

function subscribe(socket: Socket, scope: unknown): Promise<SubscribeAnswer> {
  return socket.timeout(3000).emitWithAck("subscribe", scope) as Promise<SubscribeAnswer>;
}

function messages(socket: Socket): LiveMessage[] {
  const received: LiveMessage[] = [];
  socket.on("event", (message: LiveMessage) => void received.push(message));
  return received;
}

describe("rooms joined on request", () => {
  it("refuses and logs a malformed subscribe, and keeps serving the socket", async () => {
    const org = await createTestOrganization();
    const socket = await connect(org.host);
    for (const bad of [null, "project:1", { kind: "project" }, { kind: "project", id: -1 }, { kind: "project", id: 1.5 }, { kind: "org", id: org.id }, { kind: "project", id: 1, extra: true }]) {
      logged.length = 0;
      await expect(subscribe(socket, bad)).resolves.toEqual({ ok: false, error: "malformed" });
      expect(logged.join("\n")).toMatch(/malformed subscribe refused/);
    }
    // Without an acknowledgement callback, or a huge payload, nothing crashes either.
    socket.emit("subscribe", { kind: "project", id: "x".repeat(10_000) });
    socket.emit("subscribe");
    const project = await createTestProject(org.id, (await createTestUser(org.id, { role: "official" })).id);
    await expect(subscribe(socket, { kind: "project", id: project.id })).resolves.toEqual({ ok: true });
    expect(socket.connected).toBe(true);
  });

  it("a project room only for a project the socket may see; a user room only for that user", async () => {
    const org = await createTestOrganization();
    const other = await createTestOrganization();
    const official = await createTestUser(org.id, { role: "official" });
    const citizen = await createTestUser(org.id);
    const published = await createTestProject(org.id, official.id);
    const draft = await createTestProject(org.id, official.id, { status: "draft" });
    const elsewhere = await createTestProject(other.id, (await createTestUser(other.id, { role: "official" })).id);
    const anonymous = await connect(org.host);
    const member = await connect(org.host, `maquette_session=${(await createTestSession(citizen)).token}`);
    const manager = await connect(org.host, `maquette_session=${(await createTestSession(official)).token}`);

    logged.length = 0;
    expect(await subscribe(anonymous, { kind: "project", id: published.id })).toEqual({ ok: true });
    expect(await subscribe(anonymous, { kind: "project", id: draft.id })).toEqual({ ok: false, error: "forbidden" });
    expect(await subscribe(anonymous, { kind: "project", id: elsewhere.id })).toEqual({ ok: false, error: "forbidden" });
    expect(await subscribe(member, { kind: "project", id: draft.id })).toEqual({ ok: false, error: "forbidden" });
    expect(await subscribe(manager, { kind: "project", id: draft.id })).toEqual({ ok: true });
    expect(await subscribe(anonymous, { kind: "user", id: citizen.id })).toEqual({ ok: false, error: "forbidden" });
    expect(await subscribe(manager, { kind: "user", id: citizen.id })).toEqual({ ok: false, error: "forbidden" });
    expect(await subscribe(member, { kind: "user", id: citizen.id })).toEqual({ ok: true });
    expect(logged.filter((l) => /refused/.test(l))).toHaveLength(5);
    expect(logged.join("\n")).toContain(`subscribe to project:${draft.id} refused`);

    // Events reach the rooms' members only.
    const toAnonymous = messages(anonymous);
    const toMember = messages(member);
    const toManager = messages(manager);
    realtime.emitEvent({ type: "proposal.supported", organizationId: org.id, projectId: published.id, payload: { proposalId: 4, supportsCount: 2 } });
    realtime.emitEvent({ type: "debate.opened", organizationId: org.id, projectId: draft.id, payload: { debateId: 9 } });
    realtime.emitEvent({ type: "notification.created", organizationId: org.id, projectId: null, userIds: [citizen.id], payload: {} });
    await expect.poll(() => toManager.length).toBe(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(toAnonymous).toEqual([{ type: "proposal.supported", scope: { organizationId: org.id, projectId: published.id }, proposalId: 4, supportsCount: 2 }]);
    expect(toMember.map((m) => m.type)).toEqual(["notification.created"]);
    expect(toManager.map((m) => m.type)).toEqual(["debate.opened"]);
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
      // A project's drop too, by scope.
      a.pageCache.drop({ organizationId: org, projectSlug: "parc" });
      await expect.poll(() => b.pageCache.stamp(org, "project:parc"), { timeout: 3000 }).toBe(`${heard + 1}:1`);
      expect(b.pageCache.stamp(org, "project:place")).toBe(`${heard + 1}:0`);
    } finally {
      await Promise.all(instances.map((i) => i.rt.close()));
    }
  });

  it("an event delivered by one instance reaches the sockets of the other", async () => {
    const instances = await Promise.all(
      [0, 1].map(async () => {
        const httpServer = http.createServer();
        const rt = await createRealtimeServer(httpServer, { redisUrl });
        await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
        return { httpServer, rt, port: (httpServer.address() as AddressInfo).port };
      }),
    );
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    try {
      const org = await createTestOrganization();
      const project = await createTestProject(org.id, (await createTestUser(org.id, { role: "official" })).id);
      const onA = await connect(org.host, undefined, undefined, a.port);
      const onB = await connect(org.host, undefined, undefined, b.port);
      expect(await subscribe(onA, { kind: "project", id: project.id })).toEqual({ ok: true });
      expect(await subscribe(onB, { kind: "project", id: project.id })).toEqual({ ok: true });
      const toA = messages(onA);
      const toB = messages(onB);
      // The adapters subscribe in the background after start-up: emit until B's socket hears one.
      for (let i = 0; i < 50 && toB.length === 0; i++) {
        a.rt.emitEvent({ type: "proposal.created", organizationId: org.id, projectId: project.id, payload: { proposalId: i + 1 } });
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(toB.length).toBeGreaterThan(0);
      const seenA = toA.length;
      const seenB = toB.length;
      // And the other way round: B delivers, A's socket gets it, once each.
      b.rt.emitEvent({ type: "debate.closed", organizationId: org.id, projectId: project.id, payload: { debateId: 3 } });
      await expect.poll(() => toA.length, { timeout: 3000 }).toBe(seenA + 1);
      await expect.poll(() => toB.length, { timeout: 3000 }).toBe(seenB + 1);
      expect(toA.at(-1)).toEqual({ type: "debate.closed", scope: { organizationId: org.id, projectId: project.id }, debateId: 3 });
    } finally {
      await Promise.all(instances.map((i) => i.rt.close()));
    }
  });
});
