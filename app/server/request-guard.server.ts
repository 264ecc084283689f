// The request guard: what reaches Remix is a well-formed request with a bounded body.
//
// Every form in Maquette goes through Conform, which turns a field named `email[99999999]` into an
// array of 100 million items, and a refused form's reply echoes the submission back: one anonymous
// 33-byte request could exhaust the heap. Rather than trusting each action to be careful, the
// guard runs in Express before any parsing, once for every route:
//   1. `rejectMalformedRequests`: method, request target, Host headers, NUL bytes and broken
//      percent-encoding in the URL, answered 400/405 before anything else looks at them;
//   2. `readBoundedBody`: writes carry a form content type (415 otherwise), a body under the
//      limit of their kind of route (413, without reading a byte more), at most MAX_FIELDS fields
//      with sane names (no array index above MAX_INDEX, no NUL in any value), and a multipart
//      body that parses (400 otherwise). The body is kept in memory (it is bounded) and becomes
//      the body of the Request Remix sees.
// Refusals are small pages in both languages (the locale may not be known yet), or JSON for a
// client that asks for it (the editor's image upload).
import type { NextFunction, Request, Response } from "express";
import { getT } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";

export const MAX_FIELDS = 1000;
/** The largest array index a field name may carry (`phases[12].title`): far above any real form. */
export const MAX_INDEX = 1000;
export const MAX_FIELD_NAME = 200;

const KiB = 1024;
const MiB = 1024 * KiB;

export type BodyKind = "form" | "richText" | "upload";

/** Body limits per kind of route. Uploads: a 20 MiB PDF plus a 10 MiB cover and the text fields (or a logo and a banner). */
export const BODY_LIMITS: Record<BodyKind, number> = { form: 64 * KiB, richText: 1 * MiB, upload: 32 * MiB };

/**
 * The kind of a route, from its normalised path (see `routePath`). Uploads: the editor's image
 * upload, the officials' project form (cover, documents) and the census import (a CSV of
 * residents). Rich text: the forms whose fields
 * hold tiptap JSON (up to 200 kB each) or long texts.
 */
export function bodyKind(path: string): BodyKind {
  // The admins' settings carry the town's logo and banner (the identity form).
  if (path === "/uploads" || path === "/admin/residents" || path === "/admin/settings" || /^\/manage\/projects\/[^/]+$/.test(path)) return "upload";
  // The officials' 3D scene pages: GLB models (30 MB at most), posters and stills.
  if (/^\/manage\/projects\/[^/]+\/scenes(\/[^/]+)*$/.test(path)) return "upload";
  if (/^\/projects\/[^/]+\/(proposals|debates)\//.test(path) || path.startsWith("/manage/") || path.startsWith("/admin/")) return "richText";
  return "form";
}

/**
 * The path as the router matches it: decoded, lower case, one slash between segments, no
 * trailing slash, without Remix's `.data` suffix. `/LOGIN/`, `//login`, `/%6Cogin` and
 * `/login.data` all run the login route, so they must share its rate limit and body limit.
 */
export function routePath(rawPath: string): string {
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // Broken percent-encoding is refused by rejectMalformedRequests; keep the raw path here.
  }
  path = path.toLowerCase().replace(/\/{2,}/g, "/");
  if (path.endsWith(".data")) path = path.slice(0, -".data".length);
  if (path === "/_root") return "/";
  if (path.length > 1 && path.endsWith("/")) path = path.replace(/\/+$/, "");
  return path || "/";
}

export type RefusalReason =
  | "badRequest"
  | "nul"
  | "method"
  | "absoluteTarget"
  | "badHost"
  | "contentType"
  | "tooLarge"
  | "tooManyFields"
  | "badFieldName"
  | "malformedForm";

