// Several instances behind a real proxy (README "Running in production"): Debian's nginx, started
// here on a local port with deploy/nginx/maquette.conf itself (TLS and the port-80 redirect left
// out, the instances' ports put in), its own main config and temp folders; two app instances
// (one with two workers, one single process) on one PostgreSQL database, sharing socket rooms and
// page-cache drops through a real Redis. A comment posted through the proxy reaches watchers on
// both instances; SIGTERM to one instance while writes run through the proxy loses no
// acknowledged write. Skipped, with the reason printed, only when nginx or redis-server is absent
// (CI installs them: .ci/run).
import fs from "node:fs";
import fsp from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { expect, test } from "./fixtures";
import { APP_PORT, ASSETS_DIR, ROOT } from "./support/env";
import { exitWithin, startApp, stopApp, waitUntilServing, type App } from "./support/processes";
import {
  createDatabase,
  insertMember,
  insertOpenProject,
  postComment,
  startProgram,
  until,
  watchProject,
  type Member,
  type Watcher,
} from "./support/instances";

const NGINX = "/usr/sbin/nginx";
const REDIS = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"].find((p) => fs.existsSync(p));
/** Ports: nginx, Redis, instance A, instance B (3662-3665 for `ops`; APP_PORT + 121… by default). */
const [PROXY_PORT, REDIS_PORT, A_PORT, B_PORT] = process.env.E2E_NGINX_PORTS
  ? process.env.E2E_NGINX_PORTS.split(",").map(Number)
  : [APP_PORT + 121, APP_PORT + 122, APP_PORT + 123, APP_PORT + 124];

test.describe.configure({ mode: "default" });

