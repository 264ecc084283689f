// Uploads: the editor's image upload (officials only, alternative text required) and the serving
// of stored files (this organization's keys only, right headers, no path tricks).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalStorage, setStorageForTests } from "~/modules/uploads/storage.server";
import { storeImage, storePdf } from "~/modules/uploads/uploads.server";
import { createTestOrganization, createTestSession, createTestUser } from "~/test/factories";
import { makeContext, makeRequest } from "~/test/remix";
import { sql } from "~/utils/db.server";
import * as upload from "./uploads";
import * as serve from "../_public+/uploads.$";

type Org = Awaited<ReturnType<typeof createTestOrganization>>;
type User = Awaited<ReturnType<typeof createTestUser>>;

let dir: string;
let orgA: Org;
let orgB: Org;
let official: User;
let citizen: User;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "maquette-uploads-route-"));
  setStorageForTests(new LocalStorage(dir));
  orgA = await createTestOrganization();
  orgB = await createTestOrganization();
  official = await createTestUser(orgA.id, { role: "official" });
  citizen = await createTestUser(orgA.id);
});
afterAll(async () => {
  setStorageForTests(undefined);
  await fs.rm(dir, { recursive: true, force: true });
});

const png = () => sharp({ create: { width: 500, height: 300, channels: 3, background: { r: 200, g: 40, b: 40 } } }).png().toBuffer();

async function post(user: User | null, fields: Record<string, string | File>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  const context = await makeContext(orgA, { token: user ? (await createTestSession(user)).token : null });
  return upload.action({ request: new Request("http://localhost/uploads", { method: "POST", body }), context, params: {} });
}

async function get(org: Org, key: string) {
  const context = await makeContext(org);
  return serve.loader({ request: makeRequest(`/uploads/${key}`), context, params: { "*": key } });
}

describe("POST /uploads (editor images)", () => {
  it("stores an official's image and answers its URL and text alternative", async () => {
    const response = await post(official, { file: new File([new Uint8Array(await png())], "plan.png", { type: "image/png" }), alt: "Plan de la place" });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { url: string; alt: string };
    expect(body.alt).toBe("Plan de la place");
    expect(body.url).toMatch(new RegExp(`^/uploads/${orgA.id}/[a-f0-9]{24}-\\d+\\.webp$`));
  });

  it("refuses citizens and visitors, and requires a text alternative and a real image", async () => {
    const file = () => new File([new Uint8Array(Buffer.from("not an image"))], "x.png", { type: "image/png" });
    expect((await post(citizen, { file: file(), alt: "x" })).status).toBe(403);
    expect((await post(null, { file: file(), alt: "x" })).status).toBe(401);
    const noAlt = await post(official, { file: new File([new Uint8Array(await png())], "a.png"), alt: "  " });
    expect(noAlt.status).toBe(400);
    expect(await noAlt.json()).toEqual({ error: "Décrivez l'image : le texte alternatif est obligatoire.", field: "alt" });
    const quoted = await post(official, { file: new File([new Uint8Array(await png())], "a.png"), alt: 'Plan" onerror="alert(1)' });
    expect(quoted.status).toBe(400);
    expect(((await quoted.json()) as { field: string }).field).toBe("alt");
    const fake = await post(official, { file: file(), alt: "Une image" });
    expect(fake.status).toBe(400);
    expect(((await fake.json()) as { field: string }).field).toBe("file");
    const before = await sql`select count(*)::int as n from uploads where organization_id = ${orgA.id} and uploader_id = ${citizen.id}`;
    expect(before[0]!.n).toBe(0);
  });
});

describe("GET /uploads/<key>", () => {
  it("streams this organization's image with its type and caching headers", async () => {
    const image = await storeImage(sql, { organizationId: orgA.id, uploaderId: official.id, data: await png(), originalName: "p.png" });
    const key = image.url.slice("/uploads/".length);
    const response = await get(orgA, key);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/webp");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect((await sharp(bytes).metadata()).format).toBe("webp");
  });

  it("serves a PDF as a download under its original name", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const stored = await storePdf(sql, { organizationId: orgA.id, uploaderId: official.id, data: Buffer.from(await doc.save()), originalName: "Cahier des charges été.pdf" });
    const response = await get(orgA, stored.url.slice("/uploads/".length));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Cahier des charges ete.pdf"; filename*=UTF-8''Cahier%20des%20charges%20%C3%A9t%C3%A9.pdf`,
    );
    // Path parts go (the backslash is one), controls become a space.
    expect(serve.contentDisposition('a"b\\c\r\n.pdf')).toBe(`attachment; filename="c.pdf"; filename*=UTF-8''c.pdf`);
    expect(serve.contentDisposition('a"b c\r\n.pdf')).toBe(`attachment; filename="a_b c.pdf"; filename*=UTF-8''a%22b%20c.pdf`);
  });

  it("refuses another organization's key, path tricks, unknown files and types", async () => {
    const image = await storeImage(sql, { organizationId: orgA.id, uploaderId: official.id, data: await png(), originalName: "p.png" });
    const key = image.url.slice("/uploads/".length);
    expect((await get(orgB, key)).status).toBe(404);
    const name = key.split("/")[1]!;
    for (const bad of [
      `${orgB.id}/${name}`,
      `${orgA.id}/../${orgB.id}/${name}`,
      `${orgA.id}/..%2f${name}`,
      `../${orgA.id}/${name}`,
      `${orgA.id}/sub/${name}`,
      `${orgA.id}/missing-800.webp`,
      `${orgA.id}/${name.replace(".webp", ".svg")}`,
      `/etc/passwd`,
      "",
    ]) {
      expect((await get(orgA, bad)).status, bad).toBe(404);
    }
  });
});
