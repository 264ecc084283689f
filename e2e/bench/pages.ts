// npm run bench:pages — seeds a large organization on a fresh PostgreSQL, starts the BUILT app on it,
// and measures four pages with autocannon at 10 and 50 connections, twice: as an anonymous visitor
// (what most readers of a project are; the app answers them from its short-lived page cache, as
// in production) and as a logged-in citizen (every page rendered for them, no cache).
// PostgreSQL's own statistics then show the sequential scans on the large tables and the queries
// per request (no N+1).
// Last lines: `bench:pages list_rps=<n> worst_p99_ms=<n>` (anonymous visitors, the figures),
// then `bench:pages:citizen list_rps=<n> worst_p99_ms=<n>` (logged in, rendered every time).
import { spawn, execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import postgres from "postgres";
import { migrate } from "../../db/migrate";
import { startEmbeddedPostgres } from "../../app/utils/embedded-db.server";
import { createSession, sessionCookieName } from "../../app/modules/auth/session.server";
import { seedLargeOrganization } from "./seed-large";

const PORT = Number(process.env.BENCH_PORT ?? 3400);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const BUILD_DIR = process.env.MAQUETTE_BUILD_DIR ?? "build";
const LARGE_TABLES = ["projects", "proposals", "comments", "supports", "users", "project_phases"];

type Visitor = "anonymous" | "citizen";
type Row = { page: string; visitor: Visitor; connections: number; rps: number; p50: number; p99: number; errors: number; cpuMs: number };

/** CPU time (user + system, ms) used so far by a process and its children (the workers): Linux /proc. */
function cpuOfTree(pid: number): number {
  let ticks = 0;
  const visit = (p: number) => {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      for (const child of fs.readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) visit(Number(child));
    } catch {
      // gone meanwhile
    }
  };
  visit(pid);
  return ticks * 10; // USER_HZ is 100 on Linux
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function main() {
  const dataDir = path.resolve(".data/bench/postgres");
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  const pg = await startEmbeddedPostgres({
    dataDir,
    settings: { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track": "all" },
  });
  const sql = postgres(pg.url, { max: 2, onnotice: () => {} });
  let app: ReturnType<typeof spawn> | undefined;
  try {
    await migrate(sql);
    await sql`create extension if not exists pg_stat_statements`;
    console.log("seeding the large organization…");
    const started = Date.now();
    // The organization answers on 127.0.0.1, the address the benchmark calls.
    const org = await seedLargeOrganization(sql, "127.0.0.1");
    console.log(`seeded ${org.projects} projects, ${org.proposals} proposals, ${org.comments} comments in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    if (!fs.existsSync(path.join(BUILD_DIR, "server/index.js"))) execSync("npm run build", { stdio: "inherit" });
    app = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), path.join(BUILD_DIR, "server/index.js")], {
      // WEB_CONCURRENCY as given (default: one worker per core). The request log goes nowhere: the
      // benchmark measures writing it, not a terminal showing it.
      env: { ...process.env, DATABASE_URL: pg.url, PORT: String(PORT), RATE_LIMIT: "false", NODE_ENV: "production", DEMO_SEED: "0", LOG_FORMAT: "json" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await waitForHealth();

    const base = `http://127.0.0.1:${PORT}`;
    const pages: [string, string][] = [
      ["home", "/"],
      ["project", `/projects/${org.bigSlug}`],
      ["proposal list (most supported)", `/projects/${org.bigSlug}/proposals?sort=supported`],
      ["proposal with 500 comments", `/projects/${org.bigSlug}/proposals/${org.busyProposalId}`],
    ];
    // A citizen of the organization, logged in (on 127.0.0.1 the app sets Secure, __Host- cookies).
    const [citizen] = await sql`select id from users where organization_id = ${org.organizationId} and role = 'citizen' order by id limit 1`;
    const { token } = await createSession(sql, { userId: Number(citizen!.id), organizationId: org.organizationId });
    const visitors: [Visitor, Record<string, string>][] = [
      ["anonymous", { host: org.host }],
      ["citizen", { host: org.host, cookie: `${sessionCookieName(true)}=${token}` }],
    ];
    for (const [visitor, headers] of visitors) {
      for (const [, url] of pages) {
        const res = await fetch(base + url, { headers });
        if (res.status !== 200) throw new Error(`${url} answered ${res.status} to the ${visitor}`);
        const html = await res.text();
        const loggedIn = html.includes("/logout");
        if (loggedIn !== (visitor === "citizen")) throw new Error(`${url}: the ${visitor} got the page of ${loggedIn ? "a logged-in" : "an anonymous"} visitor`);
      }
    }
    const seqBefore = await seqScans(sql);
    const rows: Row[] = [];
    const queriesPerRequest: Record<Visitor, number> = { anonymous: 0, citizen: 0 };
    // BENCH_VISITORS=citizen and BENCH_PAGES=list (a part of a page's name) narrow a run while profiling.
    const only = (names: string | undefined, name: string) => !names || names.split(",").some((n) => name.includes(n.trim()));
    for (const [visitor, headers] of visitors.filter(([v]) => only(process.env.BENCH_VISITORS, v))) {
      await sql`select pg_stat_statements_reset()`;
      let requests = 0;
      for (const [name, url] of pages.filter(([n]) => only(process.env.BENCH_PAGES, n))) {
        for (const connections of [10, 50]) {
          const cpuBefore = cpuOfTree(app.pid!);
          // BENCH_KILL_WORKER=1: a worker gets SIGKILL halfway through the citizens' proposal list at 50 connections.
          const kill = process.env.BENCH_KILL_WORKER === "1" && visitor === "citizen" && name.startsWith("proposal list") && connections === 50;
          let killed: number | undefined;
          const killer = kill
            ? setTimeout(() => {
                killed = childrenOf(app!.pid!)[0];
                if (killed) process.kill(killed, "SIGKILL");
              }, (DURATION * 1000) / 2)
            : undefined;
          const result = await autocannon({ url: base + url, connections, duration: DURATION, headers });
          clearTimeout(killer);
          if (kill) {
            const after = childrenOf(app.pid!);
            console.log(
              `killed worker ${killed ?? "-"} halfway: ${result.errors + result.non2xx} failed requests (errors ${result.errors}, non-2xx ${result.non2xx}, timeouts ${result.timeouts}); workers now ${after.join(", ")}${killed && !after.includes(killed) ? " (replaced)" : ""}`,
            );
          }
          requests += result.requests.total;
          const row = {
            page: name,
            visitor,
            connections,
            rps: Math.round(result.requests.average),
            p50: result.latency.p50,
            p99: result.latency.p99,
            errors: result.errors + result.non2xx,
            cpuMs: Math.round(((cpuOfTree(app.pid!) - cpuBefore) / Math.max(1, result.requests.total)) * 100) / 100,
          };
          rows.push(row);
          console.log(`${visitor.padEnd(9)} ${name.padEnd(32)} c=${String(connections).padStart(2)}  ${String(row.rps).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  errors ${row.errors}  cpu ${row.cpuMs} ms/req`);
        }
      }
      const [{ calls }] = (await sql`
        select coalesce(sum(calls), 0)::bigint as calls from pg_stat_statements
        where query not ilike '%pg_stat%' and query not ilike 'select 1%'`) as unknown as [{ calls: string }];
      queriesPerRequest[visitor] = Number(calls) / Math.max(1, requests);
    }
    const seqAfter = await seqScans(sql);
    console.log("\n| page | visitor | connections | req/s | p50 ms | p99 ms | errors | server CPU ms/req |\n|---|---|---|---|---|---|---|---|");
    for (const r of rows) console.log(`| ${r.page} | ${r.visitor} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.cpuMs} |`);
    console.log(`\nqueries per request: anonymous ${queriesPerRequest.anonymous.toFixed(2)}, citizen ${queriesPerRequest.citizen.toFixed(2)}`);
    const scans = LARGE_TABLES.map((t) => `${t} ${(seqAfter[t] ?? 0) - (seqBefore[t] ?? 0)}`).join(", ");
    console.log(`sequential scans during the run: ${scans}`);
    const top = await sql`
      select calls, round(mean_exec_time::numeric, 3) as mean_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
      from pg_stat_statements where query not ilike '%pg_stat%' order by total_exec_time desc limit 8`;
    console.log("\nslowest statements of the citizen runs (total time):");
    for (const q of top) console.log(`  ${String(q.calls).padStart(7)} calls  ${String(q.mean_ms).padStart(7)} ms  ${q.query}`);
    const errors = rows.reduce((n, r) => n + r.errors, 0);
    if (errors > 0) console.log(`\n${errors} requests failed`);
    const summary = (visitor: Visitor) => {
      const mine = rows.filter((r) => r.visitor === visitor && r.connections === 50);
      const list50 = mine.find((r) => r.page.startsWith("proposal list"));
      return `list_rps=${list50?.rps ?? "-"} worst_p99_ms=${mine.length ? Math.max(...mine.map((r) => r.p99)) : "-"}`;
    };
    console.log(`bench:pages:citizen ${summary("citizen")}`);
    console.log(`bench:pages ${summary("anonymous")}`);
  } finally {
    app?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    await sql.end();
    await pg.stop();
  }
}

async function seqScans(sql: postgres.Sql): Promise<Record<string, number>> {
  const rows = await sql`select relname, seq_scan from pg_stat_user_tables where relname in ${sql(LARGE_TABLES)}`;
  return Object.fromEntries(rows.map((r) => [String(r.relname), Number(r.seq_scan)]));
}

async function waitForHealth() {
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the app did not become healthy");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
