// Town identity (public side): the command validates and writes, the home page and the footer read it.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as rootRoute from "~/root";
import * as homeRoute from "~/routes/_public+/_index";
import { LocalStorage, setStorageForTests } from "~/modules/uploads/storage.server";
import { storeImage } from "~/modules/uploads/uploads.server";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { makeContext, makeRequest } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { footerLinksFromStored, isSafeFooterHref } from "./identity";
import { loadTownIdentity, setTownIdentity } from "./identity.server";

let dir: string;
let org: Awaited<ReturnType<typeof createTestOrganization>>;
let other: Awaited<ReturnType<typeof createTestOrganization>>;
let admin: { id: number };

const png = () => sharp({ create: { width: 1200, height: 500, channels: 3, background: { r: 200, g: 160, b: 90 } } }).png().toBuffer();

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "maquette-identity-"));
  setStorageForTests(new LocalStorage(dir));
  org = await createTestOrganization({ name: "Ville d'Ici" });
  other = await createTestOrganization();
  admin = await createTestUser(org.id, { role: "admin" });
});
afterAll(async () => {
  setStorageForTests(undefined);
  await fs.rm(dir, { recursive: true, force: true });
});

async function row(id: number) {
  const [r] = await sql`select banner_upload_id, banner_alt, welcome_text, footer_links from organizations where id = ${id}`;
  return r;
}

describe("footer links", () => {
  it("accepts http(s) pages and this site's paths, refuses the rest", () => {
    expect(isSafeFooterHref("https://www.ville.example/contact")).toBe(true);
    expect(isSafeFooterHref("/conditions")).toBe(true);
    for (const bad of ["javascript:alert(1)", "//evil.example", "https://a b.example", "https://user:pw@ville.example", 'https://x.example/"', "ftp://x.example", "data:text/html,x"]) {
      expect(isSafeFooterHref(bad), bad).toBe(false);
    }
  });

  it("drops stored links that do not validate any more", () => {
    expect(footerLinksFromStored([{ label: "Site", href: "https://ville.example" }, { label: "x", href: "javascript:1" }, "nope"])).toEqual([
      { label: "Site", href: "https://ville.example" },
    ]);
    expect(footerLinksFromStored(null)).toEqual([]);
  });
});

describe("setTownIdentity", () => {
  it("stores the banner with its alt text, the welcome text and the links, and the home page and footer show them", async () => {
    const banner = await storeImage(sql, { organizationId: org.id, uploaderId: admin.id, data: await png(), originalName: "place.png" });
    const result = await setTownIdentity(sql, {
      organizationId: org.id,
      actorId: admin.id,
      bannerUploadId: banner.id,
      identity: {
        welcomeText: "  Bienvenue à tous.  ",
        bannerAlt: "La place un soir d'été",
        footerLinks: [{ label: "Site de la ville", href: "https://www.ville.example" }],
      },
    });
    expect(result).toEqual({ ok: true });
    expect(await row(org.id)).toMatchObject({ banner_upload_id: String(banner.id), banner_alt: "La place un soir d'été", welcome_text: "Bienvenue à tous." });
    const [audit] = await sql`select action from audit_log where organization_id = ${org.id} and action = 'organization.identity'`;
    expect(audit).toBeDefined();

    const context = await makeContext(org);
    const home = (await homeRoute.loader({ request: makeRequest("/"), context, params: {} })) as Awaited<ReturnType<typeof homeRoute.loader>>;
    expect(home.hero.welcomeText).toBe("Bienvenue à tous.");
    expect(home.hero.banner?.alt).toBe("La place un soir d'été");
    expect(home.hero.banner?.srcSet).toMatch(/\.webp \d+w/);
    const root = (await rootRoute.loader({ request: makeRequest("/"), context, params: {} })) as Awaited<ReturnType<typeof rootRoute.loader>>;
    expect(root.footerLinks).toEqual([{ label: "Site de la ville", href: "https://www.ville.example" }]);
  });

  it("refuses bad input with its message and changes nothing", async () => {
    const before = await row(org.id);
    const otherAdmin = await createTestUser(other.id, { role: "admin" });
    const banner = await storeImage(sql, { organizationId: other.id, uploaderId: otherAdmin.id, data: await png(), originalName: "autre.png" });
    const cases = [
      [{ bannerUploadId: null, identity: { welcomeText: "", bannerAlt: "", footerLinks: [{ label: "x", href: "javascript:alert(1)" }] } }, "admin:identity.errors.badLink"],
      [{ bannerUploadId: null, identity: { welcomeText: "a\u0000b", bannerAlt: "", footerLinks: [] } }, "admin:identity.errors.badCharacter"],
      [{ bannerUploadId: null, identity: { welcomeText: "x".repeat(601), bannerAlt: "", footerLinks: [] } }, "admin:identity.errors.welcomeTooLong"],
      [{ bannerUploadId: 1, identity: { welcomeText: "", bannerAlt: "  ", footerLinks: [] } }, "admin:identity.errors.altRequired"],
      // Another organization's image.
      [{ bannerUploadId: banner.id, identity: { welcomeText: "", bannerAlt: "Une image", footerLinks: [] } }, "admin:identity.errors.badBanner"],
      [{ bannerUploadId: null, identity: { welcomeText: "", bannerAlt: "", footerLinks: Array.from({ length: 7 }, () => ({ label: "a", href: "/" })) } }, "admin:identity.errors.tooManyLinks"],
    ] as const;
    for (const [input, message] of cases) {
      const result = await setTownIdentity(sql, { organizationId: org.id, actorId: admin.id, ...input, identity: { ...input.identity, footerLinks: [...input.identity.footerLinks] } });
      expect(result, message).toEqual({ ok: false, errors: [message] });
    }
    expect(await row(org.id)).toEqual(before);
  });

  it("with nothing set, the home page has no banner and the footer no town links", async () => {
    const identity = await loadTownIdentity(sql, other.id);
    expect(identity).toEqual({ banner: null, welcomeText: null, welcomeHtml: null, footerLinks: [] });
  });
});