export class RequestRefused extends Error {
  constructor(
    readonly status: number,
    readonly reason: RefusalReason,
    readonly values: Record<string, string> = {},
  ) {
    super(reason);
  }
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The refusal's message in one language. */
export function refusalMessage(refusal: RequestRefused, locale: Locale): string {
  const t = getT(locale) as unknown as (key: string, values: Record<string, string>) => string;
  return t(`requestRefused.${refusal.reason}`, refusal.values);
}

/** A small page in the visitor's language when known, else French then English. */
export function refusalPage(refusal: RequestRefused, locale?: Locale): string {
  const locales: Locale[] = locale ? [locale] : ["fr", "en"];
  const sections = locales.map((l, i) => {
    const t = getT(l);
    const heading = i === 0 ? "h1" : "h2";
    return `<section lang="${l}"><${heading}>${escapeHtml(t("requestRefused.title"))}</${heading}><p>${escapeHtml(
      refusalMessage(refusal, l),
    )}</p><p><a href="/">${escapeHtml(t("requestRefused.back"))}</a></p></section>`;
  });
  return `<!doctype html>
<html lang="${locales[0]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${refusal.status} – ${escapeHtml(getT(locales[0]!)("requestRefused.title"))} – Maquette</title>
<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1e1e1e}h1{font-size:1.6rem}a{color:#000091}</style>
</head><body><main>${sections.join("\n")}</main></body></html>`;
}

/** Answers the refusal. A body that was not read is not worth reading: the connection closes. */
export function sendRefusal(req: Request, res: Response, refusal: RequestRefused, options: { locale?: Locale; closeConnection?: boolean } = {}) {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(refusal.status);
  res.set("Cache-Control", "no-store");
  if (refusal.status === 405) res.set("Allow", [...ALLOWED_METHODS].join(", "));
  if (options.closeConnection) res.set("Connection", "close");
  const wantsJson = /\bapplication\/json\b/.test(req.get("accept") ?? "");
  if (wantsJson) {
    res.type("application/json").send(JSON.stringify({ error: refusalMessage(refusal, options.locale ?? "fr"), field: refusal.reason === "tooLarge" ? "file" : undefined }));
  } else {
    res.type("html").send(refusalPage(refusal, options.locale));
  }
}

/** What Maquette answers: pages (GET, HEAD), forms (POST), and OPTIONS. TRACE, TRACK, PUT… are refused. */
export const ALLOWED_METHODS = new Set(["GET", "HEAD", "POST", "OPTIONS"]);

const HOST_HEADER = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** A Host (or X-Forwarded-Host) value we can build a URL from: a host name or IP, an optional port. */
export function isValidHostHeader(value: string): boolean {
  if (value.length > 260 || !HOST_HEADER.test(value)) return false;
  const port = /:(\d{1,5})$/.exec(value)?.[1];
  return port === undefined || Number(port) <= 65535;
}

/** The URL's problem, if any: absolute-form target, NUL byte, broken percent-encoding. */
export function urlRefusal(url: string): RequestRefused | null {
  // `GET http://other/ HTTP/1.1` (absolute form), `OPTIONS *`: only paths on this site.
  if (!url.startsWith("/")) return new RequestRefused(400, "absoluteTarget");
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  if (/%00|\0/i.test(url)) return new RequestRefused(400, "nul");
  try {
    decodeURIComponent(path);
  } catch {
    return new RequestRefused(400, "badRequest");
  }
  if (query !== -1) {
    // URLSearchParams tolerates broken escapes; a NUL hidden as an overlong form or in a key is caught above.
    for (const [key, value] of new URLSearchParams(url.slice(query + 1))) {
      if (key.includes("\0") || value.includes("\0")) return new RequestRefused(400, "nul");
    }
  }
  return null;
}

/**
 * Before anything else: the method, the request target and the host headers. X-Forwarded-Host
 * counts only when the proxy is trusted (TRUST_PROXY); it must then be a valid host.
 */
export function malformedRequestRefusal(req: Pick<Request, "method" | "url" | "headers" | "app">): RequestRefused | null {
  if (!ALLOWED_METHODS.has(req.method)) return new RequestRefused(405, "method");
  const urlProblem = urlRefusal(req.url);
  if (urlProblem) return urlProblem;
  const host = req.headers.host;
  if (typeof host !== "string" || !isValidHostHeader(host)) return new RequestRefused(400, "badHost");
  if (trustsProxy(req)) {
    const forwarded = req.headers["x-forwarded-host"];
    if (forwarded !== undefined) {
      const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() ?? "";
      if (!isValidHostHeader(first)) return new RequestRefused(400, "badHost");
    }
  }
  return null;
}

function trustsProxy(req: Pick<Request, "app">): boolean {
  const setting = req.app.get("trust proxy");
  return setting !== undefined && setting !== false && setting !== 0;
}

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/** The media type of a Content-Type header, lower case, without parameters. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Reads the body up to `limit` bytes; a larger one is refused as soon as it is known to be larger
 * (its declared length, or the bytes read so far). The request is paused, not destroyed, so that
 * the refusal can still be sent; the connection closes after it.
 */
export function readLimitedBody(req: Request, limit: number): Promise<Buffer> {
  const tooLarge = () => new RequestRefused(413, "tooLarge", { max: formatBytes(limit) });
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

function formatBytes(bytes: number): string {
  return bytes >= MiB ? `${Math.round(bytes / MiB)} Mo` : `${Math.round(bytes / KiB)} Ko`;
}

/** `phases[3].title`: every array index at most MAX_INDEX, the name short and without NUL. */
export function isAcceptableFieldName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_FIELD_NAME || name.includes("\0")) return false;
  for (const match of name.matchAll(/\[(\d*)\]/g)) {
    const digits = match[1]!;
    if (digits === "" || digits.length > 4 || Number(digits) > MAX_INDEX) return false;
  }
  return true;
}

