// The CSP is per organization: a map style on another server (IGN's Plan IGN...) has its origin
// allowed in connect-src and img-src, only for that organization's pages; static files keep the
// CSP of no organization. Checked through a small Express app wired as app/server/index.ts is.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOrganizationByHost, forgetOrganizationCache } from "~/modules/organizations/queries.server";
import { createTestOrganization } from "~/test/factories";
import { sql } from "~/utils/db.server";
import {
  contentSecurityDirectives,
  mapStyleOrigin,
  nonceMiddleware,
  organizationSecurityHeaders,
  securityHeaders,
  staticSecurityHeaders,
} from "./security.server";

const IGN_STYLE = "https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json";

let server: http.Server;
let port = 0;
let publicDir = "";
let withStyle: { host: string };
let withoutStyle: { host: string };

beforeAll(async () => {
  withStyle = await createTestOrganization();
  withoutStyle = await createTestOrganization();
  await sql`update organizations set map_style_url = ${IGN_STYLE} where host = ${withStyle.host}`;
  forgetOrganizationCache();

  publicDir = fs.mkdtempSync(path.join(os.tmpdir(), "maquette-csp-"));
  fs.writeFileSync(path.join(publicDir, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  const app = express();
  app.use(nonceMiddleware);
  app.use(express.static(publicDir, { index: false, setHeaders: staticSecurityHeaders }));
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    const org = await findOrganizationByHost(req.hostname ?? "");
    if (!org) {
      securityHeaders(req, res, () => res.status(404).send("unknown host"));
      return;
    }
    res.locals.org = org;
    next();
  });
  app.use(organizationSecurityHeaders);
  app.get("/page", (_req, res) => {
    res.send("page");
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(publicDir, { recursive: true, force: true });
});

/** GET with a Host header of our choosing (the organization is chosen by host name). */
function get(pathname: string, host: string): Promise<{ status: number; csp: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, path: pathname, headers: { Host: host } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, csp: String(res.headers["content-security-policy"] ?? "") }));
    });
    request.on("error", reject);
    request.end();
  });
}

function directive(csp: string, name: string): string[] {
  const found = csp.split(";").find((d) => d.trim().startsWith(`${name} `) || d.trim() === name);
  return found ? found.trim().split(/\s+/).slice(1) : [];
}

describe("a CSP per organization", () => {
  it("allows the map style's origin in connect-src and img-src for an organization that set one", async () => {
    const { status, csp } = await get("/page", withStyle.host);
    expect(status).toBe(200);
    expect(directive(csp, "connect-src")).toEqual(["'self'", "data:", "https://data.geopf.fr"]);
    expect(directive(csp, "img-src")).toEqual(["'self'", "data:", "blob:", "https://data.geopf.fr"]);
    // Tiles are fetched by maplibre's worker, which itself stays our own file.
    expect(directive(csp, "worker-src")).toEqual(["'self'"]);
    expect(directive(csp, "script-src")).toEqual(expect.arrayContaining(["'self'", "'wasm-unsafe-eval'"]));
    expect(directive(csp, "script-src").some((s) => s.startsWith("'nonce-"))).toBe(true);
    expect(csp).not.toContain("geopf.fr/annexes");
  });

  it("allows no other origin for an organization without a style URL", async () => {
    const { status, csp } = await get("/page", withoutStyle.host);
    expect(status).toBe(200);
    expect(directive(csp, "connect-src")).toEqual(["'self'", "data:"]);
    expect(directive(csp, "img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(csp).not.toContain("geopf");
  });

  it("gives static files and unknown hosts the CSP of no organization", async () => {
    const file = await get("/favicon.svg", withStyle.host);
    expect(file.status).toBe(200);
    expect(directive(file.csp, "connect-src")).toEqual(["'self'", "data:"]);
    const unknown = await get("/page", "nobody.invalid");
    expect(unknown.status).toBe(404);
    expect(directive(unknown.csp, "connect-src")).toEqual(["'self'", "data:"]);
  });

  it("follows a change of the setting once the organization cache is forgotten", async () => {
    await sql`update organizations set map_style_url = 'https://tiles.example.org:8443/style.json' where host = ${withoutStyle.host}`;
    forgetOrganizationCache();
    expect(directive((await get("/page", withoutStyle.host)).csp, "connect-src")).toContain("https://tiles.example.org:8443");
    await sql`update organizations set map_style_url = null where host = ${withoutStyle.host}`;
    forgetOrganizationCache();
    expect((await get("/page", withoutStyle.host)).csp).not.toContain("tiles.example.org");
  });
});

describe("mapStyleOrigin", () => {
  it.each([
    [IGN_STYLE, "https://data.geopf.fr"],
    ["https://Tiles.Example.org:8443/a/style.json?key=1", "https://tiles.example.org:8443"],
    ["/map/style.json", null],
    ["http://tiles.example.org/style.json", null],
    ["javascript:alert(1)", null],
    ["not a url", null],
    ["", null],
    [null, null],
  ])("%s → %s", (url, origin) => {
    expect(mapStyleOrigin(url)).toBe(origin);
  });

  it("adds nothing to the directives without an origin", () => {
    const directives = contentSecurityDirectives({ upgradeInsecure: false, mapOrigin: null });
    expect(directives["connect-src"]).toEqual(["'self'", "data:"]);
    expect(directives).not.toHaveProperty("upgrade-insecure-requests");
    expect(contentSecurityDirectives({ upgradeInsecure: true })).toHaveProperty("upgrade-insecure-requests");
  });
});
