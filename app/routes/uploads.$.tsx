// GET /uploads/<organization id>/<file>: stored files of the request's organization only, streamed
// with their type, a year of immutable caching (names carry a content hash) and nosniff; PDFs
// open inline under their original name. Anything else is a 404.
import type { Readable } from "node:stream";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { getStorage, isStorageKey } from "~/modules/uploads/storage.server";
import { sql } from "~/utils/db.server";

const TYPES: Record<string, string> = { webp: "image/webp", pdf: "application/pdf" };

function notFoundResponse() {
  return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
}

/** `inline; filename="plan.pdf"; filename*=UTF-8''plan.pdf`, safe for any original name. */
export function contentDisposition(name: string): string {
  const clean =
    Array.from(name)
      .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
      .join("")
      .trim() || "document.pdf";
  const ascii = clean.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const key = params["*"] ?? "";
  if (!isStorageKey(key) || key.slice(0, key.indexOf("/")) !== String(context.org.id)) return notFoundResponse();
  const type = TYPES[key.slice(key.lastIndexOf(".") + 1)];
  if (!type) return notFoundResponse();
  const headers = new Headers({
    "Content-Type": type,
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
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
