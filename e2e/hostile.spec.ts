// Hostile and malformed requests against every action of the built app, as an anonymous visitor,
// a citizen and an admin: each answered 4xx (never 5xx) within a bounded time, the process's
// memory about where it was, and the server alive afterwards. The app runs as a process of its
// own here (`node build/server/index.js` on a database of its own), so that its memory can be read
// and a crash cannot take the other specs down with it.
import fs from "node:fs";
import fsp from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import type { ServerBuild } from "@remix-run/node";
import { expect, test } from "./fixtures";
import { APP_PORT, PG_ADMIN_URL, REMIX_SERVER_BUILD, ROOT } from "./support/env";
import { insertProject } from "./support/data";
import { startApp, stopApp, waitUntilServing, type App } from "./support/processes";

test.describe.configure({ mode: "serial" });

const PORT = APP_PORT + 105;
const BASE = `http://localhost:${PORT}`;
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const DB_NAME = `maquette_hostile_${suffix}`;
const DATA_DIR = path.join(ROOT, `.data/e2e-hostile-${suffix}`);
/** Every answer within this (the 50 MiB ones are refused on their declared length). */
const MAX_MS = 3_000;

let app: App;
let admin: postgres.Sql;
let actionPaths: string[] = [];
let paramPaths: string[] = [];
/** Real targets, so that hostile values reach the code past the lookups. */
const ids = { slug: "demo", project: 1, proposal: 1, debate: 1 };
const cookies: Record<"anonymous" | "citizen" | "admin", string> = { anonymous: "", citizen: "", admin: "" };

/** The resident memory of the app's process, in MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Every route path of the build, its params filled ("demo", 1); with `?index` for index routes. */
async function routePaths(): Promise<{ actions: string[]; withParams: string[] }> {
  const build = (await import(pathToFileURL(REMIX_SERVER_BUILD).href)) as ServerBuild;
  const full = (id: string): string => {
    const route = build.routes[id]!;
    const parent = route.parentId ? full(route.parentId) : "";
    return route.path ? `${parent}/${route.path}`.replace(/\/+/g, "/") : parent;
  };
  const actions: string[] = [];
  const withParams: string[] = [];
  for (const [id, route] of Object.entries(build.routes)) {
    const raw = full(id);
    if (raw.includes(":")) withParams.push(raw);
    if (!route.module.action) continue;
    actions.push(`${raw || "/"}${route.index ? "?index" : ""}`);
  }
  return { actions: [...new Set(actions)].sort(), withParams: [...new Set(withParams)].sort() };
}

/** A route path with its params filled with the real targets (or `value` for every id). */
function fill(raw: string, value?: string): string {
  return raw
    .replace(/:slug/g, ids.slug)
    .replace(/:file/g, `${value ?? "projets"}.csv`)
    .replace(/\/proposals\/:id/g, `/proposals/${value ?? ids.proposal}`)
    .replace(/\/debates\/:id/g, `/debates/${value ?? ids.debate}`)
    .replace(/:id/g, value ?? String(ids.project))
    .replace(/\*/g, value ?? "x");
}

/** Every intent the app's forms and actions name (so that a new one is fuzzed without a change here). */
function intentsInSources(): string[] {
  const found = new Set<string>(["delete", "hide", "restore", "dismiss"]);
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const source = fs.readFileSync(file, "utf8");
        for (const match of source.matchAll(/intent: z\.literal\("([\w-]+)"\)|intent === "([\w-]+)"|name="intent" value="([\w-]+)"/g)) {
          found.add(match[1] ?? match[2] ?? match[3]!);
        }
      }
    }
  };
  walk(path.join(ROOT, "app"));
  return [...found].sort();
}

type Answer = { status: number; ms: number; body: string };

/** A request with exactly these bytes on the wire (no client normalisation), answered or cut. */
function send(method: string, target: string, headers: Record<string, string>, body?: Buffer | string): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port: PORT, method, path: target, headers: { Host: `localhost:${PORT}`, ...headers } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk.length + text.length < 200_000 ? chunk : ""));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, ms: Date.now() - started, body: text }));
    });
    request.setTimeout(MAX_MS * 3, () => request.destroy(new Error(`${method} ${target}: no answer`)));
    // A refusal may close the connection before the whole body is written: not an error.
    request.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    if (body !== undefined) request.end(body);
    else request.end();
  });
}

