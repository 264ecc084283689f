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

export const MAX_FILE_NAME_LENGTH = 120;

// Controls, and the invisible characters that reorder or hide text ("rapport\u202Efdp.exe" shows as
// "rapportexe.pdf"): never part of a name anyone typed on purpose.
// eslint-disable-next-line no-control-regex -- control characters are exactly what we look for
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The name a file is shown and downloaded under, from the name its sender's computer gave it:
 * the last path part only, without controls or invisible characters, spaces collapsed, no leading
 * dots, at most MAX_FILE_NAME_LENGTH characters, ending in `extension` (a PDF saved as "x.html"
 * would open as a web page). Letters of every language, punctuation and symbols are kept: the
 * name is only ever shown as text and sent encoded (see contentDisposition in routes/uploads.$).
 */
export function safeFileName(name: string, extension: string): string {
  const suffix = `.${extension}`;
  let base = (name.split(/[/\\]/).pop() ?? "")
    .replace(LONE_SURROGATES, "")
    .normalize("NFC")
    .replace(INVISIBLE, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+/, "");
  if (base.toLowerCase().endsWith(suffix)) base = base.slice(0, -suffix.length).trimEnd();
  // Cut on code points, so that an accent or an emoji is never split in half.
  const chars = Array.from(base);
  if (chars.length > MAX_FILE_NAME_LENGTH - suffix.length) base = chars.slice(0, MAX_FILE_NAME_LENGTH - suffix.length).join("").trimEnd();
  return `${base || "document"}${suffix}`;
}

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
    values (${input.organizationId}, ${input.uploaderId}, 'image', 'image/webp', ${safeFileName(input.originalName, meta.format === "jpeg" ? "jpg" : meta.format)},
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
    values (${input.organizationId}, ${input.uploaderId}, 'document', 'application/pdf', ${safeFileName(input.originalName, "pdf")},
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