/** deploy/nginx/maquette.conf, made to run here: no TLS, no redirect server, local ports and build. */
function localSite(site: string, ports: { proxy: number; a: number; b: number }, buildRoot: string): string {
  const replace = (text: string, pattern: RegExp, by: string) => {
    if (!pattern.test(text)) throw new Error(`deploy/nginx/maquette.conf no longer has ${pattern}`);
    return text.replace(pattern, by);
  };
  let conf = site;
  conf = replace(conf, /# Plain http: only the redirect to https\.\nserver \{[^}]*\}\n/, "");
  conf = replace(conf, /^ {4}listen 443 ssl http2;$/m, `    listen 127.0.0.1:${ports.proxy};`);
  conf = replace(conf, /^ {4}listen \[::\]:443 ssl http2;\n/m, "");
  conf = replace(conf, /^ {4}ssl_certificate .*\n^ {4}ssl_certificate_key .*\n/m, "");
  conf = replace(conf, /server_name participez\.ville\.example;/g, "server_name localhost;");
  conf = replace(conf, /127\.0\.0\.1:3000/g, `127.0.0.1:${ports.a}`);
  conf = replace(conf, /127\.0\.0\.1:3001/g, `127.0.0.1:${ports.b}`);
  conf = replace(conf, /root \/opt\/maquette\/public;/, `root ${buildRoot};`);
  return conf;
}

function mainConfig(dir: string, site: string): string {
  const temp = (name: string) => path.join(dir, name);
  return [
    // As root (CI containers), nginx would run its workers as nobody, who cannot read the build.
    process.getuid?.() === 0 ? "user root;" : "",
    "worker_processes 1;",
    "daemon off;",
    `pid ${temp("nginx.pid")};`,
    `error_log ${temp("error.log")} warn;`,
    "events { worker_connections 1024; }",
    "http {",
    "  include /etc/nginx/mime.types;",
    "  default_type application/octet-stream;",
    `  access_log ${temp("access.log")};`,
    `  client_body_temp_path ${temp("body")};`,
    `  proxy_temp_path ${temp("proxy")};`,
    `  fastcgi_temp_path ${temp("fastcgi")};`,
    `  uwsgi_temp_path ${temp("uwsgi")};`,
    `  scgi_temp_path ${temp("scgi")};`,
    `  include ${site};`,
    "}",
  ].join("\n");
}

test("two instances behind nginx with Redis: a write through the proxy reaches watchers on both; SIGTERM to one under load loses no acknowledged write", async ({
  request,
}) => {
  const missing = [!fs.existsSync(NGINX) && NGINX, !REDIS && "redis-server"].filter(Boolean);
  // CI (.ci/run) installs both: there, a missing one fails the run instead of skipping the test.
  // On a developer's machine without them, the test is skipped with the reason printed.
  if (process.env.CI) expect(missing, "nginx and redis-server are installed by .ci/run").toEqual([]);
  if (missing.length) console.log(`[nginx.spec] skipped: ${missing.join(" and ")} not installed`);
  test.skip(missing.length > 0, `${missing.join(" and ")} not installed`);
  test.setTimeout(120_000);

  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "maquette-nginx-"));
  const database = await createDatabase("maquette_nginx");
  const apps: App[] = [];
  const watchers: Watcher[] = [];
  let nginx: ReturnType<typeof startProgram> | undefined;
  let redis: ReturnType<typeof startProgram> | undefined;
  const proxy = `http://localhost:${PROXY_PORT}`;
  try {
    // The proxy serves /build/ from the build's folder, as a host with the build does.
    await fsp.mkdir(path.join(dir, "www"));
    await fsp.symlink(ASSETS_DIR, path.join(dir, "www", "build"));
    const site = localSite(await fsp.readFile(path.join(ROOT, "deploy/nginx/maquette.conf"), "utf8"), { proxy: PROXY_PORT!, a: A_PORT!, b: B_PORT! }, path.join(dir, "www"));
    await fsp.writeFile(path.join(dir, "site.conf"), site);
    await fsp.writeFile(path.join(dir, "nginx.conf"), mainConfig(dir, path.join(dir, "site.conf")));

    redis = startProgram(REDIS!, ["--port", String(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir]);
    const shared = {
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
      TRUST_PROXY: "1",
      RATE_LIMIT: "false",
      STORAGE_DIR: path.join(dir, "storage"),
      LOG_LEVEL: "warn",
    };
    apps.push(startApp({ ...shared, PORT: String(A_PORT), WEB_CONCURRENCY: "2", HOST: "127.0.0.1" }));
    apps.push(startApp({ ...shared, PORT: String(B_PORT), WEB_CONCURRENCY: "1", HOST: "127.0.0.1" }));
    await Promise.all([waitUntilServing(request, apps[0]!, A_PORT!), waitUntilServing(request, apps[1]!, B_PORT!)]);

    nginx = startProgram(NGINX, ["-p", dir, "-e", path.join(dir, "error.log"), "-c", path.join(dir, "nginx.conf")]);
    await until(
      () => fetch(`${proxy}/healthz`).then((r) => r.ok, () => false),
      `nginx on :${PROXY_PORT} (${nginx.output()} ${fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : ""})`,
    );

    // Through the proxy: the build's files from nginx with immutable caching, pages from the apps.
    const home = await fetch(`${proxy}/`);
    expect(home.status).toBe(200);
    const script = /\/build\/[^"]+\.js/.exec(await home.text())?.[0];
    expect(script).toBeTruthy();
    const asset = await fetch(`${proxy}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    // nginx's request id reaches the app (TRUST_PROXY) and comes back.
    expect(home.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
    // The upload limit is the app's: nginx refuses more than 32 MiB before the app reads it.
    const tooBig = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${proxy}/uploads`, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(33 * 1024 * 1024) } });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(tooBig).toBe(413);

    const db = postgres(database.url, { max: 2, onnotice: () => {} });
    const project = await insertOpenProject(db, "localhost");
    const members: Member[] = [];
    for (let i = 0; i < 4; i++) members.push(await insertMember(db, "localhost"));

    // Watchers on each instance and through the proxy. The outbox's claim makes exactly one
    // instance deliver each event: a watcher on the other gets it only through Redis.
    watchers.push(await watchProject(`http://localhost:${A_PORT}`, project.id));
    watchers.push(await watchProject(`http://localhost:${B_PORT}`, project.id));
    watchers.push(await watchProject(proxy, project.id));
    const first = await postComment(proxy, members[0]!, project.id, "Par le proxy.");
    expect(first.status).toBe(302);
    await until(() => watchers.every((w) => w.events.some((e) => e.type === "comment.posted")), "the comment's event on every watcher");

    // Writes through the proxy from four members while instance A gets SIGTERM.
    const acknowledged: number[] = [];
    const failures: string[] = [];
    let running = true;
    const writer = async (member: Member, n: number) => {
      for (let i = 0; running; i++) {
        const result = await postComment(proxy, member, project.id, `Écrit ${n}-${i}`);
        if (result.id) acknowledged.push(result.id);
        else failures.push(String(result.status));
      }
    };
    const writers = members.map((m, n) => writer(m, n));
    await until(() => acknowledged.length >= 10, "writes through the proxy", 20_000);
    const beforeStop = acknowledged.length;
    apps[0]!.proc.kill("SIGTERM");
    const code = await exitWithin(apps[0]!, 15_000);
    await until(() => acknowledged.length >= beforeStop + 20, "writes after the stop, through the other instance", 20_000);
    running = false;
    await Promise.all(writers);
    expect(code, apps[0]!.output().slice(-2000)).toBe(0);

    // Every acknowledged comment is in the database, once.
    const stored = await db`select id from comments where id = any(${acknowledged}::bigint[])`;
    expect(stored.map((r) => Number(r.id)).sort((x, y) => x - y)).toEqual([...new Set(acknowledged)].sort((x, y) => x - y));
    console.log(`[nginx.spec] ${acknowledged.length} writes acknowledged, ${failures.length} not (${[...new Set(failures)].join(", ") || "none"})`);
    expect(failures.length, `writes refused or lost in flight: ${failures.join(", ")}`).toBeLessThanOrEqual(4);
    await db.end();
  } finally {
    for (const w of watchers) w.socket.close();
    nginx?.proc.kill("SIGQUIT");
    await Promise.all(apps.map(stopApp));
    redis?.proc.kill("SIGTERM");
    await database.drop();
    await fsp.rm(dir, { recursive: true, force: true });
  }
});
