// A crash under vote load: the built app (one process, on a database of its own) takes ballots over
// HTTP from 32 concurrent voters' connections as the page's fetcher sends them; it is killed with
// SIGKILL in the middle. Every vote acknowledged before the kill (a 200 with its receipt) is
// stored, nothing is stored twice, and the recount from the stored ballots equals the tally's
// counters (npm run verify:consultation's check).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { ROOT } from "./support/env";
import { createDatabase, suffix } from "./support/instances";
import { freePort, startApp, stopApp, waitUntilServing, type App } from "./support/processes";
import { sessionCookieName } from "../app/modules/auth/session.server";
import { memberActor } from "../app/modules/auth/member-actor";
import { addOption, addQuestion, createConsultation, openConsultation } from "../app/modules/consultations/commands.server";
import { verifyConsultation } from "../app/modules/consultations/verify.server";
import type { Sql } from "../app/utils/db.server";

const VOTERS = 4_000;
const HOST = "127.0.0.1";

test("killed with SIGKILL during a vote load, the app loses no acknowledged ballot", async ({ request }) => {
  test.setTimeout(120_000);
  const db = await createDatabase("vote_crash");
  const dataDir = path.join(ROOT, `.data/e2e-vote-crash-${suffix()}`);
  const port = await freePort();
  const sql = postgres(db.url, { max: 4, onnotice: () => {} });
  let app: App | undefined;
  try {
    app = startApp({ DATABASE_URL: db.url, PORT: String(port), DATA_DIR: dataDir, RATE_LIMIT: "false", LOG_LEVEL: "warn" });
    await waitUntilServing(request, app, port);

    // An organization on 127.0.0.1, a project in its vote phase, an open secret consultation
    // written through the commands, and voters with sessions (bulk SQL).
    const [org] = await sql`insert into organizations (host, name) values (${HOST}, 'Crash') returning id`;
    const organizationId = Number(org!.id);
    const [official] = await sql`
      insert into users (organization_id, email, name, role, email_confirmed_at, terms_accepted_at)
      values (${organizationId}, 'elu@crash.example', 'Élu', 'official', now(), now()) returning id`;
    const [project] = await sql`
      insert into projects (organization_id, slug, title, body, body_html, kind, status, created_by, published_at)
      values (${organizationId}, 'crash', 'Projet du crash', '{"type":"doc","content":[]}', '', 'urban', 'published', ${official!.id}, now()) returning id`;
    await sql`
      insert into project_phases (organization_id, project_id, kind, starts_on, ends_on)
      values (${organizationId}, ${project!.id}, 'vote', (now() at time zone 'Europe/Paris')::date - 1, (now() at time zone 'Europe/Paris')::date + 30)`;
    const actor = memberActor(organizationId, Number(official!.id), { role: "official" });
    const ok = <T>(r: { ok: true; value: T } | { ok: false; error: string }) => {
      if (!r.ok) throw new Error(r.error);
      return r.value;
    };
    const db2 = sql as unknown as Sql;
    const consultationId = ok(
      await createConsultation(db2, actor, {
        projectId: Number(project!.id),
        title: "Vote sous charge",
        description: "",
        opensAt: new Date(Date.now() - 60_000),
        closesAt: new Date(Date.now() + 3_600_000),
        eligibility: "members",
        minAge: null,
        secrecy: "secret",
        resultsVisibility: "live",
        allowChange: false,
      }),
    ).id;
    const questionId = ok(await addQuestion(db2, actor, { consultationId, title: "Votre choix", description: "", method: "single" })).id;
    const optionIds = [ok(await addOption(db2, actor, { questionId, label: "Oui", description: "", proposalId: null, cost: null })).id];
    optionIds.push(ok(await addOption(db2, actor, { questionId, label: "Non", description: "", proposalId: null, cost: null })).id);
    ok(await openConsultation(db2, actor, { consultationId }));
    await sql`
      insert into users (organization_id, email, name, role, email_confirmed_at, terms_accepted_at)
      select ${organizationId}, 'c' || i || '@crash.example', 'Votant ' || i, 'citizen', now(), now() from generate_series(1, ${VOTERS}) i`;
    await sql`
      insert into sessions (id, organization_id, user_id, secret_hash, expires_at)
      select lpad(u.n::text, 20, 'c'), ${organizationId}, u.id, sha256(convert_to(lpad(u.n::text, 32, 's'), 'UTF8')), now() + interval '1 day'
      from (select id, row_number() over (order by id) as n from users where organization_id = ${organizationId} and role = 'citizen') u`;

    // The load: 32 loops, each posting the next voter's ballot as the page's fetcher does.
    const base = `http://${HOST}:${port}`;
    const acknowledged: string[] = [];
    // Known gap (README): for about a second after a consultation is written behind the app's back
    // (by SQL and commands in this process), its first ballots are answered 404. The last voter
    // votes first, until acknowledged; that ballot counts like the others.
    const last = VOTERS;
    await expect
      .poll(
        async () => {
          const res = await fetch(`${base}/projects/crash/consultations/${consultationId}.data`, {
            method: "POST",
            headers: {
              origin: base,
              cookie: `${sessionCookieName(true)}=${String(last).padStart(20, "c")}.${String(last).padStart(32, "s")}`,
              "content-type": "application/x-www-form-urlencoded",
            },
            body: `intent=vote&q${questionId}=${optionIds[0]}`,
          });
          const receipt = /"([0-9A-HJKMNP-TV-Z]{24})"/.exec(await res.text())?.[1];
          if (res.status === 200 && receipt) acknowledged.push(receipt);
          return res.status;
        },
        { timeout: 15_000, intervals: [250] },
      )
      .toBe(200);
    let sent = 0;
    let failed = 0;
    let next = 0;
    let killed = false;
    const loops = Array.from({ length: 32 }, async () => {
      while (next < VOTERS - 1) {
        const i = next++;
        sent++;
        try {
          const res = await fetch(`${base}/projects/crash/consultations/${consultationId}.data`, {
            method: "POST",
            headers: {
              origin: base,
              cookie: `${sessionCookieName(true)}=${String(i + 1).padStart(20, "c")}.${String(i + 1).padStart(32, "s")}`,
              "content-type": "application/x-www-form-urlencoded",
            },
            body: `intent=vote&q${questionId}=${optionIds[i % 2]}`,
          });
          const body = await res.text();
          const receipt = /"([0-9A-HJKMNP-TV-Z]{24})"/.exec(body)?.[1];
          if (res.status === 200 && receipt) acknowledged.push(receipt);
          else throw new Error(`ballot answered ${res.status}: ${body.slice(0, 200)}`);
        } catch (error) {
          // After the kill: connections refused or reset. Before it, nothing may fail.
          if (!killed) throw error;
          failed++;
          if (failed > 200) return;
        }
      }
    });
    // Kill once a good number of ballots were acknowledged, with requests in flight.
    await expect.poll(() => acknowledged.length, { timeout: 60_000, intervals: [50] }).toBeGreaterThan(300);
    killed = true;
    app.proc.kill("SIGKILL");
    await app.exited;
    await Promise.all(loops);
    expect(failed, "requests in flight at the kill failed").toBeGreaterThan(0);

    // Every acknowledged receipt is a stored ballot; nothing is doubled; the counters agree.
    const ids = acknowledged.map((r) => crypto.createHash("sha256").update(`${r}:${questionId}`).digest("hex"));
    const stored = new Set(
      (await sql`select encode(id, 'hex') as id from consultation_ballots where consultation_id = ${consultationId}`).map((r) => String(r.id)),
    );
    const lost = ids.filter((id) => !stored.has(id));
    expect(lost, `${lost.length} acknowledged ballots lost of ${ids.length}`).toEqual([]);
    // Committed but not acknowledged (the answer died with the process) may exist, never more than were sent.
    expect(stored.size).toBeGreaterThanOrEqual(ids.length);
    expect(stored.size).toBeLessThanOrEqual(sent);
    const [participations] = await sql`select count(*)::int as n from consultation_participations where consultation_id = ${consultationId}`;
    expect(participations!.n).toBe(stored.size);
    const verification = await verifyConsultation(db2, consultationId);
    expect(verification!.differences).toEqual([]);
    console.log(`vote crash: ${sent} sent, ${acknowledged.length} acknowledged before the kill, ${stored.size} stored, 0 lost`);
  } finally {
    if (app) await stopApp(app);
    await sql.end();
    // The app's own database server is the e2e one: only the test database goes.
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
