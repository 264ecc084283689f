// The request guard, through a small Express app wired as app/server/index.ts is: hostile bodies
// and malformed requests are answered 4xx before any action parses them, and what passes reaches
// the handler as a well-formed Fetch Request. Raw sockets send what no HTTP client would.
import http from "node:http";
import net from "node:net";
import express, { type NextFunction, type Request, type Response } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BODY_LIMITS,
  bodyKind,
  checkFormBody,
  isAcceptableFieldName,
  isValidHostHeader,
  malformedRequestRefusal,
  MAX_FIELDS,
  readBoundedBody,
  routePath,
  sendRefusal,
  urlRefusal,
} from "./request-guard.server";
import { createRemixRequest } from "./remix-handler.server";
import { helmetMiddleware, isSameOrigin, mapStyleOrigin, rateLimits } from "./security.server";

let server: http.Server;
let port = 0;
let reached = 0;

beforeAll(async () => {
  const app = express();
  app.use((req: Request, res: Response, next: NextFunction) => {
    const refusal = malformedRequestRefusal(req);
    if (!refusal) return next();
    sendRefusal(req, res, refusal, { closeConnection: true });
  });
  app.use((_req, res, next) => {
    res.locals.locale = "fr";
    next();
  });
  app.use(rateLimits(true));
  app.use(readBoundedBody);
  // Stands for Remix: the request it would get, parsed as an action parses it.
  app.all("*", async (req, res, next) => {
    try {
      reached++;
      const request = createRemixRequest(req, res);
      const fields = request.method === "POST" ? [...(await request.formData()).keys()] : [];
      const forwarded = [...request.headers.keys()].filter((name) => name.startsWith("x-forwarded-"));
      res.json({ url: request.url, fields, forwarded });
    } catch (error) {
      next(error);
    }
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const FORM = "application/x-www-form-urlencoded";

async function post(path: string, body: BodyInit | null, contentType: string | null, headers: Record<string, string> = {}) {
  const before = reached;
  const response = await fetch(`http://localhost:${port}${path}`, {
    method: "POST",
    body,
    headers: { ...(contentType ? { "Content-Type": contentType } : {}), ...headers },
  });
  return { status: response.status, text: await response.text(), reachedHandler: reached > before, headers: response.headers };
}

/** Sends raw bytes and returns the status line of the answer. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
      if (answer.includes("\r\n")) {
        socket.destroy();
        resolve(answer.split("\r\n")[0]!);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(answer.split("\r\n")[0] ?? ""));
  });
}

describe("hostile form bodies never reach the action", () => {
  it.each([
    ["a huge array index (email[99999999])", "email[99999999]=x&password=x"],
    ["an index just above the limit", "phases[1001].title=x"],
    ["a nested huge index", "phases[0].items[123456789]=x"],
    ["an empty index", "email[]=x"],
    ["a NUL in a value", "email=a%00b&password=x"],
    ["a NUL in a name", "em%00ail=x"],
    ["a name of 201 characters", `${"n".repeat(201)}=x`],
  ])("%s: 400, handler not reached", async (_label, body) => {
    const answer = await post("/login", body, FORM);
    expect(answer.status).toBe(400);
    expect(answer.reachedHandler).toBe(false);
    expect(answer.text.length).toBeLessThan(3000);
  });

  it("too many fields: 400 naming the limit", async () => {
    const answer = await post("/comments", Array.from({ length: MAX_FIELDS + 1 }, (_, i) => `f${i}=`).join("&"), FORM);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(String(MAX_FIELDS));
    expect(answer.reachedHandler).toBe(false);
    // 60,000 empty fields under the size limit: refused as fast, by counting separators.
    const many = await post("/comments", "&".repeat(60_000), FORM);
    expect(many.status).toBe(400);
  });

  it("a form at the limits passes, whole, to the handler", async () => {
    const body = `phases[${1000}].title=x&${Array.from({ length: MAX_FIELDS - 1 }, (_, i) => `f${i}=1`).join("&")}`;
    const answer = await post("/manage/projects/new", body, FORM);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).fields).toHaveLength(MAX_FIELDS);
  });

  it.each([
    ["JSON", "application/json", '{"email":"a"}'],
    ["text/plain", "text/plain", "email=a"],
    ["no content type", null, "email=a"],
    ["XML", "application/xml", "<a/>"],
  ])("%s on a form action: 415", async (_label, type, body) => {
    const answer = await post("/login", body, type);
    expect(answer.status).toBe(415);
    expect(answer.reachedHandler).toBe(false);
  });

  it("malformed multipart: 400", async () => {
    for (const [type, body] of [
      ["multipart/form-data; boundary=xx", "garbage"],
      ["multipart/form-data", "--xx\r\n\r\n"],
      ["multipart/form-data; boundary=xx", '--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'],
    ] as const) {
      const answer = await post("/uploads", body, type);
      expect(answer.status, `${type} ${JSON.stringify(body)}`).toBe(400);
      expect(answer.reachedHandler).toBe(false);
    }
  });

  it("a well-formed multipart form passes", async () => {
    const form = new FormData();
    form.append("alt", "Plan");
    form.append("file", new Blob([Buffer.from("%PDF-1.4")], { type: "application/pdf" }), "plan.pdf");
    const answer = await post("/uploads", form, null);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).fields).toEqual(["alt", "file"]);
  });

  it("multipart fields are checked too (huge index, NUL in a file name)", async () => {
    const index = new FormData();
    index.append("documents[99999999]", "x");
    expect((await post("/uploads", index, null)).status).toBe(400);
    const nul = new FormData();
    nul.append("file", new Blob(["x"]), "a\0b.pdf");
    expect((await post("/uploads", nul, null)).status).toBe(400);
  });
});

describe("bodies are bounded per kind of route", () => {
  it("a declared length over the limit: 413 at once, without reading the body", async () => {
    const status = await raw(
      `POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${FORM}\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\nemail=`,
    );
    expect(status).toBe("HTTP/1.1 413 Payload Too Large");
  });

  it("a chunked body is cut as soon as it passes the limit: 413", async () => {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    socket.on("error", () => {});
    socket.write(`POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${FORM}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = "a".repeat(16 * 1024);
    let sent = 0;
    // Chunk after chunk, as a slow client would, until the server answers (or 1 MiB is sent).
    while (!answer && sent < 1024 * 1024 && !socket.destroyed) {
      socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      sent += chunk.length;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 413 Payload Too Large");
    expect(answer).toContain("64 Ko");
    // Answered within a few chunks of the limit: the rest was never read.
    expect(sent).toBeLessThan(BODY_LIMITS.form + 8 * chunk.length);
  });

  it("the limit depends on the route: a 200 KiB rich text passes on a proposal form, not on login", async () => {
    const body = `body=${"a".repeat(200 * 1024)}`;
    expect((await post("/login", body, FORM)).status).toBe(413);
    expect((await post("/projects/parc/proposals/new", body, FORM)).status).toBe(200);
    expect((await post("/manage/projects/12", body, FORM)).status).toBe(200);
  });

  it("the refusal is JSON for a client that asks for it (the editor's image upload)", async () => {
    const answer = await post("/login", `x=${"a".repeat(70 * 1024)}`, FORM, { Accept: "application/json" });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ field: "file" });
  });
});

describe("malformed requests: 4xx, never 5xx", () => {
  it.each([
    ["absolute-form target", "GET http://other.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n", 400],
    ["asterisk target", "OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n", 400],
    ["TRACE", "TRACE / HTTP/1.1\r\nHost: localhost\r\n\r\n", 405],
    ["PUT", "PUT / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n", 405],
    ["DELETE", "DELETE / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n", 405],
    ["a NUL in the query", "GET /search?q=%00 HTTP/1.1\r\nHost: localhost\r\n\r\n", 400],
    ["a NUL in a slug", "GET /projects/a%00b HTTP/1.1\r\nHost: localhost\r\n\r\n", 400],
    ["broken percent-encoding in the path", "GET /projects/%E0%A4%A HTTP/1.1\r\nHost: localhost\r\n\r\n", 400],
    ["a Host with a bad port", "GET / HTTP/1.1\r\nHost: localhost:99999\r\n\r\n", 400],
    ["a Host with a space", "GET / HTTP/1.1\r\nHost: local host\r\n\r\n", 400],
  ])("%s", async (_label, bytes, status) => {
    const line = await raw(bytes);
    expect(line.startsWith(`HTTP/1.1 ${status} `), line).toBe(true);
  });

  it("TRACK (not a method Node's parser knows): 4xx", async () => {
    const line = await raw("TRACK / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    expect(line).toMatch(/^HTTP\/1\.1 4\d\d /);
  });

  it("a foreign X-Forwarded-Host is ignored without a trusted proxy, and not passed on", async () => {
    const response = await fetch(`http://localhost:${port}/`, { headers: { "X-Forwarded-Host": "evil.example:8443", "X-Forwarded-Proto": "https" } });
    expect(response.status).toBe(200);
    const seen = (await response.json()) as { url: string; forwarded: string[] };
    expect(seen.url).toBe(`http://localhost:${port}/`);
    expect(seen.forwarded).toEqual([]);
  });

  it("the same URL checks as pure functions", () => {
    expect(urlRefusal("/search?q=ok")).toBeNull();
    expect(urlRefusal("//login")).toBeNull();
    expect(urlRefusal("/search?q=%2500")).toBeNull(); // a literal "%00" searched for, not a NUL
    expect(urlRefusal("http://x/")?.reason).toBe("absoluteTarget");
    expect(isValidHostHeader("participez.ville.example")).toBe(true);
    expect(isValidHostHeader("[::1]:3000")).toBe(true);
    expect(isValidHostHeader("a,b")).toBe(false);
    expect(isValidHostHeader("a;b")).toBe(false);
  });
});

describe("names and paths", () => {
  it("field names: indices up to the limit, nothing else odd", () => {
    expect(isAcceptableFieldName("phases[12].title")).toBe(true);
    expect(isAcceptableFieldName("phases[1000]")).toBe(true);
    expect(isAcceptableFieldName("phases[1001]")).toBe(false);
    expect(isAcceptableFieldName("a[00001]")).toBe(false);
    expect(isAcceptableFieldName("")).toBe(false);
  });

  it("routePath: the route that runs, whatever the spelling", () => {
    for (const path of ["/login", "/LOGIN", "/Login/", "//login", "/login.data", "/%6Cogin", "/login//"]) {
      expect(routePath(path), path).toBe("/login");
    }
    expect(routePath("/_root.data")).toBe("/");
    expect(bodyKind(routePath("/Manage/Projects/3.data"))).toBe("upload");
    expect(bodyKind(routePath("/projects/parc/proposals/12/edit"))).toBe("richText");
    expect(bodyKind(routePath("/signup"))).toBe("form");
  });

  it("the login rate limit counts /login, /LOGIN/ and /login.data as one route", async () => {
    // An app of its own: the other tests here post to /login too.
    const app = express();
    app.use(rateLimits(true));
    app.all("*", (_req, res) => res.send("ok"));
    const own = http.createServer(app);
    await new Promise<void>((resolve) => own.listen(0, "127.0.0.1", resolve));
    const ownPort = (own.address() as net.AddressInfo).port;
    const statuses: number[] = [];
    const paths = ["/login", "/LOGIN/", "/Login", "/login.data", "//login", "/%6Cogin"];
    for (let i = 0; i < 61; i++) {
      const response = await fetch(`http://localhost:${ownPort}${paths[i % paths.length]}`, { method: "POST", body: "a=1", headers: { "Content-Type": FORM } });
      statuses.push(response.status);
    }
    own.closeAllConnections();
    await new Promise((resolve) => own.close(resolve));
    expect(statuses.slice(0, 60).filter((s) => s !== 200)).toEqual([]);
    expect(statuses[60]).toBe(429);
  });

  it("checkFormBody parses as actions will", async () => {
    expect(await checkFormBody(Buffer.from("a=1&b=2"), FORM)).toBeNull();
    expect((await checkFormBody(Buffer.from("a[2000]=1"), FORM))?.reason).toBe("badFieldName");
  });
});

describe("origins and headers", () => {
  const req = (origin: string | undefined, protocol = "http", host = "localhost:3000") => ({
    method: "POST",
    headers: origin ? { origin } : {},
    protocol,
    get: (name: string) => (name.toLowerCase() === "host" ? host : undefined),
    app: { get: () => false },
  });

  it("the same-origin check compares scheme, host and port", () => {
    expect(isSameOrigin(req("http://localhost:3000") as never)).toBe(true);
    expect(isSameOrigin(req("https://localhost:3000") as never)).toBe(false);
    expect(isSameOrigin(req("http://localhost:3001") as never)).toBe(false);
    expect(isSameOrigin(req("http://evil.example") as never)).toBe(false);
    expect(isSameOrigin(req("https://participez.ville.example", "https", "participez.ville.example") as never)).toBe(true);
    expect(isSameOrigin(req("http://participez.ville.example", "https", "participez.ville.example") as never)).toBe(false);
    expect(isSameOrigin(req(undefined) as never)).toBe(false);
  });

  it("a map style URL the CSP cannot carry never breaks the headers", () => {
    expect(mapStyleOrigin("https://tiles;example.org/style.json")).toBeNull();
    expect(mapStyleOrigin("https://a,b.example/style.json")).toBeNull();
    expect(mapStyleOrigin("https://data.geopf.fr/x.json")).toBe("https://data.geopf.fr");
    // Even handed an origin that slipped through, building the headers does not throw.
    const middleware = helmetMiddleware({ upgradeInsecure: false, mapOrigin: "https://tiles;example.org" });
    const headers = new Map<string, string>();
    const res = { locals: { nonce: "n" }, setHeader: (k: string, v: string) => headers.set(k.toLowerCase(), v), removeHeader: () => {} };
    let error: unknown = "not called";
    middleware({} as never, res as never, (e?: unknown) => (error = e));
    expect(error).toBeUndefined();
    expect(headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(headers.get("content-security-policy")).not.toContain("tiles;example");
  });
});
