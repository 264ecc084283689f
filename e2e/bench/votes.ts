// npm run bench:votes — ballots over HTTP against the BUILT app on a fresh PostgreSQL, while 2,000
// socket.io clients watch the consultation's live tally.
// 1. Seeds an organization (answering on 127.0.0.1), a project in its vote phase, an open secret
//    consultation (one single-choice question, four options, results live) through the commands,
//    and N voters with sessions (BENCH_VOTERS, default 60,000), in bulk SQL.
// 2. Starts the built app (WEB_CONCURRENCY as given, else the app's default), connects the
//    watchers (BENCH_WATCHERS, default 2,000) to the room `consultation:<id>`.
// 3. For BENCH_SECONDS (default 30), BENCH_CONNECTIONS (default 64) keep-alive connections POST
//    ballots as the page's fetcher does (`.data`, a form body), each voter once. Per vote: the
//    latency to its acknowledgement. Per tracked watcher: the delay from a vote's acknowledgement
//    to the first tally message whose ballot count includes it (the k-th acknowledged vote is
//    included once a tally counts k ballots or more).
// 4. In the same run, the raw rate of bare single-row INSERTs over postgres.js (10 connections,
//    autocommit) on the same PostgreSQL, for BENCH_RAW_SECONDS (default 10).
// 5. Checks that the stored ballots are exactly the acknowledged ones (receipts → ballot ids).
// BENCH_PROFILE=<dir> writes a V8 CPU profile of the server (with WEB_CONCURRENCY=1).
// Last line: bench:votes ballots_per_s=<n> raw_inserts_per_s=<n> ratio=<n> vote_p99_ms=<n> tally_p99_ms=<n> lost=<n> doubled=<n>
import { execSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { io as connectClient, type Socket } from "socket.io-client";
import { migrate } from "../../db/migrate";
import { startEmbeddedPostgres } from "../../app/utils/embedded-db.server";
import { sessionCookieName } from "../../app/modules/auth/session.server";
import { memberActor } from "../../app/modules/auth/member-actor";
import { addOption, addQuestion, createConsultation, openConsultation } from "../../app/modules/consultations/commands.server";
import type { TallyMessage } from "../../app/modules/consultations/schema";
import type { Sql } from "../../app/utils/db.server";

const PORT = Number(process.env.BENCH_PORT ?? 3611);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RAW_SECONDS = Number(process.env.BENCH_RAW_SECONDS ?? 10);
const VOTERS = Number(process.env.BENCH_VOTERS ?? 60_000);
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 2_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const TRACKED = 50;
const BUILD_DIR = process.env.MAQUETTE_BUILD_DIR ?? "build";
const HOST = "127.0.0.1";

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);
const round = (n: number) => Math.round(n * 10) / 10;

async function seed(sql: Sql) {
  const [org] = await sql`insert into organizations (host, name) values (${HOST}, 'Banc d''essai') returning id`;
  const organizationId = Number(org!.id);
  const [official] = await sql`
    insert into users (organization_id, email, name, role, email_confirmed_at, terms_accepted_at)
    values (${organizationId}, 'elu@bench.example', 'Élu', 'official', now(), now()) returning id`;
  const [project] = await sql`
    insert into projects (organization_id, slug, title, body, body_html, kind, status, created_by, published_at)
    values (${organizationId}, 'budget-bench', 'Budget du banc d''essai', '{"type":"doc","content":[]}', '', 'urban', 'published', ${official!.id}, now())
    returning id`;
  const projectId = Number(project!.id);
  await sql`
    insert into project_phases (organization_id, project_id, kind, starts_on, ends_on)
    values (${organizationId}, ${projectId}, 'vote', (now() at time zone 'Europe/Paris')::date - 1, (now() at time zone 'Europe/Paris')::date + 30)`;
  const actor = memberActor(organizationId, Number(official!.id), { role: "official" });
  const value = <T>(r: { ok: true; value: T } | { ok: false; error: string }) => {
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  const consultationId = value(
    await createConsultation(sql, actor, {
      projectId,
      title: "Quel aménagement pour la place ?",
      description: "",
      opensAt: new Date(Date.now() - 60_000),
      closesAt: new Date(Date.now() + 86_400_000),
      eligibility: "members",
      minAge: null,
      secrecy: "secret",
      resultsVisibility: "live",
      allowChange: false,
    }),
  ).id;
  const questionId = value(await addQuestion(sql, actor, { consultationId, title: "Votre choix", description: "", method: "single" })).id;
  const optionIds: number[] = [];
  for (const label of ["Fontaine", "Jardin", "Kiosque", "Marché couvert"]) {
    optionIds.push(value(await addOption(sql, actor, { questionId, label, description: "", proposalId: null, cost: null })).id);
  }
  value(await openConsultation(sql, actor, { consultationId }));
  // Voters and their sessions, in bulk: token `<id>.<secret>`, the secret's SHA-256 stored.
  await sql`
    insert into users (organization_id, email, name, role, email_confirmed_at, terms_accepted_at)
    select ${organizationId}, 'v' || i || '@bench.example', 'Votant ' || i, 'citizen', now(), now() from generate_series(1, ${VOTERS}) i`;
  await sql`
    insert into sessions (id, organization_id, user_id, secret_hash, expires_at)
    select lpad(u.n::text, 20, 'v'), ${organizationId}, u.id, sha256(convert_to(lpad(u.n::text, 32, 's'), 'UTF8')), now() + interval '20 days'
    from (select id, row_number() over (order by id) as n from users where organization_id = ${organizationId} and role = 'citizen') u`;
  const tokens = Array.from({ length: VOTERS }, (_, i) => `${String(i + 1).padStart(20, "v")}.${String(i + 1).padStart(32, "s")}`);
  return { organizationId, projectId, consultationId, questionId, optionIds, tokens };
}

async function waitForHealth() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://${HOST}:${PORT}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the app did not become healthy");
}