/** Checks the fields of a parsed form: their count, names and values. */
export function checkFormFields(entries: Iterable<[string, FormDataEntryValue]>): RequestRefused | null {
  let count = 0;
  for (const [name, value] of entries) {
    if (++count > MAX_FIELDS) return new RequestRefused(400, "tooManyFields", { max: String(MAX_FIELDS) });
    if (!isAcceptableFieldName(name)) return new RequestRefused(400, "badFieldName");
    if (typeof value === "string" ? value.includes("\0") : value.name.includes("\0")) return new RequestRefused(400, "nul");
  }
  return null;
}

/**
 * Parses the form the way the actions will (the platform's own FormData parser), only to check
 * it: a form the guard lets through parses in the action too.
 */
export async function checkFormBody(body: Buffer, contentType: string): Promise<RequestRefused | null> {
  if (mediaType(contentType) === "application/x-www-form-urlencoded") {
    // Counting separators first bounds the work on a body of 60,000 empty fields.
    let separators = 0;
    for (const byte of body) if (byte === 0x26 && ++separators >= MAX_FIELDS) return new RequestRefused(400, "tooManyFields", { max: String(MAX_FIELDS) });
    return checkFormFields(new URLSearchParams(body.toString("utf8")));
  }
  let form: FormData;
  try {
    form = await new Response(body as unknown as BodyInit, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    return new RequestRefused(400, "malformedForm");
  }
  return checkFormFields(form);
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Writes: a form content type, a body within the route's limit, well-formed fields. The body is
 * left in `res.locals.body` for the Remix request. Runs after the locale is known.
 */
export function readBoundedBody(req: Request, res: Response, next: NextFunction) {
  if (!WRITE_METHODS.has(req.method)) return next();
  const locale = res.locals.locale as Locale | undefined;
  const contentType = req.get("content-type");
  const fail = (refusal: RequestRefused, unread: boolean) => sendRefusal(req, res, refusal, { locale, closeConnection: unread });
  if (!FORM_TYPES.has(mediaType(contentType))) return fail(new RequestRefused(415, "contentType"), true);
  const limit = BODY_LIMITS[bodyKind(routePath(req.path))];
  readLimitedBody(req, limit).then(
    async (body) => {
      const refusal = await checkFormBody(body, contentType!);
      if (refusal) return fail(refusal, false);
      res.locals.body = body;
      next();
    },
    (error: unknown) => {
      if (error instanceof RequestRefused) return fail(error, true);
      next(error);
    },
  );
}
