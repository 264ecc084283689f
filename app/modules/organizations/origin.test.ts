// The canonical origin (the base of links in mails) and the database's last word on it and on the
// maps' style URL (migration 00010).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR } from "../../../db/migrate";
import { normalizeMapStyleUrl } from "~/modules/admin/schema";
import { createFreshDatabase } from "~/modules/admin/testing";
import { createTestOrganization } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { isCanonicalOrigin, isLocalHost, normalizeOrigin, organizationOrigin } from "./origin";
import { findOrganizationByHost, forgetOrganizationCache } from "./queries.server";

describe("organizationOrigin", () => {
  it.each([
    ["ville.example", null, "https://ville.example"],
    ["ville.example", "https://ville.example:8443", "https://ville.example:8443"],
    ["ville.example:8443", null, "https://ville.example:8443"],
    // Local starts (the demo, the end-to-end tests) run over http on the process's port.
    ["localhost", null, "http://localhost:3100"],
    ["demo.localhost", null, "http://demo.localhost:3100"],
    ["127.0.0.1", null, "http://127.0.0.1:3100"],
    ["localhost:4000", null, "http://localhost:4000"],
    ["localhost.example", null, "https://localhost.example"],
    ["notlocalhost", null, "https://notlocalhost"],
  ])("%s, stored %s → %s", (host, stored, expected) => {
    expect(organizationOrigin(host, stored, 3100)).toBe(expected);
  });

  it("knows local hosts", () => {
    expect(["localhost", "a.b.localhost", "127.0.0.1", "localhost:3000"].every(isLocalHost)).toBe(true);
    expect(["localhost.example", "evil-localhost", "127.0.0.2", "ville.example"].some(isLocalHost)).toBe(false);
  });
});

describe("isCanonicalOrigin", () => {
  it.each([
    ["https://ville.example", "ville.example"],
    ["https://ville.example:8443", "ville.example"],
    ["http://localhost:3000", "localhost"],
    ["http://demo.localhost:3000", "demo.localhost"],
    ["https://ville.example", "VILLE.example:443"],
  ])("accepts %s for %s", (origin, host) => {
    expect(isCanonicalOrigin(origin, host)).toBe(true);
  });

  it.each([
    ["http://ville.example", "ville.example"], // http only for local hosts
    ["https://ville.example/", "ville.example"], // trailing slash (normalizeOrigin removes it)
    ["https://ville.example/app", "ville.example"],
    ["https://Ville.example", "ville.example"],
    ["https://ville.example:0", "ville.example"],
    ["https://ville.example:65536", "ville.example"],
    ["https://user@ville.example", "ville.example"],
    ["https://evil.example", "ville.example"], // another host: links would leave the organization
    ["https://ville.example.evil.example", "ville.example"],
    ["javascript:alert(1)", "ville.example"],
    ["https://ville.example?x", "ville.example"],
    ["https://ville.example#x", "ville.example"],
    ["https://ville;example", "ville;example"],
  ])("refuses %s for %s", (origin, host) => {
    expect(isCanonicalOrigin(origin, host)).toBe(false);
  });

  it("normalizes what people type", () => {
    expect(normalizeOrigin("  HTTPS://Ville.Example:8443/ ")).toBe("https://ville.example:8443");
  });
});

describe("normalizeMapStyleUrl", () => {
  it("keeps an https style URL, as the URL parser writes it", () => {
    const ign = "https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json";
    expect(normalizeMapStyleUrl(ign)).toBe(ign);
    expect(normalizeMapStyleUrl("HTTPS://Tiles.Example.org:8443/s.json?key=a;b,c")).toBe("https://tiles.example.org:8443/s.json?key=a;b,c");
    expect(normalizeMapStyleUrl("https://tiles.example.org")).toBe("https://tiles.example.org/");
  });

  it.each([
    "https://tiles;example.org/style.json",
    "https://a,b.example/s.json",
    "http://x.example/s.json",
    "javascript:alert(1)",
    "https://user:pw@x.example/s",
    "https://x.example\n/s.json",
    "https://x.example/\u3000.json",
    "https://x.example:70000/s.json",
    "https://192.168.0.1/s.json",
    "https://example/s.json",
  ])("refuses %s", (value) => {
    expect(normalizeMapStyleUrl(value)).toBeNull();
  });
});

describe("the database's checks (migration 00010)", () => {
  async function refused(statement: () => Promise<unknown>) {
    await expect(statement()).rejects.toMatchObject({ code: "23514" });
  }

  it("refuses a canonical origin that is not https://<its host>[:port] (http for local hosts only)", async () => {
    const org = await createTestOrganization();
    for (const value of ["http://" + org.host, `https://${org.host}/`, `https://${org.host}/x`, "https://evil.example", `https://${org.host.toUpperCase()}`]) {
      await refused(() => sql`update organizations set canonical_origin = ${value} where id = ${org.id}`);
    }
    await sql`update organizations set canonical_origin = ${`https://${org.host}:8443`} where id = ${org.id}`;
    forgetOrganizationCache();
    expect((await findOrganizationByHost(org.host))?.origin).toBe(`https://${org.host}:8443`);
    await sql`update organizations set canonical_origin = null where id = ${org.id}`;
    forgetOrganizationCache();
    expect((await findOrganizationByHost(org.host))?.origin).toBe(`https://${org.host}`);

    const local = await createTestOrganization({ host: `ville-${Date.now().toString(36)}.localhost` });
    await sql`update organizations set canonical_origin = ${`http://${local.host}:3000`} where id = ${local.id}`;
  });

  it("refuses a map style URL the settings form would refuse", async () => {
    const org = await createTestOrganization();
    for (const value of [
      "https://tiles;example.org/style.json",
      "https://a,b.example/s.json",
      "http://x.example/s.json",
      "https://user:pw@x.example/s",
      "/map/style.json",
      "https://x.example/a b.json",
      `https://x.example/${"a".repeat(2048)}`,
    ]) {
      await refused(() => sql`update organizations set map_style_url = ${value} where id = ${org.id}`);
    }
    const ign = "https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json";
    await sql`update organizations set map_style_url = ${ign} where id = ${org.id}`;
    const [row] = await sql`select map_style_url from organizations where id = ${org.id}`;
    expect(row!.map_style_url).toBe(ign);
  });
});

describe("migration 00010 on a database that holds style URLs from before", () => {
  it("sends the style URLs the CSP could not carry back to the built-in basemap, and keeps the others", async () => {
    const db = await createFreshDatabase({ migrated: false });
    const before = await fs.mkdtemp(path.join(os.tmpdir(), "maquette-migrations-"));
    try {
      for (const file of (await fs.readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith(".sql") && f < "00010")) {
        await fs.copyFile(path.join(MIGRATIONS_DIR, file), path.join(before, file));
      }
      await migrate(db.sql, { dir: before });
      const ign = "https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json";
      const values = { "a.example": "https://tiles;example.org/style.json", "b.example": "https://a,b.example/s.json", "c.example": "/map/style.json", "d.example": ign };
      for (const [host, url] of Object.entries(values)) {
        await db.sql`insert into organizations (host, name, map_style_url) values (${host}, ${host}, ${url})`;
      }
      await migrate(db.sql);
      const rows = await db.sql`select host, map_style_url, canonical_origin from organizations order by host`;
      expect(rows.map((r) => [r.host, r.map_style_url, r.canonical_origin])).toEqual([
        ["a.example", null, null],
        ["b.example", null, null],
        ["c.example", null, null],
        ["d.example", ign, null],
      ]);
    } finally {
      await fs.rm(before, { recursive: true, force: true });
      await db.drop();
    }
  }, 60_000);
});
