// The app as `npm start` runs it on a machine with several cores: a primary and WEB_CONCURRENCY
// workers (app/server/primary.server.ts). On a database of its own: a comment posted over HTTP
// reaches watchers on both workers; a worker killed with SIGKILL is replaced while the others
// serve; /metrics answers only with its token; the JSON logs carry request ids and no personal
// data; SIGTERM lets the requests in flight finish. A misconfigured WEB_CONCURRENCY stops the
// start with one line.
import http from "node:http";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { APP_PORT } from "./support/env";
import { exitWithin, startApp, stopApp, waitUntilServing, type App } from "./support/processes";
import { childPids, createDatabase, insertMember, insertOpenProject, postComment, sessionCookie, until, watchProject, type Watcher } from "./support/instances";

/** Next to the e2e app's port and to processes.spec's (APP_PORT + 101…104). */
const PORT = APP_PORT + 111;
const TOKEN = "metrics-token-of-the-e2e-cluster";

test.describe.configure({ mode: "default" });

test("a misconfigured WEB_CONCURRENCY stops the start with one line naming it", async () => {
  for (const value of ["0", "-2", "deux"]) {
    const app = startApp({ PORT: String(PORT), WEB_CONCURRENCY: value, DATABASE_URL: "postgres://postgres@127.0.0.1:1/x", LOG_FORMAT: "text" });
    const code = await exitWithin(app, 10_000);
    const lines = app.output().split("\n").filter((l) => l.trim() !== "");
    expect(code, app.output()).toBe(1);
    expect(lines, app.output()).toEqual([`[maquette] failed to start: WEB_CONCURRENCY must be a whole number of workers from 1 to 64 (got "${value}")`]);
  }
});

test("two workers: live events cross workers, a killed worker is replaced, metrics behind a token, logs without personal data, graceful stop", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const database = await createDatabase("maquette_cluster");
  const base = `http://localhost:${PORT}`;
  const watchers: Watcher[] = [];
  let app: App | undefined;
  try {
    app = startApp({ PORT: String(PORT), DATABASE_URL: database.url, WEB_CONCURRENCY: "2", METRICS_TOKEN: TOKEN, LOG_FORMAT: "json", LOG_LEVEL: "info", RATE_LIMIT: "false" });
    await waitUntilServing(request, app, PORT);
    const primary = app.proc.pid!;
    const workers = childPids(primary);
    expect(workers, "a primary and two workers").toHaveLength(2);

    const db = postgres(database.url, { max: 2, onnotice: () => {} });
    const project = await insertOpenProject(db, "localhost");
    const author = await insertMember(db, "localhost", { name: "Aline Secrète" });

    // Six watchers, each on a connection of its own: the primary hands connections to the workers in turn.
    for (let i = 0; i < 6; i++) watchers.push(await watchProject(base, project.id));
    const posted = await postComment(base, author, project.id, "Un banc sous le tilleul.");
    expect(posted.status).toBe(302);
    await until(() => watchers.every((w) => w.events.some((e) => e.type === "comment.posted")), "the event on every watcher");

    // The logged-in member's page and a login by password, then a token in a URL: none of it in the logs.
    const page = await fetch(`${base}/projects/${project.slug}`, { headers: { cookie: sessionCookie(author) } });
    expect(page.status).toBe(200);
    expect(page.headers.get("x-request-id")).toMatch(/^[\w-]{36}$/);
    const login = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
      body: new URLSearchParams({ email: author.email, password: author.password }).toString(),
    });
    expect(login.status).toBe(302);
    const newSession = /=([^;]+)/.exec(login.headers.get("set-cookie") ?? "")?.[1];
    expect(newSession).toBeTruthy();
    const secretToken = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
    await fetch(`${base}/reset-password?token=${secretToken}`);

    // Metrics: 404 without the token or with another; with it, every worker's requests and sockets.
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer not-the-token-of-the-e2e" } })).status).toBe(404);
    const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/maquette_http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/projects\/:slug",status="2xx"\}/);
    expect(text).toMatch(/maquette_http_request_duration_seconds_count\{method="POST",route="\/comments",status="3xx"\} 1\b/);
    expect(text).toMatch(/^maquette_sockets_connected 6$/m);
    expect(text).toMatch(/^maquette_events_outbox_lag_seconds \d/m);
    expect(text).toMatch(/^maquette_mail_outbox_backlog \d+$/m);
    expect(text).toMatch(/^maquette_db_connections\{state="(idle|active)"\} \d+$/m);

    // SIGKILL one worker: its sockets drop (so the watchers were on both), the others stay; another worker starts.
    process.kill(workers[0]!, "SIGKILL");
    await until(() => watchers.some((w) => w.disconnected()), "the killed worker's sockets to drop");
    expect(watchers.some((w) => !w.disconnected()), "the other worker's sockets stay").toBe(true);
    await until(() => childPids(primary).length === 2 && !childPids(primary).includes(workers[0]!), "a new worker");
    await until(() => app!.output().includes(`worker ${workers[0]} exited (SIGKILL); starting another`), "the primary's line");
    for (let i = 0; i < 6; i++) expect((await request.get(`${base}/healthz`)).status()).toBe(200);

    // The logs: JSON, a request id and a route per request; no e-mail, name, password, token or cookie.
    const output = app.output();
    const lines = output.split("\n").filter(Boolean);
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.find((r) => r.route === "/comments")).toMatchObject({ method: "POST", status: 302, reqId: expect.any(String) });
    for (const secret of [author.email, author.name, author.password, author.token, newSession!, secretToken, "tilleul"]) {
      expect(output, `the logs contain ${secret}`).not.toContain(secret);
    }

    // SIGTERM while requests are in flight on kept-alive connections: every one is answered.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 12 });
    const get = () =>
      new Promise<number>((resolve) => {
        http
          .get(`${base}/projects/${project.slug}`, { agent, headers: { cookie: sessionCookie(author) } }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
          })
          .on("error", () => resolve(0));
      });
    await Promise.all(Array.from({ length: 12 }, get)); // the connections, handed to the workers
    // One request on each (more would wait in the client for a connection: not in flight).
    const inFlight = Promise.all(Array.from({ length: 12 }, get));
    await new Promise((r) => setTimeout(r, 100));
    app.proc.kill("SIGTERM");
    const statuses = await inFlight;
    expect(statuses.filter((s) => s !== 200), "answers other than 200").toEqual([]);
    expect(await exitWithin(app, 15_000), app.output().slice(-2000)).toBe(0);
    agent.destroy();
    await db.end();
  } finally {
    for (const w of watchers) w.socket.close();
    if (app) await stopApp(app);
    await database.drop();
  }
});
