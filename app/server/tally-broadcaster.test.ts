// Live tallies over real sockets: a ballot's commit reaches a watcher of the consultation's room
// within the broadcaster's interval; results shown after the close send nothing before it, then
// the final tally; joining a room is decided by the policy; two servers sharing Redis carry a
// ballot written on one to a watcher of the other.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ballotWriterOf } from "~/modules/consultations/ballots.server";
import { castBallot, closeDueConsultations, rulesChanged } from "~/modules/consultations/commands.server";
import type { TallyMessage } from "~/modules/consultations/schema";
import { actorFor, createTestConsultation, createVoteProject } from "~/modules/consultations/testing.server";
import type { SubscribeAnswer } from "~/modules/events/events";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { createRealtimeServer } from "./realtime.server";
import { startTallyBroadcaster, type TallyBroadcaster } from "./tally-broadcaster.server";

type Instance = { server: http.Server; realtime: Awaited<ReturnType<typeof createRealtimeServer>>; tallies: TallyBroadcaster; port: number };
const instances: Instance[] = [];
const clients: Socket[] = [];

async function start(redisUrl?: string): Promise<Instance> {
  const server = http.createServer();
  const live: { tallies?: TallyBroadcaster } = {};
  const realtime = await createRealtimeServer(server, {
    redisUrl,
    log: () => {},
    onJoin: (socketId, data, scope) => {
      if (scope.kind === "consultation") void live.tallies?.sendCurrent(socketId, data.organizationId, scope.id);
    },
  });
  const tallies = (live.tallies = startTallyBroadcaster(sql, realtime.io, { intervalMs: 100 }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const instance = { server, realtime, tallies, port: (server.address() as AddressInfo).port };
  instances.push(instance);
  return instance;
}

async function watch(instance: Instance, host: string, consultationId: number) {
  const socket = connectClient(`http://127.0.0.1:${instance.port}`, { transports: ["websocket"], extraHeaders: { host }, reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.on("connect", () => resolve());
    socket.on("connect_error", reject);
  });
  const tallies: TallyMessage[] = [];
  socket.on("tally", (m) => tallies.push(m));
  const answer = await new Promise<SubscribeAnswer>((resolve) => socket.emit("subscribe", { kind: "consultation", id: consultationId }, resolve));
  return { socket, tallies, answer };
}

let org: Awaited<ReturnType<typeof createTestOrganization>>;
let official: ReturnType<typeof actorFor>;
let projectId: number;

beforeAll(async () => {
  org = await createTestOrganization();
  const o = await createTestUser(org.id, { role: "official" });
  official = actorFor(o);
  projectId = (await createVoteProject(org.id, o.id)).id;
});

afterAll(async () => {
  clients.forEach((c) => c.close());
  for (const i of instances) {
    i.tallies.stop();
    await i.realtime.close();
  }
  ballotWriterOf(sql).onCommitted = undefined;
  rulesChanged();
});

const single = { settings: { method: "single" as const }, options: [{ label: "A" }, { label: "B" }] };
const ballotsIn = (m: TallyMessage | undefined) => m?.tally.questions[0]?.ballots ?? -1;

describe("live tallies", () => {
  it("a watcher gets the current tally on joining, then each commit within the interval, one message per run", async () => {
    const instance = await start();
    ballotWriterOf(sql).onCommitted = (done) => done.forEach((c) => instance.tallies.markDirty(c.organizationId, [c.consultationId]));
    const c = await createTestConsultation(sql, official, projectId, { questions: [single] });
    const w = await watch(instance, org.host, c.id);
    expect(w.answer).toEqual({ ok: true });
    await expect.poll(() => w.tallies.length).toBe(1);
    expect(ballotsIn(w.tallies[0])).toBe(0);
    const voters = await Promise.all(Array.from({ length: 30 }, () => createTestUser(org.id)));
    const q = c.questions[0]!;
    await Promise.all(voters.map((v) => castBallot(sql, actorFor(v), { consultationId: c.id, answers: [{ questionId: q.id, method: "single", optionId: q.optionIds[0]! }] })));
    await expect.poll(() => ballotsIn(w.tallies.at(-1)), { timeout: 2_000 }).toBe(30);
    // 30 ballots, a handful of messages (one per broadcaster run), never one per ballot.
    expect(w.tallies.length).toBeLessThan(8);
    expect(w.tallies.at(-1)!.tally).toMatchObject({ consultationId: c.id, voters: 30, final: false });
  });

  it("results after the close: nothing in the socket before the close, the final tally after it", async () => {
    const instance = instances[0]!;
    const closesAt = new Date(Date.now() + 1_500);
    const c = await createTestConsultation(sql, official, projectId, { resultsVisibility: "after_close", closesAt, questions: [single] });
    const w = await watch(instance, org.host, c.id);
    expect(w.answer).toEqual({ ok: true });
    const received: unknown[] = [];
    w.socket.onAny((...args) => received.push(args));
    const q = c.questions[0]!;
    const voter = await createTestUser(org.id);
    expect(await castBallot(sql, actorFor(voter), { consultationId: c.id, answers: [{ questionId: q.id, method: "single", optionId: q.optionIds[1]! }] })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 400));
    expect(received).toEqual([]);
    expect(w.tallies).toEqual([]);
    await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() + 100 - Date.now())));
    expect(await closeDueConsultations(sql)).toContain(c.id);
    instance.tallies.markDirty(org.id, [c.id]);
    await expect.poll(() => w.tallies.length).toBe(1);
    expect(w.tallies[0]!.tally).toMatchObject({ final: true, voters: 1, questions: [{ ballots: 1, winners: [q.optionIds[1]] }] });
  });

  it("joining a draft's room, or another organization's, is refused", async () => {
    const instance = instances[0]!;
    const draft = await createTestConsultation(sql, official, projectId, { open: false, questions: [single] });
    expect((await watch(instance, org.host, draft.id)).answer).toEqual({ ok: false, error: "forbidden" });
    const open = await createTestConsultation(sql, official, projectId, { questions: [single] });
    const other = await createTestOrganization();
    expect((await watch(instance, other.host, open.id)).answer).toEqual({ ok: false, error: "forbidden" });
    expect((await watch(instance, org.host, open.id)).answer).toEqual({ ok: true });
  });

  it("two servers sharing Redis: a ballot committed by one reaches a watcher of the other", async () => {
    const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
    let a: Instance;
    let b: Instance;
    try {
      a = await start(url);
      b = await start(url);
    } catch {
      console.warn("no Redis on", url, ": skipped");
      return;
    }
    // The writer of this process tells server A only (as if the ballot came through A's HTTP).
    ballotWriterOf(sql).onCommitted = (done) => done.forEach((c) => a.tallies.markDirty(c.organizationId, [c.consultationId]));
    const c = await createTestConsultation(sql, official, projectId, { questions: [single] });
    const w = await watch(b, org.host, c.id);
    await expect.poll(() => w.tallies.length).toBe(1);
    const q = c.questions[0]!;
    const voter = await createTestUser(org.id);
    await castBallot(sql, actorFor(voter), { consultationId: c.id, answers: [{ questionId: q.id, method: "single", optionId: q.optionIds[0]! }] });
    await expect.poll(() => ballotsIn(w.tallies.at(-1)), { timeout: 3_000 }).toBe(1);
  });
});
