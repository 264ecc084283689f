// The admins' form of the town's identity (issue 10, item 3), through /admin/settings's action with
// real multipart bodies and real pictures: SVG, non-images and oversized files are refused with a
// clear message and nothing is stored; PNG/JPEG/WebP are re-encoded to WebP; the banner needs its
// alt text; the welcome text is rich text validated and sanitized like every rich text.
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import * as settingsRoute from "~/routes/_admin+/admin.settings";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { callRoute, dataOf, type RouteFn, statusOf } from "~/test/remix";
import { sql } from "~/utils/db.server";
import { loadTownIdentity } from "./identity.server";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

let org: Org;
let admin: User;

beforeAll(async () => {
  org = await createTestOrganization({ name: "Ville Logo" });
  admin = await createTestUser(org.id, { role: "admin" });
});

const png = (width = 200, height = 80) => sharp({ create: { width, height, channels: 3, background: "#000091" } }).png().toBuffer();
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');

function submit(fields: Record<string, string>, files: Record<string, { data: Buffer; name: string; type: string }> = {}, user: User = admin) {
  const body = new FormData();
  body.set("intent", "identity");
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  for (const [k, f] of Object.entries(files)) body.set(k, new File([new Uint8Array(f.data)], f.name, { type: f.type }));
  const request = new Request("http://localhost/admin/settings", { method: "POST", body });
  return callRoute(settingsRoute.action as RouteFn, { org, user, request });
}

async function stored() {
  const [row] = await sql`select logo_path, logo_upload_id, banner_upload_id, welcome_html from organizations where id = ${org.id}`;
  const [uploads] = await sql`select count(*)::int as n from uploads where organization_id = ${org.id}`;
  return { logo_path: row!.logo_path as string | null, logo_upload_id: row!.logo_upload_id, banner_upload_id: row!.banner_upload_id, welcome_html: row!.welcome_html as string | null, uploads: Number(uploads!.n) };
}

type Reply = { identityErrors: Record<string, string[]> | null; notice: string | null };

describe("the town identity form", () => {
  it("refuses an SVG (even named .png), a file that is not a picture, an oversized logo, a banner without alt text: nothing stored", async () => {
    const before = await stored();
    const cases: [Parameters<typeof submit>, string, string][] = [
      [[{}, { logo: { data: SVG, name: "logo.png", type: "image/png" } }], "logo", "admin:identity.errors.svg"],
      [[{}, { logo: { data: Buffer.from("%PDF-1.4 not a picture"), name: "logo.jpg", type: "image/jpeg" } }], "logo", "admin:identity.errors.notPicture"],
      [[{}, { logo: { data: Buffer.concat([await png(), Buffer.alloc(2 * 1024 * 1024)]), name: "big.png", type: "image/png" } }], "logo", "admin:identity.errors.logoTooLarge"],
      [[{ bannerAlt: "" }, { banner: { data: await png(800, 300), name: "place.png", type: "image/png" } }], "bannerAlt", "admin:identity.errors.altRequired"],
      [[{ "footerLinks[0].label": "Site", "footerLinks[0].href": "javascript:alert(1)" }], "footerLinks", "admin:identity.errors.badLink"],
    ];
    for (const [args, field, key] of cases) {
      const result = await submit(...args);
      expect(statusOf(result)).toBe(400);
      expect(dataOf<Reply>(result).identityErrors?.[field]).toContain(key);
      expect(await stored()).toEqual(before);
    }
    // A valid logo beside a bad banner: nothing stored either.
    const mixed = await submit({}, { logo: { data: await png(), name: "logo.png", type: "image/png" }, banner: { data: SVG, name: "b.svg", type: "image/svg+xml" } });
    expect(statusOf(mixed)).toBe(400);
    expect(await stored()).toEqual(before);
  });

  it("stores a PNG logo and a banner re-encoded as WebP, the welcome rich text sanitized, the footer links; citizens cannot", async () => {
    const welcome = JSON.stringify({
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "Bienvenue à " }, { type: "text", marks: [{ type: "bold" }], text: "Ville Logo" }] }],
    });
    const result = await submit(
      {
        bannerAlt: "La mairie au printemps.",
        welcome,
        welcomeFormat: "json",
        "footerLinks[0].label": "Site de la mairie",
        "footerLinks[0].href": "https://www.ville-logo.example",
        "footerLinks[1].label": "Mentions légales",
        "footerLinks[1].href": "/mentions-legales",
      },
      { logo: { data: await png(), name: "logo.png", type: "image/png" }, banner: { data: await png(900, 300), name: "mairie.jpg", type: "image/png" } },
    );
    expect(statusOf(result)).toBe(200);
    expect(dataOf<Reply>(result).notice).toBe("L'identité de la commune est enregistrée.");
    const row = await stored();
    expect(row.logo_path).toMatch(new RegExp(`^/uploads/${org.id}/[a-z0-9]+-\\d+\\.webp$`));
    expect(row.welcome_html).toBe("<p>Bienvenue à <strong>Ville Logo</strong></p>");
    const identity = await loadTownIdentity(sql, org.id);
    expect(identity.banner?.alt).toBe("La mairie au printemps.");
    expect(identity.welcomeText).toBe("Bienvenue à Ville Logo");
    expect(identity.footerLinks).toEqual([
      { label: "Site de la mairie", href: "https://www.ville-logo.example" },
      { label: "Mentions légales", href: "/mentions-legales" },
    ]);
    const [audit] = await sql`select data from audit_log where organization_id = ${org.id} and action = 'organization.identity' order by id desc limit 1`;
    expect(audit!.data).toMatchObject({ footerLinks: 2, welcomeText: true });

    // A hostile welcome text is refused like every rich text.
    const hostile = await submit({ bannerAlt: "La mairie.", welcome: JSON.stringify({ type: "doc", content: [{ type: "script" }] }), welcomeFormat: "json" });
    expect(statusOf(hostile)).toBe(400);
    expect(dataOf<Reply>(hostile).identityErrors?.welcome?.[0]).toMatch(/^richtext\./);

    const citizen = await createTestUser(org.id);
    expect(statusOf(await submit({}, {}, citizen))).toBe(403);
  });
});
