// GET /uploads/<organization id>/<file>: stored files of the request's organization only, streamed
// with their type, a year of immutable caching (names carry a content hash), nosniff and a
// sandboxing CSP; PDFs download under their (made safe) original name. Anything else is a 404.
import type { Readable } from "node:stream";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { getStorage, isStorageKey } from "~/modules/uploads/storage.server";
import { safeFileName } from "~/modules/uploads/uploads.server";
import { sql } from "~/utils/db.server";

const TYPES: Record<string, string> = { webp: "image/webp", pdf: "application/pdf", glb: "model/gltf-binary" };

function notFoundResponse() {
  return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
}

/**
 * `attachment; filename="ete 2026 - plan.pdf"; filename*=UTF-8''%C3%A9t%C3%A9%202026%20%E2%80%94%20plan.pdf`
 * (RFC 6266 with RFC 8187's encoding): an ASCII fallback in a quoted string for old clients, the
 * exact name percent-encoded for the others. Safe for any stored name (made safe again here).
 */
export function contentDisposition(name: string): string {
  const clean = safeFileName(name, "pdf");
  const ascii = clean
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2010-\u2015]/g, "-")
    // Outside printable ASCII, and the characters a quoted string or a decoder could misread.
    .replace(/[^\x20-\x7e]|["\\%]/g, "_");
  // RFC 8187's attr-char: letters, digits and !#$&+-.^_`|~; everything else is %-encoded.
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Every stored file is served as an inert document: if a browser ever renders one on our origin
 * (a crafted PDF, an image opened on its own), it runs no script, loads nothing, and is in a unique
 * origin that cannot read our cookies or pages. PDFs are downloads (attachment): browsers'
 * PDF viewers do not run under `sandbox` (Chromium's needs scripts), so inline would not even show.
 */
export const FILE_SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
  "X-Content-Type-Options": "nosniff",
  "Cross-Origin-Resource-Policy": "same-origin",
} as const;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const key = params["*"] ?? "";
  if (!isStorageKey(key) || key.slice(0, key.indexOf("/")) !== String(context.org.id)) return notFoundResponse();
  const type = TYPES[key.slice(key.lastIndexOf(".") + 1)];
  if (!type) return notFoundResponse();
  const headers = new Headers({
    "Content-Type": type,
    "Cache-Control": "public, max-age=31536000, immutable",
    ...FILE_SECURITY_HEADERS,
  });
  if (type === "application/pdf") {
    const [row] = await sql`
      select original_name from uploads
      where organization_id = ${context.org.id} and storage_key = ${key} and kind = 'document'
      order by id limit 1`;
    if (!row) return notFoundResponse();
    headers.set("Content-Disposition", contentDisposition(String(row.original_name)));
  }
  const file = await getStorage().read(key);
  if (!file) return notFoundResponse();
  headers.set("Content-Length", String(file.size));
  return new Response(createReadableStreamFromReadable(file.stream as Readable), { status: 200, headers });
}