/** One POST of a ballot as the page's fetcher sends it; resolves with the status and body. */
function post(agent: http.Agent, pathname: string, body: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: HOST,
        port: PORT,
        method: "POST",
        path: pathname,
        agent,
        headers: {
          host: `${HOST}:${PORT}`,
          origin: `http://${HOST}:${PORT}`,
          cookie,
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function main() {
  const dataDir = path.resolve(process.env.BENCH_DATA_DIR ?? ".data/bench-votes/postgres");
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({ dataDir, port: process.env.BENCH_PG_PORT ? Number(process.env.BENCH_PG_PORT) : undefined });
  const sql = postgres(pg.url, { max: 10, onnotice: () => {} }) as unknown as Sql;
  let app: ReturnType<typeof spawn> | undefined;
  const sockets: Socket[] = [];
  try {
    await migrate(sql);
    const started = Date.now();
    const s = await seed(sql);
    console.log(`seeded ${VOTERS} voters with sessions in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    if (!fs.existsSync(path.join(BUILD_DIR, "server/index.js"))) execSync("npm run build", { stdio: "inherit", env: { ...process.env, MAQUETTE_BUILD_DIR: BUILD_DIR } });
    app = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), path.join(BUILD_DIR, "server/index.js")], {
      env: {
        ...process.env,
        DATABASE_URL: pg.url,
        PORT: String(PORT),
        RATE_LIMIT: "false",
        NODE_ENV: "production",
        DEMO_SEED: "0",
        MAQUETTE_BUILD_DIR: BUILD_DIR,
        LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitForHealth();

    // The machine's HTTP capacity at this moment, for reading the figures: /healthz (one
    // `select 1`) at the same concurrency, before the load.
    const baseline = await autocannon({ url: `http://${HOST}:${PORT}/healthz`, connections: CONNECTIONS, duration: 5 });
    console.log(`baseline GET /healthz: ${Math.round(baseline.requests.average)} req/s, p99 ${baseline.latency.p99} ms`);

    // The watchers: anonymous visitors of the consultation page, in its room.
    const tracked: { counts: { at: number; ballots: number }[] }[] = [];
    let messages = 0;
    for (let i = 0; i < WATCHERS; i++) {
      const socket = connectClient(`http://${HOST}:${PORT}`, { transports: ["websocket"], reconnection: false, extraHeaders: { host: HOST } });
      sockets.push(socket);
      const mine = i < TRACKED ? { counts: [] as { at: number; ballots: number }[] } : null;
      if (mine) tracked.push(mine);
      socket.on("tally", (m: TallyMessage) => {
        messages++;
        if (mine) mine.counts.push({ at: performance.now(), ballots: m.tally.questions[0]?.ballots ?? 0 });
      });
      await new Promise<void>((resolve, reject) => {
        socket.on("connect", () => socket.emit("subscribe", { kind: "consultation", id: s.consultationId }, (a: { ok: boolean }) => (a.ok ? resolve() : reject(new Error("subscribe refused")))));
        socket.on("connect_error", reject);
      });
    }
    console.log(`${WATCHERS} watchers in the room`);

    // The ballots.
    const pathname = `/projects/budget-bench/consultations/${s.consultationId}.data`;
    const cookieName = sessionCookieName(true);
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const acks: { at: number; receipt: string }[] = [];
    const latencies: number[] = [];
    const refusals = new Map<string, number>();
    let next = 0;
    const stopAt = performance.now() + SECONDS * 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < stopAt && next < s.tokens.length) {
          const i = next++;
          const body = `intent=vote&q${s.questionId}=${s.optionIds[i % s.optionIds.length]}`;
          const sent = performance.now();
          try {
            const res = await post(agent, pathname, body, `${cookieName}=${s.tokens[i]}`);
            const at = performance.now();
            const receipt = /"([0-9A-HJKMNP-TV-Z]{24})"/.exec(res.body)?.[1];
            if (res.status === 200 && receipt) {
              acks.push({ at, receipt });
              latencies.push(at - sent);
            } else {
              const key = `${res.status} ${res.body.slice(0, 120)}`;
              refusals.set(key, (refusals.get(key) ?? 0) + 1);
            }
          } catch (error) {
            const key = `error ${(error as Error).message}`;
            refusals.set(key, (refusals.get(key) ?? 0) + 1);
          }
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    agent.destroy();
    // Let the last tallies arrive.
    await new Promise((r) => setTimeout(r, 1500));
    const ballotsPerS = acks.length / elapsed;
    latencies.sort((a, b) => a - b);
    for (const [key, n] of refusals) console.log(`not acknowledged ×${n}: ${key}`);

    // Propagation: the k-th acknowledged vote (by acknowledgement time) is included once a tally counts ≥ k.
    const ackTimes = acks.map((a) => a.at).sort((a, b) => a - b);
    const delays: number[] = [];
    for (const w of tracked) {
      let j = 0;
      for (let k = 0; k < ackTimes.length; k++) {
        while (j < w.counts.length && w.counts[j]!.ballots < k + 1) j++;
        if (j >= w.counts.length) break;
        delays.push(Math.max(0, w.counts[j]!.at - ackTimes[k]!));
      }
    }
    delays.sort((a, b) => a - b);
    const lastSeen = Math.min(...tracked.map((w) => w.counts.at(-1)?.ballots ?? 0));

    // Lost and doubled: the stored ballots are exactly the acknowledged receipts.
    const acked = new Set(acks.map((a) => crypto.createHash("sha256").update(`${a.receipt}:${s.questionId}`).digest("hex")));
    const stored = await sql`select encode(id, 'hex') as id from consultation_ballots where consultation_id = ${s.consultationId}`;
    const storedIds = new Set(stored.map((r) => String(r.id)));
    const lost = [...acked].filter((id) => !storedIds.has(id)).length;
    const doubled = stored.length - (acked.size - lost);
    const [parts] = await sql`select count(*) as n from consultation_participations where consultation_id = ${s.consultationId}`;

    // The raw rate of bare single-row inserts over postgres.js, same machine, same PostgreSQL.
    await sql`create table bench_raw (id bigint generated always as identity primary key, v integer not null)`;
    let raw = 0;
    const rawStop = performance.now() + RAW_SECONDS * 1000;
    const r0 = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, async (_, c) => {
        while (performance.now() < rawStop) {
          await sql`insert into bench_raw (v) values (${c})`;
          raw++;
        }
      }),
    );
    const rawPerS = raw / ((performance.now() - r0) / 1000);

    console.log(`\nballots: ${acks.length} acknowledged in ${elapsed.toFixed(1)} s over ${CONNECTIONS} connections (${round(ballotsPerS)}/s)`);
    console.log(`vote latency: p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms`);
    console.log(`tally propagation (${tracked.length} tracked watchers of ${WATCHERS}): p50 ${round(percentile(delays, 50))} ms, p99 ${round(percentile(delays, 99))} ms; ${messages} tally messages received in all; last tally seen by every tracked watcher: ${lastSeen} ballots`);
    console.log(`stored: ${stored.length} ballots, ${String(parts!.n)} participations; lost ${lost}, doubled ${doubled}`);
    console.log(`raw inserts: ${raw} in ${RAW_SECONDS} s (${Math.round(rawPerS)}/s)`);
    console.log(
      `bench:votes ballots_per_s=${Math.round(ballotsPerS)} raw_inserts_per_s=${Math.round(rawPerS)} ratio=${(ballotsPerS / rawPerS).toFixed(2)} vote_p99_ms=${Math.round(percentile(latencies, 99))} tally_p99_ms=${Math.round(percentile(delays, 99))} lost=${lost} doubled=${doubled}`,
    );
  } finally {
    sockets.forEach((s) => s.close());
    app?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    await sql.end();
    await pg.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
