// Uploads are checked by their content, never by name or declared type: images are decoded and
// re-encoded to WebP by sharp (metadata such as GPS position dropped), PDFs are parsed by pdf-lib.
import crypto from "node:crypto";
import { PDFDocument } from "pdf-lib";
import sharp, { type Metadata } from "sharp";
import type { Db } from "~/utils/db.server";
import { getStorage } from "./storage.server";

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_PDF_BYTES = 20 * 1024 * 1024;
export const IMAGE_WIDTHS = [400, 800, 1600] as const;
const MAX_PIXELS = 50_000_000;
const ACCEPTED_IMAGE_FORMATS = new Set(["jpeg", "png", "webp", "gif", "avif", "heif", "tiff"]);

export type UploadError = "uploads.tooLarge" | "uploads.notImage" | "uploads.notPdf" | "uploads.corrupt" | "uploads.empty";

export class UploadRejected extends Error {
  constructor(
    public readonly code: UploadError,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

export type ImageVariant = { width: number; height: number; key: string; bytes: number };
export type StoredImage = { id: number; url: string; variants: ImageVariant[]; width: number; height: number };
export type StoredDocument = { id: number; url: string; bytes: number; pages: number };

export function uploadUrl(key: string) {
  return `/uploads/${key}`;
}

/** The variant closest above `width`, or the largest. */
export function pickVariant(variants: ImageVariant[], width: number): ImageVariant | undefined {
  const sorted = [...variants].sort((a, b) => a.width - b.width);
  return sorted.find((v) => v.width >= width) ?? sorted.at(-1);
}

export async function storeImage(
  db: Db,
  input: { organizationId: number; uploaderId: number; data: Buffer; originalName: string },
): Promise<StoredImage> {
  if (input.data.length === 0) throw new UploadRejected("uploads.empty");
  if (input.data.length > MAX_IMAGE_BYTES) throw new UploadRejected("uploads.tooLarge", { max: MAX_IMAGE_BYTES / 1024 / 1024 });
  let meta: Metadata;
  try {
    meta = await sharp(input.data, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    throw new UploadRejected("uploads.notImage");
  }
  // SVG can carry scripts; PDFs and the rest are not photos: refuse what is not a raster image.
  if (!meta.format || !ACCEPTED_IMAGE_FORMATS.has(meta.format) || !meta.width || !meta.height) {
    throw new UploadRejected("uploads.notImage");
  }
  const hash = crypto.createHash("sha256").update(input.data).digest("hex");
  const variants: ImageVariant[] = [];
  try {
    const widths: number[] = IMAGE_WIDTHS.filter((w) => w < meta.width!);
    if (widths.length < IMAGE_WIDTHS.length) widths.push(Math.min(meta.width, IMAGE_WIDTHS.at(-1)!));
    for (const width of [...new Set(widths)]) {
      const { data, info } = await sharp(input.data, { limitInputPixels: MAX_PIXELS, failOn: "error" })
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 80 })
        .toBuffer({ resolveWithObject: true });
      const key = `${input.organizationId}/${hash.slice(0, 24)}-${info.width}.webp`;
      await getStorage().put(key, data);
      variants.push({ width: info.width, height: info.height, key, bytes: data.length });
    }
  } catch (error) {
    if (error instanceof UploadRejected) throw error;
    throw new UploadRejected("uploads.corrupt");
  }
  const largest = variants.at(-1)!;
  const [row] = await db`
    insert into uploads (organization_id, uploader_id, kind, content_type, original_name, byte_size, sha256, storage_key, width, height, variants)
    values (${input.organizationId}, ${input.uploaderId}, 'image', 'image/webp', ${input.originalName.slice(0, 255)},
            ${input.data.length}, ${hash}, ${largest.key}, ${largest.width}, ${largest.height},
            ${db.json(variants as never)})
    returning id`;
  return { id: Number(row!.id), url: uploadUrl(pickVariant(variants, 800)!.key), variants, width: largest.width, height: largest.height };
}

export async function storePdf(
  db: Db,
  input: { organizationId: number; uploaderId: number; data: Buffer; originalName: string },
): Promise<StoredDocument> {
  if (input.data.length === 0) throw new UploadRejected("uploads.empty");
  if (input.data.length > MAX_PDF_BYTES) throw new UploadRejected("uploads.tooLarge", { max: MAX_PDF_BYTES / 1024 / 1024 });
  if (input.data.subarray(0, 5).toString("latin1") !== "%PDF-") throw new UploadRejected("uploads.notPdf");
  let pages: number;
  try {
    const pdf = await PDFDocument.load(input.data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
    pages = pdf.getPageCount();
  } catch {
    throw new UploadRejected("uploads.corrupt");
  }
  if (pages < 1) throw new UploadRejected("uploads.corrupt");
  const hash = crypto.createHash("sha256").update(input.data).digest("hex");
  const key = `${input.organizationId}/${hash.slice(0, 24)}.pdf`;
  await getStorage().put(key, input.data);
  const [row] = await db`
    insert into uploads (organization_id, uploader_id, kind, content_type, original_name, byte_size, sha256, storage_key, variants)
    values (${input.organizationId}, ${input.uploaderId}, 'document', 'application/pdf', ${input.originalName.slice(0, 255)},
            ${input.data.length}, ${hash}, ${key}, '[]')
    returning id`;
  return { id: Number(row!.id), url: uploadUrl(key), bytes: input.data.length, pages };
}

/** Reads a multipart file field into memory, refusing it past `max` bytes. */
export async function readFileField(value: FormDataEntryValue | null, max: number): Promise<{ data: Buffer; name: string } | null> {
  if (!value || typeof value === "string") return null;
  if (value.size === 0) return null;
  if (value.size > max) throw new UploadRejected("uploads.tooLarge", { max: Math.round(max / 1024 / 1024) });
  return { data: Buffer.from(await value.arrayBuffer()), name: value.name || "file" };
}