function postForm(target: string, cookie: string, body: Buffer | string, contentType: string | null, extra: Record<string, string> = {}) {
  return send("POST", target, {
    Origin: BASE,
    ...(contentType ? { "Content-Type": contentType } : {}),
    ...(cookie ? { Cookie: cookie } : {}),
    "Content-Length": String(Buffer.byteLength(body)),
    ...extra,
  }, body);
}

async function logIn(email: string, password: string): Promise<string> {
  const answer = await new Promise<string>((resolve, reject) => {
    const body = new URLSearchParams({ email, password, redirectTo: "/" }).toString();
    const request = http.request(
      { host: "127.0.0.1", port: PORT, method: "POST", path: "/login", headers: { Host: `localhost:${PORT}`, Origin: BASE, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        const cookie = (response.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
        resolve(cookie);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
  expect(answer, `logged in as ${email}`).toContain("session");
  return answer;
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  ({ actions: actionPaths, withParams: paramPaths } = await routePaths());
  admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${DB_NAME}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  app = startApp({ PORT: String(PORT), DATABASE_URL: url.toString(), DATA_DIR, DEMO_SEED: "1", RATE_LIMIT: "false", PAGE_CACHE_SECONDS: "0" });
  await waitUntilServing(request, app, PORT);
  cookies.citizen = await logIn("citoyen@maquette.example", "demo-citoyen-2026");
  cookies.admin = await logIn("admin@maquette.example", "demo-admin-2026");

  // A project in its co-construction phase, a proposal and a debate in it, made through the pages.
  const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const [adminRow] = await db`select id, organization_id from users where email = 'admin@maquette.example'`;
    const project = await insertProject(db, {
      organizationId: Number(adminRow!.organization_id),
      createdBy: Number(adminRow!.id),
      title: "Place du marché",
      phases: { co_construction: [-1, 30] },
    });
    Object.assign(ids, { slug: project.slug, project: project.id });
    const proposal = await postForm(`/projects/${project.slug}/proposals/new`, cookies.citizen, "title=Des+bancs&body=Plus+de+bancs&bodyFormat=plain", "application/x-www-form-urlencoded");
    expect(proposal.status, proposal.body.slice(0, 500)).toBe(302);
    const debate = await postForm(`/projects/${project.slug}/debates/new`, cookies.admin, "title=Quels+arbres+%3F&description=Parlons-en", "application/x-www-form-urlencoded");
    expect(debate.status, debate.body.slice(0, 500)).toBe(302);
    const [p] = await db`select id from proposals where project_id = ${project.id}`;
    const [d] = await db`select id from debates where project_id = ${project.id}`;
    Object.assign(ids, { proposal: Number(p!.id), debate: Number(d!.id) });
  } finally {
    await db.end();
  }
});

test.afterAll(async () => {
  if (app) await stopApp(app);
  await admin?.unsafe(`drop database if exists "${DB_NAME}" with (force)`);
  await admin?.end();
  await fsp.rm(DATA_DIR, { recursive: true, force: true });
});

test("every action is found (the list cannot silently shrink)", () => {
  for (const expected of ["/login", "/signup", "/forgot-password", "/comments", "/report", "/uploads", "/admin/settings", "/projects/:slug/proposals/new", "/manage/projects/:id?index"]) {
    expect(actionPaths).toContain(expected);
  }
});

const HOSTILE_BODIES: { label: string; contentType: string | null; body: () => Buffer | string; status: number[] }[] = [
  { label: "huge array index", contentType: "application/x-www-form-urlencoded", body: () => "email[99999999]=x&password=x&name[99999999]=x&body[99999999]=x", status: [400] },
  { label: "huge index, 1,000,000", contentType: "application/x-www-form-urlencoded", body: () => "body[1000000]=x", status: [400] },
  { label: "5,000 fields", contentType: "application/x-www-form-urlencoded", body: () => Array.from({ length: 5000 }, (_, i) => `f${i}=x`).join("&"), status: [400, 413] },
  { label: "JSON", contentType: "application/json", body: () => '{"email":"a@b.fr","password":"x"}', status: [415] },
  { label: "text/plain", contentType: "text/plain", body: () => "email=a@b.fr", status: [415] },
  { label: "no content type", contentType: null, body: () => "email=a@b.fr", status: [415] },
  { label: "malformed multipart", contentType: "multipart/form-data; boundary=zz", body: () => "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", status: [400] },
  { label: "multipart without boundary", contentType: "multipart/form-data", body: () => "x", status: [400] },
  { label: "NUL in a field", contentType: "application/x-www-form-urlencoded", body: () => "email=a%00@b.fr&password=x%00&q=%00", status: [400] },
];

test("hostile bodies on every action, for every kind of visitor: 4xx in bounded time and memory", async () => {
  test.setTimeout(240_000);
  const pid = app.proc.pid!;
  const before = rssMiB(pid);
  const failures: string[] = [];
  for (const who of ["anonymous", "citizen", "admin"] as const) {
    for (const target of actionPaths.map((raw) => fill(raw))) {
      for (const hostile of HOSTILE_BODIES) {
        const answer = await postForm(target, cookies[who], hostile.body(), hostile.contentType);
        if (!hostile.status.includes(answer.status) || answer.ms > MAX_MS) {
          failures.push(`${who} ${target} ${hostile.label}: ${answer.status} in ${answer.ms} ms`);
        }
      }
      // 50 MiB declared (only the first 64 KiB sent): refused at once on its length.
      const big = await send("POST", target, { Origin: BASE, "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(50 * 1024 * 1024), ...(cookies[who] ? { Cookie: cookies[who] } : {}) }, Buffer.alloc(64 * 1024, 0x61));
      if (big.status !== 413 || big.ms > MAX_MS) failures.push(`${who} ${target} 50 MiB: ${big.status} in ${big.ms} ms`);
    }
  }
  expect(failures).toEqual([]);
  const after = rssMiB(pid);
  // What a request of N = 99,999,999 used to cost: gigabytes, then the process. Allow for warm-up.
  expect(after - before, `RSS ${before.toFixed(0)} → ${after.toFixed(0)} MiB`).toBeLessThan(150);
  expect((await send("GET", "/healthz", {})).status).toBe(200);
});

test("malformed requests: 4xx, never 5xx, and /healthz still 200", async () => {
  test.setTimeout(120_000);
  const failures: string[] = [];
  const expect4xx = (label: string, answer: Answer) => {
    if (answer.status < 400 || answer.status >= 500) failures.push(`${label}: ${answer.status}`);
  };
  // Request targets and methods no browser sends.
  for (const [label, bytes] of [
    ["absolute-form target", `GET http://evil.example/ HTTP/1.1\r\nHost: localhost:${PORT}\r\n\r\n`],
    ["TRACE", `TRACE / HTTP/1.1\r\nHost: localhost:${PORT}\r\n\r\n`],
    ["TRACK", `TRACK / HTTP/1.1\r\nHost: localhost:${PORT}\r\n\r\n`],
    ["PUT", `PUT /login HTTP/1.1\r\nHost: localhost:${PORT}\r\nContent-Length: 0\r\n\r\n`],
    ["no Host", `GET / HTTP/1.1\r\n\r\n`],
  ] as const) {
    const line = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(PORT, "127.0.0.1", () => socket.write(bytes));
      let data = "";
      socket.on("data", (c) => (data += c.toString("latin1")));
      socket.on("close", () => resolve(data.split("\r\n")[0] ?? ""));
      socket.on("error", reject);
      setTimeout(() => socket.destroy(), 2_000);
    });
    const status = Number(line.split(" ")[1]);
    if (!(status >= 400 && status < 500)) failures.push(`${label}: ${line}`);
  }
  // Forwarded headers of a proxy that is not trusted, or malformed ones: ignored or refused.
  for (const headers of <Record<string, string>[]>[
    { "X-Forwarded-Host": "evil.example:8443" },
    { "X-Forwarded-Host": "a:99999" },
    { "X-Forwarded-Host": "tiles;evil.example" },
    { "X-Forwarded-Proto": "gopher" },
    { "X-Forwarded-For": "not an ip, 999.1.1.1" },
  ]) {
    const page = await send("GET", "/", headers);
    if (page.status >= 500) failures.push(`GET / ${JSON.stringify(headers)}: ${page.status}`);
    const login = await postForm("/login", "", "email=a%40b.fr&password=x", "application/x-www-form-urlencoded", headers);
    if (login.status >= 500) failures.push(`POST /login ${JSON.stringify(headers)}: ${login.status}`);
  }
  // NUL bytes, broken escapes and out-of-range ids in URLs.
  for (const target of ["/search?q=%00", "/search?q=a%00b&page=1", "/projects/%00", "/projects/%E0%A4%A", "/open-data/%00.csv"]) {
    expect4xx(`GET ${target}`, await send("GET", target, {}));
  }
  for (const raw of paramPaths) {
    for (const value of ["99999999999999999999", "-1", "1e400", "0x10", "%C0%AF", "%ED%A0%80"]) {
      const target = fill(raw, value);
      for (const who of ["anonymous", "admin"] as const) {
        const answer = await send("GET", target, cookies[who] ? { Cookie: cookies[who] } : {});
        if (answer.status >= 500) failures.push(`GET ${target} (${who}): ${answer.status}`);
      }
    }
  }
  // Out-of-range ids, lone surrogates and invalid UTF-8 in every kind of field, on every action.
  const loneSurrogateDoc = JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "PLACEHOLDER" }] }] }).replace(
    "PLACEHOLDER",
    "\\ud800",
  );
  // Two sets of values, each in every field at once: ids out of range, JSON with lone surrogates.
  const huge = "99999999999999999999";
  const geoWithSurrogate = '{"type":"Point","coordinates":[2.35,48.85],"properties":{"name":"\\udfff"}}';
  const valueSets: { ids: Record<string, string>; text: string }[] = [
    { ids: Object.fromEntries(["id", "userId", "targetId", "proposalId", "commentId", "parentId", "page", "cursor"].map((f) => [f, huge])), text: loneSurrogateDoc },
    // Real targets: the hostile texts reach the code that stores them.
    { ids: { id: String(ids.proposal), targetId: String(ids.proposal), proposalId: String(ids.proposal), targetType: "proposal" }, text: loneSurrogateDoc },
  ];
  // Valid values for the other fields an action checks, so that validation reaches the ids and texts.
  const VALID_COMPANIONS: [string, string][] = [["role", "moderator"], ["support", "on"], ["alignment", "neutral"], ["status", "accepted"], ["locale", "fr"], ["type", "proposal"]];
  const textFields = ["body", "description", "summary", "conclusion", "answer", "location", "title", "name", "email", "reason", "q", "mapStyleUrl"];
  const intents = intentsInSources();
  for (const target of actionPaths.map((raw) => fill(raw))) {
    for (const [set, values] of valueSets.entries()) {
      for (const intent of intents) {
        const fields = [["intent", intent], ["bodyFormat", "json"], ...VALID_COMPANIONS, ...Object.entries(values.ids), ...textFields.map((f) => [f, f === "location" ? geoWithSurrogate : values.text])];
        const answer = await postForm(target, cookies.admin, new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded");
        if (answer.status >= 500) failures.push(`POST ${target} intent=${intent} set=${set}: ${answer.status}`);
      }
    }
    // Invalid UTF-8 as raw bytes.
    const invalid = Buffer.concat([Buffer.from("intent=post&body="), Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from("&title=%FF%FE")]);
    const answer = await postForm(target, cookies.citizen, invalid, "application/x-www-form-urlencoded");
    if (answer.status >= 500) failures.push(`POST ${target} invalid UTF-8: ${answer.status}`);
  }
  expect(failures).toEqual([]);
  expect((await send("GET", "/healthz", {})).status).toBe(200);
  expect(app.proc.exitCode).toBeNull();
});
