import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization, createTestUser } from "~/test/factories";
import { sql } from "~/utils/db.server";
import { LocalStorage, setStorageForTests } from "./storage.server";
import { storeImage, storePdf, UploadRejected } from "./uploads.server";

let dir: string;
let org: { id: number };
let user: { id: number };

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "maquette-storage-"));
  setStorageForTests(new LocalStorage(dir));
  org = await createTestOrganization();
  user = await createTestUser(org.id);
});
afterAll(async () => {
  setStorageForTests(undefined);
  await fs.rm(dir, { recursive: true, force: true });
});

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 20, g: 120, b: 60 } } }).png().toBuffer();

async function countUploads() {
  const [{ count }] = (await sql`select count(*)::int as count from uploads where organization_id = ${org.id}`) as unknown as [
    { count: number },
  ];
  return count;
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UploadRejected) return error.code;
    throw error;
  }
  throw new Error("not rejected");
}

describe("image uploads", () => {
  it("re-encodes an image to WebP in several widths, without upscaling", async () => {
    const image = await storeImage(sql, { organizationId: org.id, uploaderId: user.id, data: await png(1000, 500), originalName: "plan.png" });
    expect(image.variants.map((v) => v.width)).toEqual([400, 800, 1000]);
    for (const v of image.variants) {
      const meta = await sharp(await fs.readFile(path.join(dir, v.key))).metadata();
      expect(meta.format).toBe("webp");
      expect(meta.width).toBe(v.width);
      expect(v.key.startsWith(`${org.id}/`)).toBe(true);
    }
    expect(image.url).toMatch(new RegExp(`^/uploads/${org.id}/[a-f0-9]{24}-800\\.webp$`));
  });

  it("drops EXIF metadata such as a GPS position", async () => {
    const withExif = await sharp(await png(300, 200))
      .jpeg()
      .withExif({ IFD0: { Copyright: "secret-owner" } })
      .toBuffer();
    expect(withExif.includes(Buffer.from("secret-owner"))).toBe(true);
    const image = await storeImage(sql, { organizationId: org.id, uploaderId: user.id, data: withExif, originalName: "photo.jpg" });
    const stored = await fs.readFile(path.join(dir, image.variants[0]!.key));
    expect(stored.includes(Buffer.from("secret-owner"))).toBe(false);
  });

  it("refuses files that lie about being images, SVG, corrupt and oversized files, and stores nothing", async () => {
    const before = await countUploads();
    expect(await rejection(storeImage(sql, { organizationId: org.id, uploaderId: user.id, data: Buffer.from("just text"), originalName: "x.png" }))).toBe(
      "uploads.notImage",
    );
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><rect width="10" height="10"/></svg>');
    expect(await rejection(storeImage(sql, { organizationId: org.id, uploaderId: user.id, data: svg, originalName: "x.png" }))).toBe("uploads.notImage");
    const jpeg = await sharp(await png(400, 400)).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    expect(await rejection(storeImage(sql, { organizationId: org.id, uploaderId: user.id, data: truncated, originalName: "x.jpg" }))).toBe(
      "uploads.corrupt",
    );
    expect(await rejection(storeImage(sql, { organizationId: org.id, uploaderId: user.id, data: Buffer.alloc(11 * 1024 * 1024, 1), originalName: "big.png" }))).toBe(
      "uploads.tooLarge",
    );
    expect(await countUploads()).toBe(before);
  });
});

describe("PDF uploads", () => {
  it("accepts a real PDF and counts its pages", async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage();
    pdf.addPage();
    const doc = await storePdf(sql, { organizationId: org.id, uploaderId: user.id, data: Buffer.from(await pdf.save()), originalName: "cahier.pdf" });
    expect(doc.pages).toBe(2);
    expect(doc.url).toMatch(/\.pdf$/);
  });

  it("refuses a renamed file and a corrupt PDF", async () => {
    const before = await countUploads();
    expect(await rejection(storePdf(sql, { organizationId: org.id, uploaderId: user.id, data: await png(10, 10), originalName: "x.pdf" }))).toBe("uploads.notPdf");
    expect(await rejection(storePdf(sql, { organizationId: org.id, uploaderId: user.id, data: Buffer.from("%PDF-1.7\ngarbage"), originalName: "x.pdf" }))).toBe(
      "uploads.corrupt",
    );
    expect(await countUploads()).toBe(before);
  });
});
